/**
 * Web Push notices, sent to a real stand-in: a local push service that checks the VAPID signature and decrypts the
 * payload as a browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { NoticeMessage } from '@junban/protocol';
import { openPglite, openPostgres } from '../src/db/engine.js';
import { migrate } from '../src/db/migrations.js';
import { DeliveryError } from '../src/notices/channel.js';
import { createWebPushChannel, DEFAULT_VAPID_SUBJECT, readWebPushEnv, vapidKeys, vapidPublicKey } from '../src/notices/channels/webpush.js';
import { startPushService, type PushService } from './support/push-service.js';
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
