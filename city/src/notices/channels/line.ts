/**
 * The LINE channel: a notice as a message from the city's LINE official account, to a resident who linked their
 * visit to it (the account's webhook tells the city their user id; `verifyLineSignature` checks that webhook).
 *
 * LINE's Messaging API through its own SDK. Each notice carries a retry key derived from its delivery id: when an
 * attempt's answer was lost and the outbox sends again, LINE recognises the key and does not send it twice.
 */
import { createHash } from 'node:crypto';
import { HTTPFetchError, messagingApi, validateSignature } from '@line/bot-sdk';
import { DeliveryError, type Channel } from '../channel.js';
import { retryAfterMs } from './webpush.js';
import { noticeWords } from '../words.js';

export interface LineSettings {
  /** The official account's long-lived channel access token (LINE Developers console). */
  channelAccessToken: string;
  /** The channel secret, which signs LINE's webhook requests to the city (residents linking a visit). */
  channelSecret: string;
  /** The official account's LINE ID (e.g. `@123abcde`), whose chat a resident's page opens to link a visit. */
  accountId: string;
  /** LINE's API; tests point it at a local stand-in. */
  apiBase: string | undefined;
}

/**
 * LINE, when the city configured it (JUNBAN_LINE_CHANNEL_TOKEN, with JUNBAN_LINE_CHANNEL_SECRET and
 * JUNBAN_LINE_ACCOUNT_ID, which residents need to link a visit); otherwise the city offers no LINE notices.
 */
export function readLineEnv(env: NodeJS.ProcessEnv = process.env): LineSettings | undefined {
  const channelAccessToken = env.JUNBAN_LINE_CHANNEL_TOKEN || undefined;
  if (!channelAccessToken) return undefined;
  const channelSecret = env.JUNBAN_LINE_CHANNEL_SECRET || undefined;
  const accountId = env.JUNBAN_LINE_ACCOUNT_ID || undefined;
  // Half a LINE setting is a mistake worth stopping for: without these, nobody could link a visit.
  if (!channelSecret || !accountId) throw new Error('JUNBAN_LINE_CHANNEL_SECRET and JUNBAN_LINE_ACCOUNT_ID must be set with JUNBAN_LINE_CHANNEL_TOKEN.');
  const apiBase = env.JUNBAN_LINE_API_BASE || undefined;
  if (apiBase !== undefined && !URL.canParse(apiBase)) throw new Error(`JUNBAN_LINE_API_BASE must be a URL, not "${apiBase}".`);
  return { channelAccessToken, channelSecret, accountId, apiBase };
}

export function createLineChannel(settings: LineSettings): Channel<'line'> {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: settings.channelAccessToken,
    ...(settings.apiBase ? { baseURL: settings.apiBase } : {}),
  });
  return {
    name: 'line',
    async deliver(target, message, deliveryId) {
      // One text: LINE shows the status link in it as a link, and reads out fine on every device.
      const text = noticeWords(message).text;
      try {
        await client.pushMessage({ to: target.userId, messages: [{ type: 'text', text }] }, lineRetryKey(deliveryId));
      } catch (err) {
        if (err instanceof HTTPFetchError && err.status === 409) return; // this retry key was accepted before: sent
        throw asDeliveryError(err);
      }
    },
  };
}

/**
 * The retry key for one notice: a UUID (LINE's required form) derived from its delivery id, so every attempt of
 * the notice carries the same key without storing it. A name-based UUID, version 5 (RFC 9562), in junban's own
 * namespace. LINE keeps a key for 24 hours, longer than the outbox retries one notice.
 */
export function lineRetryKey(deliveryId: string): string {
  const namespace = Buffer.from('6f1c3e0a9b2d4c5e8f7a1b2c3d4e5f60', 'hex');
  const b = createHash('sha1').update(namespace).update(deliveryId, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What LINE's refusal means (its API reference): 400, the request can never pass (a user id LINE does not know);
 * 401/403, the token is wrong or lacks the right (a city's setup to fix, not a notice to retry); 429 (rate or monthly
 * limit) and 5xx, later. LINE's own message goes into the error; it names fields, never the user.
 */
function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof HTTPFetchError) {
    const status = err.status;
    const permanent = status === 400 || status === 401 || status === 403 || status === 404;
    const said = lineMessage(err.body);
    return new DeliveryError(
      `LINE answered ${status}${said ? `: ${said}` : ''}`,
      permanent,
      permanent ? undefined : retryAfterMs(err.headers.get('retry-after') ?? undefined),
    );
  }
  const code = err instanceof Error && 'cause' in err && err.cause instanceof Error && 'code' in err.cause ? String(err.cause.code) : undefined;
  return new DeliveryError(`LINE could not be reached${code ? ` (${code})` : ''}`, false);
}

function lineMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request to the city's LINE webhook came from LINE: its `x-line-signature` header is the base64
 * HMAC-SHA256 of the raw body (the bytes as received, before any JSON parsing) with the channel secret.
 */
export function verifyLineSignature(channelSecret: string, rawBody: string | Buffer, signatureHeader: string | string[] | undefined): boolean {
  if (typeof signatureHeader !== 'string' || !signatureHeader || !channelSecret) return false;
  return validateSignature(rawBody, channelSecret, signatureHeader);
}
