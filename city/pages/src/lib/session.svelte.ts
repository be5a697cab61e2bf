import { JunbanError, type CityPrincipal } from '@junban/protocol/screens';
import { call, messageOf } from './api';

/** Who is signed in, as the city server sees it (the session cookie is httpOnly, so we ask). */
class Session {
  staff = $state<CityPrincipal | null>(null);
  /** False until the server has answered once. */
  known = $state(false);
  error = $state<string | null>(null);

  /**
   * Whether this person may enrol and revoke offices. Only tidies the page: the city's permission table is what
   * refuses a city manager's enrolment (403).
   */
  get isAdmin(): boolean {
    return this.staff?.role === 'city-admin';
  }

  async refresh(): Promise<void> {
    try {
      this.staff = await call('cityMe', {});
      this.error = null;
    } catch (err) {
      this.staff = null;
      if (!(err instanceof JunbanError && err.code === 'auth/required')) this.error = messageOf(err);
    } finally {
      this.known = true;
    }
  }

  async signIn(username: string, password: string): Promise<void> {
    this.staff = await call('cityLogin', { username, password });
    this.error = null;
  }

  async signOut(): Promise<void> {
    await call('cityLogout', {});
    this.staff = null;
  }
}

export const session = new Session();
