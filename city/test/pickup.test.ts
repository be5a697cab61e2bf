/**
 * Card pick-up (issue 19), end to end: the real city (PGlite, and PostgreSQL when the test command started one) and a
 * real office linked over a socket. A resident asks to be told about a reference number; city staff mark it ready;
 * the resident is told through the city's SMS gateway with the pick-up page's link, and their contact is gone. The
 * pick-up page then says it is ready, with the offices that take bookings for the pick-up procedure, and the ordinary
 * booking flow books it. The reference is never stored as typed, the contact only sealed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingOffice, BookingSlot, OfficeConfig, PickupStatus } from '@junban/protocol';
import { startInProcessOffice, type InProcessOffice } from '../../server/src/testing/office.js';
import { Sealer } from '../src/notices/seal.js';
import { PICKUP_KEPT_MS, pickupFeature } from '../src/pickup/pickup.js';
import { demoOffice, engines, startCity, until, type TestCity } from './support.js';

const PER_ADDRESS = 30;

/** The demo office with its card pick-up counter serving bookings. */
const pickupOffice: OfficeConfig = {
  ...demoOffice,
  counters: demoOffice.counters.map((c) => (c.id === '6' ? { ...c, bookingsPerSlot: 3 } : c)),
};

describe.each(engines)('card pick-up on $name', (engine) => {
  let city: TestCity;
  let office: InProcessOffice;
  let gateway: Server;
  let admin: string;
  let manager: string;
  const texts: { kind: string; text: string; phone: string; number: string; statusUrl: string }[] = [];

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${city.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T & { error?: { code: string; message: string } } };
  };
  const status = (reference: string) => api<PickupStatus>('POST', '/pickup/status', { reference });
  const ready = () => city.db.query<{ ref_key: string; ready_at: string }>('SELECT * FROM pickups');
  const wishes = () => city.db.query<{ id: string; ref_key: string; sealed: Uint8Array }>('SELECT * FROM pickup_wishes');

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        texts.push(JSON.parse(raw) as (typeof texts)[number]);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    city = await startCity(engine, undefined, {
      publicUrl: 'https://junban.city.example.jp',
      phoneLimits: { pickupsPerAddress: PER_ADDRESS, bookingsPerAddress: 100 },
      bookingReminderMs: 0,
      notices: {
        webhook: {
          url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
          secret: 'a-secret-of-the-city-s-sms-gateway-0123456789',
          timeoutMs: 2_000,
        },
        timings: { pollMs: 50 },
      },
    });
    office = await startInProcessOffice({
      initialConfig: pickupOffice,
      tickMs: 0,
      printerPollMs: 0,
      logger: pino({ level: 'silent' }),
      cityLink: { ackTimeoutMs: 2_000, retryMs: 50, retryMaxMs: 300 },
    });
    const { code } = await city.server.offices.createEnrolment('north', { ja: '北支所', en: 'North branch' });
    await office.server.cityLink.enrolAtStart(city.url, code);
    await until('the office is linked and its setup stored', async () =>
      (await api<BookingOffice[]>('GET', '/book')).body.find((o) => o.officeId === 'north' && o.online),
    );
    admin = (await city.staff('city-admin')).cookie;
    manager = (await city.staff('city-manager')).cookie;
  }, 60_000);
  afterAll(async () => {
    await office?.stop();
    await city?.stop();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  it('says a reference nobody marked is not ready yet, and offers nowhere to book', async () => {
    const { status: code, body } = await status('R-2026-0001');
    expect(code).toBe(200);
    expect(body).toMatchObject({ ready: false, serviceId: null, offices: [] });
  });

  it('keeps a resident’s wish to be told sealed, and the reference only as a fingerprint', async () => {
    const { status: code, body } = await api('POST', '/pickup/notices', {
      reference: 'r-2026-0001',
      target: { channel: 'webhook', phone: '09012345678' },
      language: 'en',
    });
    expect(code).toBe(200);
    expect(body).toEqual({ ready: false });
    expect(await ready()).toHaveLength(0);
    const [wish] = await wishes();
    const stored = JSON.stringify(await wishes()) + Buffer.from(wish!.sealed).toString('latin1');
    expect(stored).not.toContain('09012345678');
    expect(stored.toUpperCase()).not.toContain('R20260001');
    expect(stored.toUpperCase()).not.toContain('R-2026-0001');
  });

  it('refuses a channel the city does not offer, and keeps nothing', async () => {
    const before = (await wishes()).length;
    const res = await api('POST', '/pickup/notices', { reference: 'R-2026-0009', target: { channel: 'email', address: 'someone@example.jp' } });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('input/invalid');
    expect(await wishes()).toHaveLength(before);
  });

  it('refuses a bad mark with a clear error and changes nothing: a city manager, an unknown office or procedure, a malformed reference', async () => {
    const input = { officeId: 'north', serviceId: 'mynumber-pickup', references: ['R-2026-0001'] };
    expect((await city.callAs('markPickupsReady', input, manager)).body.error?.code).toBe('auth/forbidden');
    expect((await city.callAs('markPickupsReady', { ...input, officeId: 'south' }, admin)).body.error?.code).toBe('city/unknown_office');
    const unknownProcedure = await city.callAs('markPickupsReady', { ...input, serviceId: 'no-such-procedure' }, admin);
    expect(unknownProcedure.status).toBe(400);
    expect(unknownProcedure.body.error?.code).toBe('input/invalid');
    const malformed = await city.callAs('markPickupsReady', { ...input, references: ['R-2026-0002', '山田太郎', '----'] }, admin);
    expect(malformed.status).toBe(400);
    expect(await ready()).toHaveLength(0);
    expect(await wishes()).toHaveLength(1);
    expect((await status('R-2026-0002')).body.ready).toBe(false);
    for (const bad of ['----', 'R-', 'AB-1', 'R 2026 0002', 'R2026000200020002000200']) {
      const res = await status(bad);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('input/invalid');
    }
  });

  it('tells the waiting resident once staff mark it ready, with the pick-up page’s link, and forgets their contact', async () => {
    const res = await city.callAs('markPickupsReady', { officeId: 'north', serviceId: 'mynumber-pickup', references: ['R20260001', 'R-2026-0003'] }, admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ changed: 2, told: 1 });
    const told = await until('the SMS gateway is told', () => texts.find((t) => t.kind === 'card_ready'));
    expect(told).toMatchObject({ phone: '09012345678', number: 'R20260001', statusUrl: 'https://junban.city.example.jp/kiosk/pickup' });
    expect(told.text).toContain('ready to collect');
    expect(told.text).toContain('North branch');
    expect(await wishes()).toHaveLength(0);
    // Marking it again tells no one twice.
    expect((await city.callAs('markPickupsReady', { officeId: 'north', serviceId: 'mynumber-pickup', references: ['R-2026-0001'] }, admin)).body).toEqual({
      changed: 1,
      told: 0,
    });
  });

  it('shows a ready reference with the offices taking bookings for its pick-up, and the booking flow books it', async () => {
    const { body } = await status('r-2026-0001');
    expect(body).toMatchObject({ ready: true, serviceId: 'mynumber-pickup' });
    expect(body.service!.ja).toBe(demoOffice.services.find((s) => s.id === 'mynumber-pickup')!.name.ja);
    expect(body.offices).toEqual([{ officeId: 'north', name: { ja: '北支所', en: 'North branch' }, online: true }]);
    const { slots } = (await api<{ slots: BookingSlot[] }>('GET', `/book/slots?officeId=north&serviceId=${body.serviceId}`)).body;
    const slot = slots.find((s) => s.start > Date.now() + 86_400_000 && s.free > 0)!;
    const booked = await api('POST', '/book', { officeId: 'north', serviceId: body.serviceId, slotStart: slot.start, language: 'en' });
    expect(booked.status).toBe(200);
  });

  it('lets a few people wait on one reference, none replacing another’s contact, and refuses more', async () => {
    const wish = (phone: string) => api('POST', '/pickup/notices', { reference: 'R-2026-0050', target: { channel: 'webhook', phone } });
    for (const phone of ['09050000001', '09050000002', '09050000003']) expect((await wish(phone)).body).toEqual({ ready: false });
    const refused = await wish('09050000004');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('pickup/too_many');
    await city.callAs('markPickupsReady', { officeId: 'north', serviceId: 'mynumber-pickup', references: ['R-2026-0050'] }, admin);
    await until('all three are told', () => texts.filter((t) => t.number === 'R20260050').length === 3);
    expect(
      texts
        .filter((t) => t.number === 'R20260050')
        .map((t) => t.phone)
        .sort(),
    ).toEqual(['09050000001', '09050000002', '09050000003']);
    expect(await wishes()).toHaveLength(0);
  });

  it('a resident asking to be told about a reference already ready is told so at once, and nothing is kept', async () => {
    const { body } = await api('POST', '/pickup/notices', { reference: 'R-2026-0003', target: { channel: 'webhook', phone: '09099999999' }, language: 'ja' });
    expect(body).toEqual({ ready: true });
    expect(await wishes()).toHaveLength(0);
  });

  it('forgets a reference once collected', async () => {
    const before = (await ready()).length;
    const res = await city.callAs(
      'markPickupsReady',
      { officeId: 'north', serviceId: 'mynumber-pickup', state: 'collected', references: ['R-2026-0001'] },
      admin,
    );
    expect(res.body).toEqual({ changed: 1, told: 0 });
    expect((await status('R-2026-0001')).body.ready).toBe(false);
    expect(await ready()).toHaveLength(before - 1);
  });

  it('forgets a reference never collected, and a wish never met, after 90 days', async () => {
    await api('POST', '/pickup/notices', { reference: 'R-2026-0077', target: { channel: 'webhook', phone: '09011112222' } });
    /** The purge as a city process would run it at `at` (it needs only the database). */
    const purgeAt = (at: number) =>
      pickupFeature({
        db: city.db,
        sealer: Sealer.ephemeral(),
        limits: undefined as never,
        perAddress: 0,
        outbox: { enqueue: () => Promise.reject(new Error('not used')), channels: [] },
        bookingOffices: () => Promise.resolve([]),
        publicUrl: () => undefined,
        now: () => at,
        log: pino({ level: 'silent' }),
      }).purge();
    await purgeAt(Date.now() + PICKUP_KEPT_MS - 60_000);
    expect(await wishes()).toHaveLength(1);
    expect((await ready()).length).toBeGreaterThan(0);
    await purgeAt(Date.now() + PICKUP_KEPT_MS + 60_000);
    expect(await wishes()).toHaveLength(0);
    expect(await ready()).toHaveLength(0);
  });

  it('limits how many references one address may try in a day, so numbers cannot be walked through', async () => {
    let refused: Awaited<ReturnType<typeof status>> | undefined;
    for (let i = 0; i < PER_ADDRESS + 1 && !refused; i++) {
      const res = await status(`X-${1000 + i}`);
      if (res.status !== 200) refused = res;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body.error?.code).toBe('pickup/too_many');
  });
});
