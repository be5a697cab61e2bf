/**
 * The Web Push channel: a notice to the browser a resident subscribed from their status page, through that
 * browser's push service (Google's, Mozilla's, Apple's). The payload is encrypted for the browser alone (RFC 8291,
 * aes128gcm), so the push service relays bytes it cannot read; the request is signed with the city's VAPID key
 * (RFC 8292), the key the browser subscribed with, so only this city can push to that subscription.
 *
 * The push endpoint identifies one browser: like any contact detail it appears in no log line and no error.
 */
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { NoticeKind, NoticeMessage } from '@junban/protocol';
import type { Queryable } from '../../db/engine.js';
import { DeliveryError, type Channel } from '../channel.js';
import { noticeWords } from '../words.js';

/**
 * A push service wants a contact for whoever sends (RFC 8292 `sub`). A real city sets its own in
 * JUNBAN_VAPID_SUBJECT (Apple's push service refuses a contact it cannot use); this one serves the demo.
 */
export const DEFAULT_VAPID_SUBJECT = 'mailto:notices@junban.invalid';

export interface WebPushSettings {
  /** `mailto:` or `https:`: who the push services can write to about this city's pushes. */
  subject: string | undefined;
}

export function readWebPushEnv(env: NodeJS.ProcessEnv = process.env): WebPushSettings {
  const subject = env.JUNBAN_VAPID_SUBJECT || undefined;
  if (subject !== undefined && !/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(subject)) {
    throw new Error(`JUNBAN_VAPID_SUBJECT must be a mailto: address or an https: URL, not "${subject}".`);
  }
  return { subject };
}

export interface VapidKeys {
  /** The uncompressed P-256 point, base64url: the `applicationServerKey` a browser subscribes with. */
  publicKey: string;
  privateKey: string;
  /** The subject the pair was made with. */
  subject: string;
}

/**
 * The city's VAPID key pair, made the first time any city process asks. Every process must sign with the same pair
 * (a browser's subscription is bound to the key it subscribed with), so it lives in the database: two processes
 * asking at once both offer a pair, the first insert wins, and both read the winner.
 */
export async function vapidKeys(db: Queryable, subject = DEFAULT_VAPID_SUBJECT, now: () => number = Date.now): Promise<VapidKeys> {
  const read = async () =>
    (await db.query<{ public_key: string; private_key: string; subject: string }>('SELECT public_key, private_key, subject FROM vapid_keys WHERE id = 1'))[0];
  let row = await read();
  if (!row) {
    const offered = webpush.generateVAPIDKeys();
    await db.query('INSERT INTO vapid_keys (id, public_key, private_key, subject, created_at) VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [
      offered.publicKey,
      offered.privateKey,
      subject,
      now(),
    ]);
    row = await read();
    if (!row) throw new Error('the VAPID key pair could not be stored');
  }
  return { publicKey: row.public_key, privateKey: row.private_key, subject: row.subject };
}

/** The public key a resident's browser subscribes with (`applicationServerKey`), for the status page. */
export async function vapidPublicKey(db: Queryable): Promise<string> {
  return (await vapidKeys(db)).publicKey;
}

/**
 * How long a push service keeps a notice for a phone that is off, and how eagerly it wakes one: a call is worth
 * waking for and stale in minutes; a step or a released place can wait for the phone to come back.
 */
const DELIVERY: Record<NoticeKind, { ttlSec: number; urgency: webpush.Urgency }> = {
  called: { ttlSec: 180, urgency: 'high' },
  no_show_soon: { ttlSec: 120, urgency: 'high' },
  check_in_soon: { ttlSec: 600, urgency: 'high' },
  ahead: { ttlSec: 600, urgency: 'high' },
  step: { ttlSec: 1800, urgency: 'normal' },
  released: { ttlSec: 3600, urgency: 'normal' },
  booking_tomorrow: { ttlSec: 6 * 3600, urgency: 'normal' },
  booking_soon: { ttlSec: 1800, urgency: 'high' },
  card_ready: { ttlSec: 86_400, urgency: 'normal' },
  documents_ready: { ttlSec: 3600, urgency: 'high' },
};

