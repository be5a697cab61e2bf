import { JunbanError, type Principal } from '@junban/protocol/screens';
import { call, messageOf } from './api';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** Who is signed in, as the server sees it (the session cookie is httpOnly, so we ask). */
class Session {
  staff = $state<Staff | null>(null);
  /** False until the server has answered once. */
  known = $state(false);
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      const me = await call('me', {});
      this.staff = me.kind === 'staff' ? me : null;
      this.error = null;
    } catch (err) {
      this.staff = null;
      if (!(err instanceof JunbanError && err.code === 'auth/required')) this.error = messageOf(err);
    } finally {
      this.known = true;
    }
  }

  async signIn(username: string, password: string): Promise<void> {
    const me = await call('login', { username, password });
    this.staff = me.kind === 'staff' ? me : null;
    this.error = null;
  }

  async signOut(): Promise<void> {
    await call('logout', {});
    this.staff = null;
  }
}

export const session = new Session();
