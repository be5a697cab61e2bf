/**
 * Web Push and LINE notices, each sent to a real stand-in: a local push service that checks the VAPID signature
 * and decrypts the payload as a browser would, and a local LINE API that checks each request against LINE's
 * published format.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { NoticeMessage } from '@junban/protocol';
import { openPglite, openPostgres } from '../src/db/engine.js';
import { migrate } from '../src/db/migrations.js';
import { DeliveryError } from '../src/notices/channel.js';
import { createLineChannel, lineRetryKey, readLineEnv, verifyLineSignature } from '../src/notices/channels/line.js';
import { createWebPushChannel, DEFAULT_VAPID_SUBJECT, readWebPushEnv, vapidKeys, vapidPublicKey } from '../src/notices/channels/webpush.js';
import { startLineApi, type LineApi } from '../src/bench/stand-ins/line-api.js';
import { startPushService, type PushService } from '../src/bench/stand-ins/push-service.js';
import { engines, freshPostgresDatabase } from './support.js';

function notice(over: Partial<NoticeMessage> = {}): NoticeMessage {
  return {
    kind: 'called',
    language: 'en',
    office: { ja: '中央市民窓口', en: 'Central citizen office' },
    number: 'A-012',
    counter: { ja: '3番窓口', en: 'Counter 3' },
    statusUrl: 'https://city.example.jp/status/7Hq2xZ',
    ...over,
  };
}

/** A city database on `engine`, migrated, and how to open a second process's connections to it. */
async function cityDatabase(engine: { url: string | undefined }) {
  if (!engine.url) {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, another: undefined, drop: () => db.close() };
  }
  const fresh = await freshPostgresDatabase(engine.url);
  const db = openPostgres(fresh.url);
  await migrate(db);
  return { db, another: () => openPostgres(fresh.url), drop: async () => (await db.close(), await fresh.drop()) };
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe.each(engines)('Web Push notices on $name', (engine) => {
  let city: Awaited<ReturnType<typeof cityDatabase>>;
  let push: PushService;
  beforeAll(async () => {
    city = await cityDatabase(engine);
    push = await startPushService();
  });
  afterAll(async () => {
    await push.close();
    await city.drop();
  });

  const channel = () => createWebPushChannel({ db: city.db, agent: push.agent });

  it("reaches the resident's browser signed with the city's key, and reads, once decrypted, in the resident's language", async () => {
    const subscription = push.subscribe(await vapidPublicKey(city.db));
    await channel().deliver({ channel: 'webpush', subscription }, notice({ language: 'ja' }), 'delivery-1');
    await channel().deliver({ channel: 'webpush', subscription }, notice({ kind: 'ahead', ahead: 3, counter: undefined }), 'delivery-2');

    const [called, ahead] = push.received.filter((r) => r.subscriptionId === subscription.id);
    expect(called!.payload).toEqual({
      kind: 'called',
      lang: 'ja',
      title: 'A-012 番の方、3番窓口 へお越しください',
      body: expect.stringContaining('中央市民窓口：番号 A-012 をお呼びしました。3番窓口 へお越しください。'),
      url: 'https://city.example.jp/status/7Hq2xZ',
      tag: 'delivery-1',
    });
    expect(ahead!.payload).toMatchObject({
      kind: 'ahead',
      lang: 'en',
      title: 'Your turn is coming (A-012)',
      body: expect.stringContaining('3 people are ahead'),
    });
    // A call wakes the phone and is stale in minutes; the signature names the city's contact and this service.
    expect(called).toMatchObject({ urgency: 'high', ttl: 180, vapid: { sub: DEFAULT_VAPID_SUBJECT } });
    expect(new URL(subscription.endpoint).origin).toBe(called!.vapid.aud);
    expect(called!.topic).toMatch(/^[\w-]{32}$/);
  });

  it('is refused when signed with another key: a subscription belongs to the key it was made for, and a forged signature fails', async () => {
    const other = webpush.generateVAPIDKeys();
    // A subscription made for another server's key (another city's, say): the city's push is not for it.
    const theirs = push.subscribe(other.publicKey);
    const refused = await failure(channel().deliver({ channel: 'webpush', subscription: theirs }, notice(), 'd-x'));
    expect(refused).toMatchObject({ permanent: true, message: expect.stringContaining('403') });
    // The city's public key named, but the token signed with another private key.
    const ours = push.subscribe(await vapidPublicKey(city.db));
    const forged = webpush.sendNotification(ours, '{}', {
      vapidDetails: { subject: DEFAULT_VAPID_SUBJECT, publicKey: await vapidPublicKey(city.db), privateKey: other.privateKey },
      agent: push.agent,
      TTL: 60,
    });
    await expect(forged).rejects.toMatchObject({ statusCode: 401 });
    expect(push.refused.map((r) => r.reason)).toContain('the vapid signature does not verify');
    expect(push.received.some((r) => r.subscriptionId === theirs.id || r.subscriptionId === ours.id)).toBe(false);
  });

  it('a subscription gone (410) fails for good; a busy push service (503) is tried again, not before its Retry-After', async () => {
    const subscription = push.subscribe(await vapidPublicKey(city.db));
    const target = { channel: 'webpush' as const, subscription };

    push.answerNext(410);
    expect(await failure(channel().deliver(target, notice(), 'd-gone'))).toMatchObject({ permanent: true, message: expect.stringContaining('gone') });

    push.answerNext(503, 1, { 'retry-after': '120' });
    expect(await failure(channel().deliver(target, notice(), 'd-busy'))).toMatchObject({ permanent: false, retryAfterMs: 120_000 });
    await channel().deliver(target, notice(), 'd-busy');
    expect(push.received.filter((r) => r.subscriptionId === subscription.id)).toHaveLength(1);
  });

  it("keys that are not a browser's fail for good; a push service out of reach is tried again, the endpoint named nowhere", async () => {
    const subscription = push.subscribe(await vapidPublicKey(city.db));
    const broken = { ...subscription, keys: { ...subscription.keys, p256dh: 'AAAA' } };
    expect(await failure(channel().deliver({ channel: 'webpush', subscription: broken }, notice(), 'd-1'))).toMatchObject({ permanent: true });
    const away = { ...subscription, endpoint: 'https://127.0.0.1:1/push/gone-away' };
    const unreachable = await failure(channel().deliver({ channel: 'webpush', subscription: away }, notice(), 'd-2'));
    expect(unreachable).toMatchObject({ permanent: false, message: expect.stringContaining('ECONNREFUSED') });
    expect(unreachable.message).not.toContain('gone-away');
  });

  it('one VAPID key pair for every city process on the database, made once, whoever asks first', async () => {
    const second = city.another?.();
    try {
      await second?.query('SELECT 1');
      const pairs = await Promise.all([vapidKeys(city.db), vapidKeys(second ?? city.db), vapidKeys(city.db)]);
      expect(new Set(pairs.map((p) => p.publicKey)).size).toBe(1);
      expect(pairs[0]!.publicKey).toBe(await vapidPublicKey(city.db));
      expect(await city.db.query('SELECT id FROM vapid_keys')).toHaveLength(1);
    } finally {
      await second?.close();
    }
  });
});