/** What the status page's service worker receives and shows (`title`, `body`; a tap opens `url`). */
export interface WebPushPayload {
  kind: NoticeKind;
  lang: string;
  /**
   * The delivery id, for the notification's `tag`: a push service keeps no key to drop a repeat, so when the outbox
   * sends a notice twice (an answer lost), the second notification replaces the first on the phone.
   */
  tag: string;
  title: string;
  body: string;
  url: string;
}

export interface WebPushChannelOptions {
  db: Queryable;
  /** Overrides the subject the key pair was made with (JUNBAN_VAPID_SUBJECT); the keys stay the same. */
  subject?: string | undefined;
  /** Give up on a push service that does not answer; the outbox tries again later. */
  timeoutMs?: number;
  /** The TLS agent for push services (tests: one that trusts the local push service's certificate). */
  agent?: Agent;
  now?: () => number;
}

export function createWebPushChannel(options: WebPushChannelOptions): Channel<'webpush'> {
  let keys: Promise<VapidKeys> | undefined;
  const loadKeys = () => {
    keys ??= vapidKeys(options.db, options.subject ?? DEFAULT_VAPID_SUBJECT, options.now).catch((err: unknown) => {
      keys = undefined; // a database hiccup now must not stop every later notice
      throw err;
    });
    return keys;
  };

  return {
    name: 'webpush',
    async deliver(target, message, deliveryId) {
      const { publicKey, privateKey, subject } = await loadKeys();
      const words = noticeWords(message);
      const payload: WebPushPayload = {
        kind: message.kind,
        lang: message.language,
        title: words.subject,
        body: words.body,
        url: message.statusUrl,
        tag: deliveryId,
      };
      const { ttlSec, urgency } = DELIVERY[message.kind];
      try {
        await webpush.sendNotification(target.subscription, JSON.stringify(payload), {
          vapidDetails: { subject: options.subject ?? subject, publicKey, privateKey },
          contentEncoding: 'aes128gcm',
          TTL: ttlSec,
          urgency,
          // A later notice of the same visit replaces one the phone has not fetched yet: only the latest matters.
          topic: visitTopic(message),
          timeout: options.timeoutMs ?? 10_000,
          ...(options.agent ? { agent: options.agent } : {}),
        });
      } catch (err) {
        throw asDeliveryError(err, options.now ?? Date.now);
      }
    },
  };
}

/** A push topic (≤ 32 base64url characters) per visit, from its status page's address, which it does not reveal. */
function visitTopic(message: NoticeMessage): string {
  return createHash('sha256').update(message.statusUrl).digest('base64url').slice(0, 32);
}

/**
 * What a push service's refusal means (RFC 8030 and the services' docs): 404/410, the subscription is gone (the
 * resident unsubscribed or the browser dropped it); 400/403/413, this request can never pass (a subscription made
 * for another key, a payload too large); 429 and 5xx, later, not sooner than Retry-After.
 */
function asDeliveryError(err: unknown, now: () => number): DeliveryError {
  if (err instanceof webpush.WebPushError) {
    const status = err.statusCode;
    if (status === 404 || status === 410) return new DeliveryError(`the push subscription is gone (${status})`, true);
    if (status === 400 || status === 403 || status === 413) return new DeliveryError(`the push service refused the notice (${status})`, true);
    return new DeliveryError(`the push service answered ${status}`, false, retryAfterMs(err.headers['retry-after'], now));
  }
  // Thrown before sending: the subscription's keys are not a browser's (they never will be).
  if (err instanceof Error && /subscription|p256dh|auth/i.test(err.message) && !('code' in err)) {
    return new DeliveryError('the push subscription is not valid', true);
  }
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  return new DeliveryError(`the push service could not be reached${code ? ` (${code})` : ''}`, false);
}

/** HTTP Retry-After (seconds, or a date), in milliseconds from now. */
export function retryAfterMs(header: string | string[] | undefined, now: () => number = Date.now): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
