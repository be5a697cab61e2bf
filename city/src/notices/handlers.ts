import type { HandlerSlice } from '../web/calls.js';
import type { Queryable } from '../db/engine.js';
import { vapidPublicKey } from './channels/webpush.js';
import type { Outbox } from './outbox.js';

export function noticeHandlers(deps: { outbox: Outbox; db: Queryable }): HandlerSlice {
  return {
    async noticeChannels() {
      const channels = deps.outbox.channels;
      return { channels, webPushKey: channels.includes('webpush') ? await vapidPublicKey(deps.db) : null };
    },
    deadNotices: () => deps.outbox.deadLetters(),
    async retryNotice({ noticeId }) {
      await deps.outbox.retry(noticeId);
      return { ok: true };
    },
  };
}
