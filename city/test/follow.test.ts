/**
 * A resident follows their visit from its status page at the city (issue 18): they ask to be told at 3 ahead, and
 * when called; the office's statuses trigger the notices, which reach the city's SMS gateway (its webhook, signed)
 * in the resident's language with the link to their page; when the visit ends, their number is gone from the city.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitStatus } from '@junban/protocol';
import { engines, startCity, type OfficeSocket, type TestCity, until } from './support.js';

const SECRET = 'a-secret-of-the-city-s-sms-gateway-0123456789';
const PUBLIC = 'https://junban.city.example.jp';
const PHONE = '09012345678';
const BUSINESS_DATE = '2026-04-01';
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

interface Sms {
  kind: string;
  language: string;
  text: string;
  phone: string;
  statusUrl: string;
  signed: boolean;
}

async function smsGateway() {
  const received: Sms[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', SECRET)
          .update(`${String(req.headers['x-junban-timestamp'])}.${raw}`)
          .digest('hex')}`,
      );
      const given = Buffer.from(String(req.headers['x-junban-signature']));
      received.push({ ...(JSON.parse(raw) as Omit<Sms, 'signed'>), signed: given.length === expected.length && timingSafeEqual(given, expected) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function status(change: Partial<VisitStatus>): VisitStatus {
  const service = { id: 'juminhyo', name: { ja: '住民票の写し', en: 'Certificate of residence' } };
  return {
    number: 'A-007',
    office: { ja: '北支所', en: 'North branch' },
    businessDate: BUSINESS_DATE,
    at: Date.now(),
    state: 'waiting',
    service,
    counter: null,
    calledAt: null,
    peopleAhead: 6,
    estimateSec: 900,
    steps: [{ serviceId: service.id, name: service.name, state: 'waiting' }],
    ...change,
  };
}

describe.each(engines)('a resident following their visit on $name', (engine) => {
  let city: TestCity;
  let sms: Awaited<ReturnType<typeof smsGateway>>;
  let office: OfficeSocket;
  const token = 'visit-7.north';
  const key = keyOf(token);
  const send = (s: VisitStatus) => office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key, status: s }] });
  const follow = (input: Record<string, unknown>) =>
    fetch(`${city.url}/api/v1/status/${token}/notices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });

  beforeAll(async () => {
    sms = await smsGateway();
    city = await startCity(engine, undefined, {
      publicUrl: PUBLIC,
      notices: { key: randomBytes(32), webhook: { url: sms.url, secret: SECRET, timeoutMs: 5_000 } },
    });
    office = await city.link(await city.enrolOffice('follow-north'));
    office.on('watch', ({ keys }) => {
      if (keys.includes(key)) void send(status({}));
    });
  });
  afterAll(async () => {
    await city?.stop();
    await sms?.close();
  });

  it('is told at 3 ahead and when called, once each, in their language, signed, with the link to their page', async () => {
    expect((await follow({ target: { channel: 'webhook', phone: PHONE }, ahead: 3, language: 'en' })).status).toBe(200);
    await send(status({ peopleAhead: 4, lineSeq: 10 }));
    // A call in the line moves every page in it as one move of the line, not a status each: weighed all the same.
    const move = { serviceId: 'juminhyo', seq: 11, at: Date.now(), shifts: [[0, -1]] as [number, number][], countersOpen: 1, serviceSec: 300 };
    await office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [], lines: [move] });
    await until('the "3 ahead" notice reached the gateway', () => sms.received.length === 1);
    await send(status({ peopleAhead: 2 }));
    await send(status({ state: 'called', peopleAhead: null, calledAt: Date.now(), counter: { id: '3', name: { ja: '3番窓口', en: 'Counter 3' } } }));
    await until('the "called" notice reached the gateway', () => sms.received.length === 2);
    const [ahead, called] = sms.received;
    expect(ahead).toMatchObject({ kind: 'ahead', language: 'en', phone: PHONE, statusUrl: `${PUBLIC}/kiosk/status/${token}`, signed: true });
    expect(ahead!.text).toContain('A-007');
    expect(called).toMatchObject({ kind: 'called', signed: true });
    expect(called!.text).toContain('Counter 3');
  });

  it('when the visit ends, the city keeps no trace of the phone number', async () => {
    await send(status({ state: 'done', peopleAhead: null }));
    await until('the subscription ended', async () => !(await city.db.query('SELECT 1 FROM notice_subscriptions WHERE key = $1', [key])).length);
    for (const table of ['notice_subscriptions', 'notices', 'visit_statuses', 'status_watches']) {
      const rows = await city.db.query(`SELECT * FROM ${table}`);
      expect(JSON.stringify(rows)).not.toContain(PHONE);
    }
    expect((await city.db.query<{ target: unknown }>('SELECT target FROM notices WHERE visit_key = $1', [key])).every((r) => r.target === null)).toBe(true);
  });

  it('a number taken from a phone is told to check in, then that its place was released, and nothing of the phone stays', async () => {
    const remoteToken = 'visit-9.north';
    const remoteKey = keyOf(remoteToken);
    const remote = { code: 'ABCD2345', arriveBy: Date.now() + 600_000, releaseAt: Date.now() + 1_200_000 };
    const sendRemote = (s: VisitStatus) =>
      office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key: remoteKey, status: s }] });
    await sendRemote(status({ number: 'A-009', peopleAhead: 8, remote }));
    const followed = await fetch(`${city.url}/api/v1/status/${remoteToken}/notices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: { channel: 'webhook', phone: PHONE }, ahead: 3, language: 'en' }),
    });
    expect(followed.status).toBe(200);
    const before = sms.received.length;
    await sendRemote(status({ number: 'A-009', peopleAhead: 8, remote: { ...remote, warned: true } }));
    await until('the "check in soon" notice reached the gateway', () => sms.received.length === before + 1);
    expect(sms.received.at(-1)).toMatchObject({ kind: 'check_in_soon', signed: true });
    expect(sms.received.at(-1)!.text).toMatch(/about 10 minutes left to check in number A-009/);
    await sendRemote(status({ number: 'A-009', state: 'cancelled', peopleAhead: null, remote: { ...remote, warned: true, released: true } }));
    await until('the "released" notice reached the gateway', () => sms.received.length === before + 2);
    expect(sms.received.at(-1)).toMatchObject({ kind: 'released', phone: PHONE });
    // Its last word sent, the visit leaves no contact behind.
    await until('the contact is cleared', async () => {
      const rows = await city.db.query<{ target: unknown }>('SELECT target FROM notices WHERE visit_key = $1', [remoteKey]);
      return rows.length > 0 && rows.every((r) => r.target === null);
    });
    expect((await city.db.query('SELECT 1 FROM notice_subscriptions WHERE key = $1', [remoteKey])).length).toBe(0);
  });

  it('is told once that the documents prepared while they waited are ready, at which counter, in their language', async () => {
    const readyToken = 'visit-11.north';
    const readyKey = keyOf(readyToken);
    const counters = [{ id: '5', name: { ja: '5番窓口', en: 'Counter 5' } }];
    const sendReady = (s: VisitStatus) =>
      office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key: readyKey, status: s }] });
    await sendReady(status({ number: 'A-011', peopleAhead: null, pickup: { state: 'preparing', counters } }));
    const followed = await fetch(`${city.url}/api/v1/status/${readyToken}/notices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: { channel: 'webhook', phone: PHONE }, ahead: 3, language: 'vi' }),
    });
    expect(followed.status).toBe(200);
    const before = sms.received.length;
    await sendReady(status({ number: 'A-011', peopleAhead: null, pickup: { state: 'ready', counters } }));
    await until('the "documents ready" notice reached the gateway', () => sms.received.length === before + 1);
    expect(sms.received.at(-1)).toMatchObject({ kind: 'documents_ready', language: 'vi', signed: true });
    expect(sms.received.at(-1)!.text).toMatch(/A-011.*sẵn sàng.*Counter 5/s);
    // Sent again unchanged (the office reconnected, say), it tells nothing more.
    await sendReady(status({ number: 'A-011', peopleAhead: null, pickup: { state: 'ready', counters } }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sms.received.length).toBe(before + 1);
    // Collected: the visit ends, and so does the subscription.
    await sendReady(status({ number: 'A-011', state: 'done', peopleAhead: null }));
    await until('the subscription ended', async () => !(await city.db.query('SELECT 1 FROM notice_subscriptions WHERE key = $1', [readyKey])).length);
  });

  it('a channel this city does not offer is refused (the page asks which it offers), and a malformed contact changes nothing', async () => {
    expect(await (await fetch(`${city.url}/api/v1/notices/channels`)).json()).toEqual({ channels: ['webhook'], webPushKey: null });
    const email = await follow({ target: { channel: 'email', address: 'resident@example.jp' } });
    expect(email.status).toBe(400);
    expect(((await email.json()) as { error: { message: string } }).error.message).toContain('email');
    const bad = await follow({ target: { channel: 'webhook', phone: 'call me' } });
    expect(bad.status).toBe(400);
    expect((await city.db.query('SELECT 1 FROM notice_subscriptions')).length).toBe(0);
  });
});
