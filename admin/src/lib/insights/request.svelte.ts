import { messageOf } from '$lib/api';

/**
 * One figure the page asks the server for: the latest answer, or why it failed. Answers that come back after a
 * newer question (the manager changed the dates meanwhile) are dropped, so the screen never shows an old range.
 */
export class Request<T> {
  data = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  #seq = 0;

  async run(ask: () => Promise<T>): Promise<void> {
    const seq = ++this.#seq;
    this.busy = true;
    this.error = null;
    try {
      const answer = await ask();
      if (seq === this.#seq) this.data = answer;
    } catch (err) {
      if (seq === this.#seq) {
        this.error = messageOf(err);
        this.data = null;
      }
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }
}