describe('Web Push settings', () => {
  it('a VAPID subject that is neither mailto: nor https: stops the city at start, saying what it must be', () => {
    expect(() => readWebPushEnv({ JUNBAN_VAPID_SUBJECT: 'city hall' })).toThrow(/mailto: address or an https: URL/);
    expect(readWebPushEnv({ JUNBAN_VAPID_SUBJECT: 'mailto:kouhou@city.example.jp' }).subject).toBe('mailto:kouhou@city.example.jp');
    expect(readWebPushEnv({}).subject).toBeUndefined();
  });
});

describe('LINE notices', () => {
  let line: LineApi;
  const userId = `U${'0123456789abcdef'.repeat(2)}`;
  beforeEach(async () => {
    line = await startLineApi();
  });
  afterEach(() => line.close());

  const channel = (token = line.token) => createLineChannel({ channelAccessToken: token, channelSecret: 's', accountId: '@city', apiBase: line.url });

  it("reaches LINE as the documented push: the linked user, one text with the status link, the channel's token, a retry key", async () => {
    await channel().deliver({ channel: 'line', userId }, notice({ language: 'ja' }), 'delivery-1');
    expect(line.accepted).toHaveLength(1);
    const [sent] = line.accepted;
    expect(sent).toMatchObject({ to: userId, retryKey: lineRetryKey('delivery-1') });
    expect(sent!.messages).toEqual([
      { type: 'text', text: expect.stringMatching(/A-012 をお呼びしました。3番窓口 へお越しください。\n.*https:\/\/city\.example\.jp\/status\/7Hq2xZ$/) },
    ]);
    expect(sent!.retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a token LINE refuses (401) fails for good, as does a user id LINE does not take (400)', async () => {
    expect(await failure(channel('revoked-token').deliver({ channel: 'line', userId }, notice(), 'd-1'))).toMatchObject({
      permanent: true,
      message: expect.stringContaining('401'),
    });
    const notAUser = { channel: 'line' as const, userId: 'Uxyz' };
    expect(await failure(channel().deliver(notAUser, notice(), 'd-2'))).toMatchObject({ permanent: true, message: expect.stringContaining('400') });
    expect(line.accepted).toHaveLength(0);
  });

  it('LINE failing (500) is tried again with the same retry key, so a retry whose answer was lost is not sent twice', async () => {
    const target = { channel: 'line' as const, userId };
    line.answerNext(500);
    expect(await failure(channel().deliver(target, notice(), 'delivery-7'))).toMatchObject({ permanent: false });
    await channel().deliver(target, notice(), 'delivery-7');
    // The outbox did not hear the answer and sends once more: LINE answers 409 for the key, and that is a success.
    await channel().deliver(target, notice(), 'delivery-7');
    expect(line.requests.map((r) => r.retryKey)).toEqual(Array(3).fill(lineRetryKey('delivery-7')));
    expect(line.accepted).toHaveLength(1);
    expect(lineRetryKey('delivery-8')).not.toBe(lineRetryKey('delivery-7'));
  });

  it('LINE busy (429) is worth retrying', async () => {
    line.answerNext(429);
    expect(await failure(channel().deliver({ channel: 'line', userId }, notice(), 'd-1'))).toMatchObject({ permanent: false });
  });

  it('is offered only when the city set a channel token', () => {
    expect(readLineEnv({})).toBeUndefined();
    const account = { JUNBAN_LINE_CHANNEL_SECRET: 's', JUNBAN_LINE_ACCOUNT_ID: '@city' };
    expect(readLineEnv({ JUNBAN_LINE_CHANNEL_TOKEN: 't', ...account, JUNBAN_LINE_API_BASE: 'http://127.0.0.1:9' })).toEqual({
      channelAccessToken: 't',
      channelSecret: 's',
      accountId: '@city',
      apiBase: 'http://127.0.0.1:9',
    });
    expect(() => readLineEnv({ JUNBAN_LINE_CHANNEL_TOKEN: 't', ...account, JUNBAN_LINE_API_BASE: 'not a url' })).toThrow(/JUNBAN_LINE_API_BASE must be a URL/);
    expect(() => readLineEnv({ JUNBAN_LINE_CHANNEL_TOKEN: 't' })).toThrow(/JUNBAN_LINE_CHANNEL_SECRET and JUNBAN_LINE_ACCOUNT_ID/);
  });
});

describe('LINE webhook signature', () => {
  const secret = 'channel-secret-0123456789abcdef';
  const body = JSON.stringify({ destination: 'U0', events: [{ type: 'follow', source: { type: 'user', userId: 'U1' } }] });
  const signed = createHmac('sha256', secret).update(body).digest('base64');

  it('accepts a request signed with the channel secret, as LINE signs it, and nothing else', () => {
    expect(verifyLineSignature(secret, body, signed)).toBe(true);
    expect(verifyLineSignature(secret, Buffer.from(body), signed)).toBe(true);
    expect(verifyLineSignature(secret, body.replace('follow', 'unfollow'), signed)).toBe(false);
    expect(verifyLineSignature('another-secret', body, signed)).toBe(false);
    expect(verifyLineSignature(secret, body, undefined)).toBe(false);
    expect(verifyLineSignature(secret, body, 'not base64 at all')).toBe(false);
    expect(verifyLineSignature('', body, signed)).toBe(false);
  });
});
