import type { OtherScreen, StaffView } from '@junban/protocol/screens';
import { LiveView } from '$shared/live.svelte';
import { say } from '$shared/staff-words';

/**
 * The office as it is now, for whoever is signed in: one socket per tab, shared by the layout's printer alerts and
 * every page. The layout opens it at sign-in and closes it at sign-out, because the server let the socket in on
 * that person's session cookie.
 */
class StaffLive {
  #connection = $state.raw<LiveView<StaffView> | null>(null);
  #counterId: string | null = null;

  get view(): StaffView | null {
    return this.#connection?.view ?? null;
  }

  get connected(): boolean {
    return this.#connection?.connected ?? false;
  }

  /** Why the live view stopped, in Japanese first like every staff message (the socket's own words are English). */
  get error(): string | null {
    const message = this.#connection?.error ?? null;
    if (message === null) return null;
    if (message === 'auth/required') return say.layout.signInAgain();
    return `${say.layout.liveLost.ja()} / ${message}`;
  }

  /** Other screens already at the counter this one reported: the console warns of two PCs at one counter. */
  get alsoHere(): OtherScreen[] {
    return this.#connection?.alsoHere ?? [];
  }

  /** The counter console says which counter this PC works at; admins see it beside the account. */
  atCounter(counterId: string | null): void {
    this.#counterId = counterId;
    this.#connection?.reportPresence(counterId);
  }

  /** Connect; the returned function disconnects. */
  open(): () => void {
    const connection = new LiveView<StaffView>();
    connection.reportPresence(this.#counterId);
    this.#connection = connection;
    return () => {
      connection.close();
      if (this.#connection === connection) this.#connection = null;
    };
  }
}

export const live = new StaffLive();
