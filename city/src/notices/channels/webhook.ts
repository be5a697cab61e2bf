/**
 * The city's own webhook: a city connects its SMS gateway (or anything else) by receiving a signed POST per notice
 * (format in docs/city.md). The receiver checks the signature with the shared secret and the timestamp's age, and
 * may drop a repeat by its delivery id: delivery is at least once.
 */
import { createHmac } from 'node:crypto';
import type { NoticeMessage, NoticeTarget } from '@junban/protocol';
import { DeliveryError, type Channel } from '../channel.js';
import { noticeWords } from '../words.js';

export interface WebhookOptions {
  url: string;
  secret: string;
  now?: () => number;
  /** How long the receiver may take to answer (ms). */
  timeoutMs?: number;
}

/** The body a webhook receives. */
export interface WebhookBody {
  id: string;
  kind: NoticeMessage['kind'];
  language: NoticeMessage['language'];
  text: string;
  phone: string;
  statusUrl: string;
  number: string;
  office: NoticeMessage['office'];
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): what `X-Junban-Signature` carries. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookChannel(options: WebhookOptions): Channel<'webhook'> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: 'webhook',
    async deliver(target: Extract<NoticeTarget, { channel: 'webhook' }>, message: NoticeMessage, deliveryId: string) {
      const payload: WebhookBody = {
        id: deliveryId,
        kind: message.kind,
        language: message.language,
        text: noticeWords(message).text,
        phone: target.phone,
        statusUrl: message.statusUrl,
        number: message.number,
        office: message.office,
      };
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(now() / 1000));
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-junban-delivery': deliveryId,
            'x-junban-timestamp': timestamp,
            'x-junban-signature': webhookSignature(options.secret, timestamp, body),
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        // Not the error's own words: they could name the address, never the phone, but keep it plain.
        const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : 'could not reach it';
        throw new DeliveryError(`the webhook: ${why}`, false);
      }
      // The answer's body is not read into the error: a gateway may quote the number back.
      await res.body?.cancel().catch(() => {});
      if (res.ok) return;
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new DeliveryError(`the webhook answered ${res.status}`, permanent);
    },
  };
}
