/**
 * Notices to residents' phones go out from the city, at least once, and no contact detail outlives the visit. Real
 * parts only: a real SMTP server in the test receives the emails, a local HTTP receiver checks each webhook's
 * signature as a city's SMS gateway would, and the outbox runs in the city as it does in production.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeadNotice, NoticeMessage, NoticeTarget } from '@junban/protocol';
import type { NoticeOptions } from '../src/app.js';
import { readEnv } from '../src/config.js';
import { openPostgres, type Db } from '../src/db/engine.js';
import { webhookChannel, type WebhookBody } from '../src/notices/channels/webhook.js';
import { backoff, defaultTimings, Outbox, withoutContact } from '../src/notices/outbox.js';
import { loadCityKey, Sealer } from '../src/notices/seal.js';
import { engines, startCity, type TestCity } from './support.js';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';
const OFFICE = 'honcho';

/** Quick retries, so a test sees several attempts in well under a second. */
const timings = { pollMs: 50, firstRetryMs: 100, maxRetryMs: 400, maxAttempts: 5, deliveryTimeoutMs: 5_000, leaseMs: 10_000, perChannel: 4 };

function message(overrides: Partial<NoticeMessage> = {}): NoticeMessage {
  return {
    kind: 'called',
    language: 'en',
    office: { ja: '本庁舎', en: 'City Hall' },
    number: 'A-012',
    counter: { ja: '3番窓口', en: 'Counter 3' },
    statusUrl: 'https://city.example.jp/status/tok-123',
    ...overrides,
  };
}

const email = (address: string): NoticeTarget => ({ channel: 'email', address });
const phone = (number: string): NoticeTarget => ({ channel: 'webhook', phone: number });

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000, what = 'the condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A real SMTP server on a free port, keeping every message it accepts, parsed. */
async function mailbox() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // As real relays do, the refusal quotes the address it refuses.
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody'))
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), { responseCode: 550 }));
      else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface Arrival {
  at: number;
  delivery: string;
  body: WebhookBody;
  signed: boolean;
  fresh: boolean;
}

/**
 * A city's SMS gateway, as docs/city.md tells it to check a request: the signature over timestamp and body, and the
 * timestamp's age. `answer` decides each reply ('hang': never answers).
 */
