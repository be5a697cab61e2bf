import { JunbanError } from '@junban/protocol/screens';
import { messageOf } from '$lib/api';

/**
 * One form's conversation with the server: off while a call is on the way (a double click saves once), and
 * afterwards either what was done or why the server refused, with its per-field issues. Every setup form has one
 * and shows it with <Feedback>. What a call changed reaches the page through the live view or a reload, not here.
 */
export class Action {
  busy = $state(false);
  notice = $state<string | null>(null);
  error = $state<string | null>(null);
  issues = $state.raw<{ path: string; message: string }[]>([]);

  /** Run one change; `run` answers what to tell the admin. True when it went through. */
  async run(run: () => Promise<string | void>): Promise<boolean> {
    this.busy = true;
    this.notice = null;
    this.error = null;
    this.issues = [];
    try {
      this.notice = (await run()) ?? null;
      return true;
    } catch (err) {
      this.error = messageOf(err);
      if (err instanceof JunbanError && err.issues) this.issues = err.issues;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
