import { messageOf } from '$lib/api';

/**
 * One figure the page asks the city for: the latest answer, or why it failed (in Japanese and English). An answer
 * that comes back after a newer question (the manager changed the dates meanwhile) is dropped, so the page never
 * shows one range's figures under another's dates. The office's insights pages keep the same rule.
 */
export class Request<T> {
  data = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  #seq = 0;

  async run(ask: () => Promise<T>): Promise<void> {
    const seq = ++this.#seq;
    this.busy = true;
    try {
      const answer = await ask();
      if (seq === this.#seq) {
        this.data = answer;
        this.error = null;
      }
    } catch (err) {
      if (seq === this.#seq) {
        this.error = messageOf(err);
        this.data = null;
      }
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /** Forget the answer (the question no longer stands), and any answer still on its way. */
  clear(): void {
    this.#seq++;
    this.data = null;
    this.error = null;
    this.busy = false;
  }
}
