import { createSubscriber } from 'svelte/reactivity';

/**
 * The time for "n minutes ago" and for kiosk limits that run out. Reading `clock.now` in a template or $derived
 * re-reads it every few seconds, and the timer runs only while something on screen reads it.
 */
class Clock {
  readonly #tick = createSubscriber((update) => {
    const timer = setInterval(update, 5_000);
    return () => clearInterval(timer);
  });

  get now(): number {
    this.#tick();
    return Date.now();
  }
}

export const clock = new Clock();
