/**
 * Booking a visit from a phone (issue 19), end to end: the real city (PGlite, and PostgreSQL when the test command
 * started one) and a real office in this process, linked over a real socket as an installer links it. The office
 * keeps the bookings and checks each slot's places in its own SQLite transaction: 200 residents racing for the last
 * two places of one slot get exactly two; the slot never goes over. A cancel or a move frees a place at once; a
 * booking's link shows it, also after it is checked in at the kiosk; the reminders go the day before and an hour
 * before through the city's notice channel, with the booking's link and code; the contact is sealed at the city.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingOffice, BookingSlot, CityBooking, OfficeConfig } from '@junban/protocol';
import { startInProcessOffice, type InProcessOffice } from '../../server/src/testing/office.js';
import { demoOffice, engines, startCity, type TestCity } from './support.js';

const SECRET = 'a-secret-of-the-city-s-sms-gateway-0123456789';
const RACERS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo office, its My Number counters serving bookings: 3 + 2 places a slot, shared by the card's procedures. */
const bookingOffice: OfficeConfig = {
  ...demoOffice,
  counters: demoOffice.counters.map((c) =>
    c.id === '6' ? { ...c, bookingsPerSlot: 3 } : c.id === '7' ? { ...c, bookingsPerSlot: 2, priorityRule: { kind: 'alternate', ordinaryPerPriority: 2 } } : c,
  ),
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

describe.each(engines)('booking a visit from a phone on $name', (engine) => {
  let city: TestCity;
  let office: InProcessOffice;
  let gateway: Server;
  const texts: { kind: string; text: string; phone: string }[] = [];

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${city.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T & { error?: { code: string; message: string } } };
  };
  const slots = async (from?: string) =>
    (await api<{ slots: BookingSlot[] }>('GET', `/book/slots?officeId=north&serviceId=mynumber-pickup${from ? `&from=${from}&days=1` : ''}`)).body.slots;
  const book = (slotStart: number, extra: Record<string, unknown> = {}) =>
    api<CityBooking>('POST', '/book', { officeId: 'north', serviceId: 'mynumber-pickup', slotStart, language: 'en', ...extra });
  /** Places taken in a slot, as the office's own database has them. */
  const takenAtOffice = (slotStart: number) =>
    (office.server.db.prepare("SELECT count(*) AS n FROM reservations WHERE slot_start = ? AND status != 'cancelled'").get(slotStart) as { n: number }).n;

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        texts.push(JSON.parse(raw) as { kind: string; text: string; phone: string });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    city = await startCity(engine, undefined, {
      publicUrl: 'https://junban.city.example.jp',
      phoneLimits: { bookingsPerAddress: 1000 },
      bookingReminderMs: 0,
      notices: {
        webhook: { url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`, secret: SECRET, timeoutMs: 2_000 },
        timings: { pollMs: 50 },
      },
    });
    office = await startInProcessOffice({
      initialConfig: bookingOffice,
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
  });
  afterAll(async () => {
    await office?.stop();
    await city?.stop();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  it('lists the office with the procedures its counters serving bookings call, in its own names', async () => {
    const { body } = await api<BookingOffice[]>('GET', '/book');
    const north = body.find((o) => o.officeId === 'north')!;
    expect(north.services.map((s) => s.id)).toEqual(['mynumber-apply', 'mynumber-pickup', 'mynumber-pin']);
    expect(north.services[1]!.name.ja).toBe(demoOffice.services.find((s) => s.id === 'mynumber-pickup')!.name.ja);
    expect(north).toMatchObject({ slotMinutes: 30, daysAhead: 14 });
  });

  let race: BookingSlot;
  it('lets 200 residents race for the last two places of a slot: exactly two get one, the slot never goes over', async () => {
    // A slot two open days ahead (or more): the office's clock is the real one.
    const open = (await slots()).filter((s) => s.start > Date.now() + 2 * 86_400_000 && s.free === 5);
    race = open[3]!;
    expect(race).toBeDefined();
    for (let i = 0; i < 3; i++) expect((await book(race.start)).status).toBe(200);
    expect((await slots()).find((s) => s.start === race.start)!.free).toBe(2);

    const answers = await Promise.all(Array.from({ length: RACERS }, () => book(race.start)));
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    expect(won).toHaveLength(2);
    expect(lost.every((a) => a.status === 409 && a.body.error?.code === 'booking/full')).toBe(true);
    expect(takenAtOffice(race.start)).toBe(5);
    // The city keeps only the bookings the office made, each with its own code and link.
    const kept = await city.db.query<{ n: string }>('SELECT count(*) AS n FROM bookings WHERE slot_start = $1', [race.start]);
    expect(Number(kept[0]!.n)).toBe(5);
    expect(new Set(won.map((w) => w.body.code)).size).toBe(2);
    expect((await slots()).find((s) => s.start === race.start)!.free).toBe(0);
    // And no slot of the office holds more than its places.
    const most = office.server.db
      .prepare("SELECT max(n) AS most FROM (SELECT count(*) AS n FROM reservations WHERE status != 'cancelled' GROUP BY slot_start)")
      .get() as { most: number };
    expect(most.most).toBeLessThanOrEqual(5);
  });

  it('frees a place at once when a booking is cancelled from its link, and never moves one into a full slot', async () => {
    const mine = (await book(race.start + 1_800_000)).body;
    expect(mine).toMatchObject({ status: 'booked', service: { en: expect.any(String) }, office: { ja: '北支所' } });
    const full = (await api<CityBooking>('POST', '/book', { officeId: 'north', serviceId: 'mynumber-pickup', slotStart: race.start })).body;
    expect(full.error?.code).toBe('booking/full');

    const moved = await api<CityBooking>('POST', `/bookings/${mine.token}/reschedule`, { slotStart: race.start });
    expect(moved.status).toBe(409);
    expect(moved.body.error?.code).toBe('booking/full');
    expect(takenAtOffice(race.start + 1_800_000)).toBe(1);

    const cancelled = await api<CityBooking>('POST', `/bookings/${mine.token}/cancel`, {});
    expect(cancelled.body).toMatchObject({ status: 'cancelled', remindBy: null });
    expect(takenAtOffice(race.start + 1_800_000)).toBe(0);
    expect((await slots()).find((s) => s.start === race.start + 1_800_000)!.free).toBe(5);
    // A cancelled booking cannot be moved or cancelled again.
    expect((await api<CityBooking>('POST', `/bookings/${mine.token}/cancel`, {})).body.error?.code).toBe('booking/closed');
  });

  it('takes a resident’s “I am coming” in one tap from the link: the office’s reservations show it, once; a cancelled booking cannot be confirmed', async () => {
    const mine = (await book(race.start + 3_600_000)).body;
    expect(mine.confirmedAt).toBeNull();
    const confirmed = await api<CityBooking>('POST', `/bookings/${mine.token}/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).toEqual(expect.any(Number));
    const atOffice = () => office.server.db.prepare('SELECT confirmed_at FROM reservations WHERE code = ?').pluck().get(mine.code) as number | null;
    expect(atOffice()).toBe(confirmed.body.confirmedAt);
    // A second tap changes nothing; the page, read again, still says so.
    expect((await api<CityBooking>('POST', `/bookings/${mine.token}/confirm`, {})).body.confirmedAt).toBe(confirmed.body.confirmedAt);
    expect((await api<CityBooking>('GET', `/bookings/${mine.token}`)).body.confirmedAt).toBe(confirmed.body.confirmedAt);

    const other = (await book(race.start + 3_600_000)).body;
    await api<CityBooking>('POST', `/bookings/${other.token}/cancel`, {});
    const refused = await api<CityBooking>('POST', `/bookings/${other.token}/confirm`, {});
    expect(refused.body.error?.code).toBe('booking/closed');
    expect(office.server.db.prepare('SELECT confirmed_at FROM reservations WHERE code = ?').pluck().get(other.code)).toBeNull();
  });

  it('refuses what is not a slot, a procedure not booked here, and a link that is not one, changing nothing', async () => {
    const before = await city.db.query<{ n: string }>('SELECT count(*) AS n FROM bookings');
    const odd = await book(race.start + 60_000);
    expect(odd.status).toBe(409);
    expect(odd.body.error?.code).toBe('booking/not_offered');
    const walkInOnly = await api<CityBooking>('POST', '/book', { officeId: 'north', serviceId: 'juminhyo', slotStart: race.start });
    expect(walkInOnly.body.error?.code).toBe('booking/not_offered');
    expect((await api<CityBooking>('POST', '/book', { officeId: 'nowhere', serviceId: 'mynumber-pickup', slotStart: race.start })).status).toBe(404);
    expect((await api<CityBooking>('GET', `/bookings/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await api<CityBooking>('GET', '/bookings/short')).status).toBe(400);
    const bad = await book(race.start, { remind: { channel: 'webhook', phone: 'call me' } });
    expect(bad.status).toBe(400);
    const after = await city.db.query<{ n: string }>('SELECT count(*) AS n FROM bookings');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('reminds the day before and an hour before by the chosen channel, with the code and the link; the contact stays sealed', async () => {
    const slot = (await slots()).find((s) => s.start > race.start + 3_600_000 && s.free > 0)!;
    const booked = await book(slot.start, { remind: { channel: 'webhook', phone: '09012345678' } });
    expect(booked.status).toBe(200);
    expect(booked.body.remindBy).toBe('webhook');
    const [row] = await city.db.query<{ sealed: Uint8Array }>('SELECT sealed FROM bookings WHERE code = $1', [booked.body.code]);
    expect(Buffer.from(row!.sealed).toString('latin1')).not.toContain('09012345678');

    expect(await city.server.remindBookings()).toBe(0);
    city.clock.advance(slot.start - 23 * 3_600_000 - city.clock.now());
    expect(await city.server.remindBookings()).toBe(1);
    expect(await city.server.remindBookings()).toBe(0);
    const tomorrow = await until('the day-before reminder reaches the gateway', async () => texts.find((t) => t.kind === 'booking_tomorrow'));
    expect(tomorrow.phone).toBe('09012345678');
    expect(tomorrow.text).toContain(booked.body.code);
    expect(tomorrow.text).toContain(`https://junban.city.example.jp/kiosk/book/${booked.body.token}`);

    city.clock.advance(slot.start - 50 * 60_000 - city.clock.now());
    expect(await city.server.remindBookings()).toBe(1);
    await until('the hour-before reminder reaches the gateway', async () => texts.find((t) => t.kind === 'booking_soon'));

    // The booking's page still reads the office's word; once the slot has begun, the contact is erased.
    expect((await api<CityBooking>('GET', `/bookings/${booked.body.token}`)).body).toMatchObject({ status: 'booked', code: booked.body.code });
  });

  it('shows a booking checked in at the kiosk as checked in, from its link', async () => {
    const slot = (await slots()).find((s) => s.free > 0 && s.start > race.start)!;
    const booked = (await book(slot.start)).body;
    office.server.db.prepare("UPDATE reservations SET status = 'checked_in' WHERE code = ?").run(booked.code);
    expect((await api<CityBooking>('GET', `/bookings/${booked.token}`)).body.status).toBe('checked_in');
    expect((await api<CityBooking>('POST', `/bookings/${booked.token}/cancel`, {})).body.error?.code).toBe('booking/closed');
  });
});

describe.each(engines.filter((e) => e.url))('booking through a public face of its own on $name', (engine) => {
  let staffSide: TestCity & { databaseUrl?: string };
  let publicFace: TestCity;
  let office: InProcessOffice;

  beforeAll(async () => {
    staffSide = await startCity(engine, undefined, { role: 'staff', bookingReminderMs: 0 });
    publicFace = await startCity(
      engine,
      { databaseUrl: staffSide.databaseUrl! },
      { role: 'public', phoneLimits: { bookingsPerAddress: 1000 }, bookingReminderMs: 0 },
    );
    office = await startInProcessOffice({
      initialConfig: bookingOffice,
      tickMs: 0,
      printerPollMs: 0,
      logger: pino({ level: 'silent' }),
      cityLink: { ackTimeoutMs: 2_000, retryMs: 50, retryMaxMs: 300 },
    });
    const { code } = await staffSide.server.offices.createEnrolment('south', { ja: '南支所', en: 'South branch' });
    await office.server.cityLink.enrolAtStart(staffSide.url, code);
    await until('the office shows on the public face', async () => {
      const offices = (await (await fetch(`${publicFace.url}/api/v1/book`)).json()) as BookingOffice[];
      return offices.find((o) => o.officeId === 'south' && o.online);
    });
  });
  afterAll(async () => {
    await office?.stop();
    await publicFace?.stop();
    await staffSide?.stop();
  });

  it('books on the office linked to the staff side, never over the slot’s places; the staff side takes no booking', async () => {
    const slots = ((await (await fetch(`${publicFace.url}/api/v1/book/slots?officeId=south&serviceId=mynumber-apply`)).json()) as { slots: BookingSlot[] })
      .slots;
    const slot = slots.find((s) => s.start > Date.now() + 2 * 86_400_000 && s.free === 5)!;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${publicFace.url}/api/v1/book`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ officeId: 'south', serviceId: 'mynumber-apply', slotStart: slot.start }),
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(35);
    expect((await fetch(`${staffSide.url}/api/v1/book`)).status).toBe(404);
  });
});