async function gateway(answer: (arrival: Arrival, nth: number) => number | 'hang' | { status: number; afterMs: number }) {
  const arrivals: Arrival[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-junban-timestamp']);
      const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-junban-signature']));
      const arrival: Arrival = {
        at: Date.now(),
        delivery: String(req.headers['x-junban-delivery']),
        body: JSON.parse(raw) as WebhookBody,
        signed: given.length === expected.length && timingSafeEqual(given, expected),
        fresh: Math.abs(Date.now() / 1000 - Number(timestamp)) < 300,
      };
      arrivals.push(arrival);
      const reply = answer(arrival, arrivals.length);
      if (reply === 'hang') hanging.add(res);
      else if (typeof reply === 'number') res.writeHead(reply).end();
      else setTimeout(() => res.writeHead(reply.status).end(), reply.afterMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    arrivals,
    /** The requests left hanging fail now (their connections cut). */
    cutHanging() {
      for (const res of hanging) res.socket?.destroy();
      hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Mailbox = Awaited<ReturnType<typeof mailbox>>;
type Gateway = Awaited<ReturnType<typeof gateway>>;

async function noticeRow(db: Db, id: string) {
  const [row] = await db.query<{ state: string; attempts: number; last_error: string | null; target: Uint8Array | null }>(
    'SELECT state, attempts, last_error, target FROM notices WHERE id = $1',
    [id],
  );
  return row;
}

/** Every row of every table of the city's database, as text (bytea as hex). */
async function everything(db: Db): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const texts = await Promise.all(
    tables.map(async ({ table_name }) => (await db.query<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`)).map((r) => r.t)),
  );
  return texts.flat().join('\n');
}

describe('the city key', () => {
  let folder: string;
  beforeEach(() => void (folder = mkdtempSync(join(tmpdir(), 'city-key-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('is made on first start and read the same by every process after', () => {
    const file = join(folder, 'data', 'city.key');
    const first = loadCityKey(file);
    expect(first).toHaveLength(32);
    expect(loadCityKey(file).equals(first)).toBe(true);
  });

  it('a key file that is not a key stops the city with what to do, rather than sealing with a new key', () => {
    const file = join(folder, 'city.key');
    writeFileSync(file, 'not a key\n');
    expect(() => loadCityKey(file)).toThrow(/does not hold a key.*32 random bytes in base64/);
    writeFileSync(file, Buffer.alloc(16).toString('base64'));
    expect(() => loadCityKey(file)).toThrow(/does not hold a key/);
  });

  it('sealed bytes open only with the same key and for the same notice', () => {
    const key = loadCityKey(join(folder, 'city.key'));
    const sealed = new Sealer(key).seal('resident@example.jp', 'notice-1');
    expect(sealed.includes(Buffer.from('resident@example.jp'))).toBe(false);
    expect(new Sealer(key).open(sealed, 'notice-1')).toBe('resident@example.jp');
    expect(() => new Sealer(key).open(sealed, 'notice-2')).toThrow();
    expect(() => Sealer.ephemeral().open(sealed, 'notice-1')).toThrow();
  });
});

describe('retries', () => {
  it('wait 10 s after a first failure, then twice as long each time, never more than 10 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoff(n, defaultTimings) / 1000)).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
  });
});

describe('failure reasons', () => {
  it('never quote the contact detail a server or gateway echoed back', () => {
    expect(withoutContact('550 5.1.1 <someone@example.jp>: Recipient address rejected', email('someone@example.jp'))).toBe(
      '550 5.1.1 <[contact]>: Recipient address rejected',
    );
    expect(withoutContact('bad number 819012345678', phone('+819012345678'))).toBe('bad number [contact]');
  });
});

describe('the notice settings', () => {
  const base = { JUNBAN_DATA_DIR: '/srv/junban' };
  it('the key file defaults to the data folder; a channel is on only when fully set', () => {
    const env = readEnv(base);
    expect(env.keyFile).toBe('/srv/junban/city.key');
    expect(env.noticeWebhook).toBeUndefined();
    expect(env.noticeEmail).toBeUndefined();
    expect(readEnv({ ...base, JUNBAN_CITY_KEY_FILE: '/etc/junban/city.key' }).keyFile).toBe('/etc/junban/city.key');
    expect(readEnv({ ...base, JUNBAN_SMTP_URL: 'smtp://relay:25', JUNBAN_NOTICE_FROM: 'notices@city.example.jp' }).noticeEmail).toEqual({
      smtpUrl: 'smtp://relay:25',
      from: 'notices@city.example.jp',
    });
  });

  it('half a channel, a short secret or a wrong address stops the city with what is missing', () => {
    expect(() => readEnv({ ...base, JUNBAN_NOTICE_WEBHOOK_URL: 'https://sms.city.example.jp/hook' })).toThrow('JUNBAN_NOTICE_WEBHOOK_SECRET must be set');
    expect(() => readEnv({ ...base, JUNBAN_NOTICE_WEBHOOK_URL: 'https://sms.city.example.jp/hook', JUNBAN_NOTICE_WEBHOOK_SECRET: 'short' })).toThrow(
      'at least 32 characters',
    );
    expect(() => readEnv({ ...base, JUNBAN_SMTP_URL: 'http://relay', JUNBAN_NOTICE_FROM: 'a@b.jp' })).toThrow('smtp:// or smtps://');
  });
});

describe.each(engines)('notices on $name', (engine) => {
  let mail: Mailbox;
  let sms: Gateway;
  /** What the gateway answers to the nth request of the test under way. */
  let answer: Parameters<typeof gateway>[0];
  let city: TestCity & { databaseUrl?: string };
  const cityKey = Buffer.alloc(32, 7);

  const noticeOptions = (more: Partial<NoticeOptions> = {}): NoticeOptions => ({
    key: cityKey,
    webhook: { url: sms.url, secret: SECRET, timeoutMs: 10_000 },
    email: { smtpUrl: mail.url, from: 'City Hall <notices@city.example.jp>' },
    timings,
    ...more,
  });

  beforeAll(async () => {
    mail = await mailbox();
    sms = await gateway((arrival, nth) => answer(arrival, nth));
    city = await startCity(engine, undefined, { notices: noticeOptions() });
    await city.server.offices.createEnrolment(OFFICE, { ja: '本庁舎', en: 'City Hall' });
  });
  beforeEach(() => {
    answer = () => 200;
    mail.received.length = 0;
    sms.arrivals.length = 0;
  });
  afterAll(async () => {
    await city?.stop();
    await mail?.close();
    await sms?.close();
  });
  afterEach(() => sms.cutHanging());

  it("an email reaches the resident's mailbox in their language, with the link to their place in the queue", async () => {
    await city.server.notices.enqueue(OFFICE, 'visit-mail-en', email('resident@example.jp'), message());
    await city.server.notices.enqueue(OFFICE, 'visit-mail-ja', email('juumin@example.jp'), message({ language: 'ja', kind: 'ahead', ahead: 3 }));

    await until(() => mail.received.length === 2, 5_000, 'two emails');
    const en = mail.received.find((m) => m.subject?.startsWith('Number'))!;
    expect(en.subject).toBe('Number A-012, please come to Counter 3');
    expect(en.from?.text).toContain('notices@city.example.jp');
    expect(JSON.stringify(en.to)).toContain('resident@example.jp');
    expect(en.text).toContain('City Hall: number A-012 has been called. Please come to Counter 3.');
    expect(en.text).toContain('Your place in the queue: https://city.example.jp/status/tok-123');

    const ja = mail.received.find((m) => m !== en)!;
    expect(ja.subject).toBe('まもなく順番です（A-012）');
    expect(ja.text).toContain('本庁舎：番号 A-012 の前にお待ちの方は 3 人です。');
    expect(ja.text).toContain('順番の状況：https://city.example.jp/status/tok-123');
  });

  it('a webhook that fails twice gets the notice once it recovers, signed each time, with the same delivery id', async () => {
    answer = (_, nth) => (nth <= 2 ? 500 : 200);
    const id = await city.server.notices.enqueue(OFFICE, 'visit-sms', phone('+819012345678'), message({ language: 'en' }));

    await until(async () => (await noticeRow(city.db, id))?.state === 'sent', 5_000, 'the notice sent');
    const row = await noticeRow(city.db, id);
    expect(row).toMatchObject({ state: 'sent', attempts: 3, last_error: null, target: null });
    expect(sms.arrivals).toHaveLength(3);
    for (const arrival of sms.arrivals) {
      expect(arrival).toMatchObject({ delivery: id, signed: true, fresh: true });
      expect(arrival.body).toEqual({
        id,
        kind: 'called',
        language: 'en',
        text: 'City Hall: number A-012 has been called. Please come to Counter 3.\nYour place in the queue: https://city.example.jp/status/tok-123',
        phone: '+819012345678',
        statusUrl: 'https://city.example.jp/status/tok-123',
        number: 'A-012',
        office: { ja: '本庁舎', en: 'City Hall' },
      });
    }
  });

  it('a refused notice is dead at once, listed for staff without the phone number, and sent when an admin retries it', async () => {
    answer = () => 400;
    const id = await city.server.notices.enqueue(OFFICE, 'visit-refused', phone('+819087654321'), message({ kind: 'no_show_soon' }));
    await until(async () => (await noticeRow(city.db, id))?.state === 'dead', 5_000, 'the notice dead');
    expect(sms.arrivals).toHaveLength(1);

    const manager = await city.staff('city-manager');
    const listed = await city.callAs('deadNotices', {}, manager.cookie);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain('9087654321');
    const dead = (listed.body as unknown as DeadNotice[]).find((d) => d.id === id);
    expect(dead).toMatchObject({ officeId: OFFICE, channel: 'webhook', kind: 'no_show_soon', number: 'A-012', attempts: 1, erased: false });
    expect(dead?.lastError).toBe('the webhook answered 400');

    // A manager may read the list, not send again.
    expect((await city.callAs('retryNotice', { noticeId: id }, manager.cookie)).status).toBe(403);
    answer = () => 200;
    const admin = await city.staff('city-admin');
    expect((await city.callAs('retryNotice', { noticeId: id }, admin.cookie)).status).toBe(200);
    await until(async () => (await noticeRow(city.db, id))?.state === 'sent', 5_000, 'the notice sent after the retry');
    expect(sms.arrivals).toHaveLength(2);
    expect(sms.arrivals[1]).toMatchObject({ delivery: id, signed: true });
    // Sent: no longer undelivered, so no second retry.
    expect((await city.callAs('retryNotice', { noticeId: id }, admin.cookie)).body.error?.code).toBe('notice/not_found');
  });

  it('an address the mail server refuses is given up at once, and the reason shown to staff does not quote it', async () => {
    const id = await city.server.notices.enqueue(OFFICE, 'visit-nobody', email('nobody.here@example.jp'), message());
    await until(async () => (await noticeRow(city.db, id))?.state === 'dead', 5_000, 'the notice dead');
    const row = (await noticeRow(city.db, id))!;
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe('the mail server refused it (550)');
    expect(await everything(city.db)).not.toContain('nobody.here');
  });

  it('a gateway that keeps failing gets the notice the set number of times, further apart each time, then it is given up', async () => {
    answer = () => 502;
    const id = await city.server.notices.enqueue(OFFICE, 'visit-down', phone('+819055556666'), message());
    await until(async () => (await noticeRow(city.db, id))?.state === 'dead', 5_000, 'the notice dead');
    expect(await noticeRow(city.db, id)).toMatchObject({ attempts: timings.maxAttempts, last_error: 'the webhook answered 502' });
    expect(sms.arrivals).toHaveLength(timings.maxAttempts);
    // 100, 200, 400 ms, then the cap: 400 ms.
    const gaps = sms.arrivals.slice(1).map((a, i) => a.at - sms.arrivals[i]!.at);
    expect(gaps).toHaveLength(4);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual([100, 200, 400, 400][i]! - 10));
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  });

  it('a notice for a channel this city has not set up is dead with the reason, not retried for ever', async () => {
    const id = await city.server.notices.enqueue(OFFICE, 'visit-line', { channel: 'line', userId: `U${'0'.repeat(32)}` }, message());
    await until(async () => (await noticeRow(city.db, id))?.state === 'dead', 5_000, 'the notice dead');
    expect((await noticeRow(city.db, id))?.last_error).toBe('the line channel is not configured at this city');
  });

  it('a contact detail is unreadable in the database, and gone from it once the visit ends', async () => {
    // The gateway holds the webhook notice under way: it is still pending when the visit ends.
    answer = () => 'hang';
    const address = 'erase-me@example.jp';
    const number = '+819011112222';
    const sent = await city.server.notices.enqueue(OFFICE, 'visit-erase', email(address), message());
    const pending = await city.server.notices.enqueue(OFFICE, 'visit-erase', phone(number), message({ kind: 'ahead', ahead: 2 }));
    await until(() => mail.received.length === 1, 5_000, 'the email');
    await until(() => sms.arrivals.length >= 1, 5_000, 'a webhook attempt');

    // Pending, its detail is sealed: neither the text nor its bytes appear anywhere.
    const sealed = (await noticeRow(city.db, pending))!.target!;
    expect(Buffer.from(sealed).includes(Buffer.from(number.slice(1)))).toBe(false);
    const before = await everything(city.db);
    for (const secret of [address, number.slice(1), Buffer.from(address).toString('hex'), Buffer.from(number.slice(1)).toString('hex')]) {
      expect(before).not.toContain(secret);
    }
    // Sent, it is no longer kept.
    expect((await noticeRow(city.db, sent))?.target).toBeNull();

    await city.server.notices.eraseVisit(OFFICE, 'visit-erase');
    expect(await noticeRow(city.db, pending)).toBeUndefined();
    const [{ sealedLeft }] = (await city.db.query<{ sealedLeft: number }>(
      `SELECT count(*)::int AS "sealedLeft" FROM notices WHERE visit_key = 'visit-erase' AND target IS NOT NULL`,
    )) as [{ sealedLeft: number }];
    expect(sealedLeft).toBe(0);
    const after = await everything(city.db);
    for (const secret of [address, number.slice(1)]) expect(after).not.toContain(secret);
    // What is left (the sent notice's row) says what it said, not to whom.
    expect(after).toContain('A-012');
  });

  it('a gateway that hangs does not delay the emails behind it', async () => {
    answer = () => 'hang';
    for (let i = 0; i < 6; i++) await city.server.notices.enqueue(OFFICE, `visit-slow-${i}`, phone(`+8190000000${i}0`), message({ number: `B-${i}` }));
    await until(() => sms.arrivals.length >= timings.perChannel, 5_000, 'the webhook deliveries started');

    const started = Date.now();
    for (let i = 0; i < 5; i++) await city.server.notices.enqueue(OFFICE, `visit-fast-${i}`, email(`fast${i}@example.jp`), message({ number: `C-${i}` }));
    await until(() => mail.received.length === 5, 3_000, 'five emails while the gateway hangs');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The gateway has still answered nothing: every webhook notice is pending, none given up.
    const states = await city.db.query<{ state: string }>(`SELECT state FROM notices WHERE visit_key LIKE 'visit-slow-%'`);
    expect(states.every((s) => s.state === 'pending')).toBe(true);
    // The visits end; the hanging deliveries fail after, on notices no longer there.
    for (let i = 0; i < 6; i++) await city.server.notices.eraseVisit(OFFICE, `visit-slow-${i}`);
  });

  it('two city processes share the outbox: 50 notices, each delivered once', async () => {
    // A second process: its own outbox, its own connections to the same database (PGlite: the same database).
    const db = city.databaseUrl ? openPostgres(city.databaseUrl) : city.db;
    const other = new Outbox({
      db,
      sealer: new Sealer(cityKey),
      channels: [webhookChannel({ url: sms.url, secret: SECRET })],
      log: pino({ level: 'silent' }),
      timings,
    });
    other.start();
    try {
      // A gateway that takes a little while, so both processes have deliveries under way at once.
      answer = () => ({ status: 200, afterMs: 20 });
      const slow = sms.arrivals;
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        ids.push(await (i % 2 ? other : city.server.notices).enqueue(OFFICE, `visit-many-${i}`, phone(`+81800000${String(i).padStart(4, '0')}`), message()));
      }
      await until(
        async () => {
          const [{ sent }] = (await city.db.query<{ sent: number }>(
            `SELECT count(*)::int AS sent FROM notices WHERE visit_key LIKE 'visit-many-%' AND state = 'sent'`,
          )) as [{ sent: number }];
          return sent === 50;
        },
        15_000,
        'fifty notices sent',
      );
      const deliveries = slow.map((a) => a.delivery);
      expect(new Set(deliveries).size).toBe(50);
      expect(deliveries).toHaveLength(50);
      expect(new Set(deliveries)).toEqual(new Set(ids));
    } finally {
      await other.stop();
      if (db !== city.db) await db.close();
    }
  });

  // Last: it moves the city's clock a month on.
  it('no contact detail outlives a day, even for a visit whose end never reached the city; old notices leave the list after a month', async () => {
    answer = () => 'hang';
    const forgotten = await city.server.notices.enqueue(OFFICE, 'visit-forgotten', phone('+819077778888'), message());
    await until(() => sms.arrivals.length === 1, 5_000, 'the webhook attempt');

    city.clock.advance(25 * 3600_000);
    await city.server.notices.purge();
    expect(await noticeRow(city.db, forgotten)).toMatchObject({ state: 'dead', target: null, last_error: 'not delivered while its visit lasted' });
    const [{ sealed }] = (await city.db.query<{ sealed: number }>('SELECT count(*)::int AS sealed FROM notices WHERE target IS NOT NULL')) as [
      { sealed: number },
    ];
    expect(sealed).toBe(0);

    city.clock.advance(30 * 24 * 3600_000);
    await city.server.notices.purge();
    expect(await city.db.query('SELECT id FROM notices')).toEqual([]);
  });
});
