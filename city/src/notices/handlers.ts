import type { HandlerSlice } from '../web/calls.js';
import type { Outbox } from './outbox.js';

export function noticeHandlers(deps: { outbox: Outbox }): HandlerSlice {
  return {
    deadNotices: () => deps.outbox.deadLetters(),
    async retryNotice({ noticeId }) {
      await deps.outbox.retry(noticeId);
      return { ok: true };
    },
  };
}
