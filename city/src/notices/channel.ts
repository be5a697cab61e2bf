/**
 * A notice channel: how one kind of contact detail is reached. The outbox (at-least-once delivery, retries with
 * backoff, the dead-letter list) calls `deliver` and decides what to do with its outcome; a channel only delivers.
 */
import type { NoticeChannel, NoticeMessage, NoticeTarget } from '@junban/protocol';

/**
 * A failed delivery. `permanent`: sending it again cannot help (an address refused, a subscription gone).
 * `retryAfterMs`: the receiver said when to try again (HTTP Retry-After, on a 429 or 503); the outbox should not
 * try sooner.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface Channel<C extends NoticeChannel = NoticeChannel> {
  readonly name: C;
  /**
   * Send one notice, or throw (a `DeliveryError`, or anything else, taken as worth retrying). `deliveryId` is the
   * same for every attempt of one notice, so a receiver can drop a repeat. It must not log the contact detail.
   */
  deliver(target: Extract<NoticeTarget, { channel: C }>, message: NoticeMessage, deliveryId: string): Promise<void>;
}
