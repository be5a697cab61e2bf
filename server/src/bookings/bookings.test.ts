/**
 * Booking from a phone at the office (issue 19): the slots a procedure offers follow the office's hours and calendar
 * and the counters set up to serve bookings; a booking takes a place in its slot and a cancel or a move frees it at
 * once; a slot never goes over, also when counters are shared between procedures. Real SQLite, a clock the test sets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JunbanError, OfficeConfig, type BookingAnswer } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import { openDatabase, type Db } from '../storage/database.js';
import { PhoneBookings } from './bookings.js';
import { bookedHours, withBookings } from './forecast.js';
import { bookableServices, placesLeft, slotsOfDay } from './slots.js';

const config = OfficeConfig.parse({
  settings: {
    name: { ja: 'テスト', en: 'Test' },
    timeZone: 'Asia/Tokyo',
    hours: { open: '08:30', close: '17:15' },
    closedWeekdays: [0, 6],
    closedOnHolidays: true,
    closures: [{ date: '2026-04-08', reason: 'システム更新 (system upgrade)' }],
    bookingSlotMinutes: 30,
    bookingDaysAhead: 14,
    bookingLeadMinutes: 60,
  },
  services: [
    { id: 'card', name: { ja: 'マイナンバーカード', en: 'My Number card' }, prefix: 'M' },
    { id: 'move', name: { ja: '転入', en: 'Moving in' }, prefix: 'T' },
    { id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A' },
  ],
  counters: [
    { id: '1', name: { ja: '1番', en: '1' }, services: ['card'], bookingsPerSlot: 2 },
    { id: '2', name: { ja: '2番', en: '2' }, services: ['card', 'move'], bookingsPerSlot: 1 },
    { id: '3', name: { ja: '3番', en: '3' }, services: ['cert'] },
  ],
});
const tokyo = (date: string, time: string) => instantOf(date, time, 'Asia/Tokyo');
// Wednesday 1 April 2026, 09:00 in Tokyo.
const NOW = tokyo('2026-04-01', '09:00');

const dirs: string[] = [];
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function office(over: Partial<OfficeConfig> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'junban-bookings-'));
  dirs.push(dir);
  db = openDatabase(join(dir, 'junban.db'));
  const clock = { now: NOW };
  const bookings = new PhoneBookings(db, { config: { ...config, ...over }, now: () => clock.now });
  const count = (start: number) =>
    (db!.prepare("SELECT count(*) AS n FROM reservations WHERE slot_start = ? AND status != 'cancelled'").get(start) as { n: number }).n;
  return { bookings, clock, count, db: db };
}

const codeOf = (answer: BookingAnswer) => (answer.ok ? undefined : answer.code);
function refused(code: string, fn: () => unknown) {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(JunbanError);
  expect((thrown as JunbanError).code).toBe(code);
}

describe('booking slots', () => {
  it('offers the procedures a counter serving bookings calls, in slots from opening to closing on open days only', () => {
    expect(bookableServices(config)).toEqual(['card', 'move']);
    const day = slotsOfDay('2026-04-02', config);
    expect(day[0]).toEqual({ start: tokyo('2026-04-02', '08:30'), end: tokyo('2026-04-02', '09:00') });
    // 08:30 to 17:15: the last whole slot is 16:30-17:00.
    expect(day.at(-1)!.start).toBe(tokyo('2026-04-02', '16:30'));
    expect(day).toHaveLength(17);
    expect(slotsOfDay('2026-04-04', config)).toEqual([]); // Saturday
    expect(slotsOfDay('2026-04-08', config)).toEqual([]); // a closure
    expect(slotsOfDay('2026-04-29', config)).toEqual([]); // Shōwa Day, a public holiday
  });

  it('shares a counter serving two procedures: its place goes to whichever is booked first', () => {
    // Card: counters 1 (2 places) and 2 (1); move: counter 2 only.
    expect(placesLeft(config, 'card', new Map())).toBe(3);
    expect(placesLeft(config, 'move', new Map())).toBe(1);
    expect(placesLeft(config, 'move', new Map([['card', 2]]))).toBe(1);
    expect(placesLeft(config, 'move', new Map([['card', 3]]))).toBe(0);
    expect(placesLeft(config, 'card', new Map([['move', 1]]))).toBe(2);
    expect(placesLeft(config, 'cert', new Map())).toBe(0);
  });

  it('lists the slots from an hour from now, within the days ahead, with their places', () => {
    const { bookings } = office();
    const today = bookings.slots('card', '2026-04-01', 1);
    expect(today[0]!.start).toBe(tokyo('2026-04-01', '10:00'));
    expect(today.every((s) => s.free === 3)).toBe(true);
    const fortnight = bookings.slots('card', '2026-04-01', 31);
    expect(new Date(fortnight.at(-1)!.start).toISOString().slice(0, 10)).toBe('2026-04-15');
    expect(bookings.slots('cert', '2026-04-01', 7)).toEqual([]);
  });
});

describe('booking, moving and cancelling', () => {
  it('books the last places of a slot and refuses the next, with nothing written', () => {
    const { bookings, count } = office();
    const slot = tokyo('2026-04-02', '10:00');
    const codes = [1, 2, 3].map(() => bookings.book('card', slot, 'ja').code);
    expect(new Set(codes).size).toBe(3);
    refused('booking/full', () => bookings.book('card', slot, 'en'));
    refused('booking/full', () => bookings.book('move', slot, 'en'));
    expect(count(slot)).toBe(3);
    expect(bookings.slots('card', '2026-04-02', 1).find((s) => s.start === slot)!.free).toBe(0);
  });

  it('refuses a slot that is not offered: not a slot start, a closed day, too soon, too far, a procedure not booked', () => {
    const { bookings, count } = office();
    for (const start of [tokyo('2026-04-02', '10:10'), tokyo('2026-04-04', '10:00'), tokyo('2026-04-01', '09:30'), tokyo('2026-04-20', '10:00')]) {
      refused('booking/not_offered', () => bookings.book('card', start, 'ja'));
      expect(count(start)).toBe(0);
    }
    refused('booking/not_offered', () => bookings.book('cert', tokyo('2026-04-02', '10:00'), 'ja'));
  });

  it('frees a place at once when a booking is cancelled or moved, and never moves one into a full slot', () => {
    const { bookings, count, clock } = office();
    const ten = tokyo('2026-04-02', '10:00');
    const eleven = tokyo('2026-04-02', '11:00');
    const [a, b, c] = [1, 2, 3].map(() => bookings.book('card', ten, 'ja'));
    expect(bookings.cancel(a!.code).status).toBe('cancelled');
    expect(count(ten)).toBe(2);
    const d = bookings.book('card', ten, 'en');
    expect(bookings.reschedule(b!.code, eleven)).toMatchObject({ slotStart: eleven, slotEnd: eleven + 1_800_000, status: 'booked' });
    expect(count(ten)).toBe(2);
    // Fill eleven, then try to move back into a full ten.
    bookings.book('card', ten, 'en');
    refused('booking/full', () => bookings.reschedule(b!.code, ten));
    expect(bookings.get(b!.code).slotStart).toBe(eleven);
    // A cancelled booking, or one whose time has come, cannot change.
    refused('booking/closed', () => bookings.cancel(a!.code));
    clock.now = ten;
    refused('booking/closed', () => bookings.cancel(c!.code));
    refused('booking/not_found', () => bookings.get('ZZZZ2222'));
    expect(d.status).toBe('booked');
  });

  it('answers the city’s requests with the booking, or the refusal in the office’s words', () => {
    const { bookings } = office();
    const answer = bookings.answer({ action: 'book', serviceId: 'move', slotStart: tokyo('2026-04-03', '13:00'), language: 'vi' });
    expect(answer).toMatchObject({ ok: true, booking: { serviceId: 'move', status: 'booked' } });
    expect(codeOf(bookings.answer({ action: 'book', serviceId: 'move', slotStart: tokyo('2026-04-03', '13:00'), language: 'ja' }))).toBe('booking/full');
    expect(bookings.answer({ action: 'cancel', code: 'ZZZZ2222' })).toMatchObject({ ok: false, code: 'booking/not_found', message: expect.any(String) });
  });

  it('counts a booking made by staff on the reservations page against the slot’s places', () => {
    const { bookings, db } = office();
    const ten = tokyo('2026-04-02', '10:00');
    db.prepare(
      "INSERT INTO reservations (id, code, service_id, business_date, slot_start, slot_end, status) VALUES ('s1', 'STAF2345', 'card', '2026-04-02', ?, ?, 'booked')",
    ).run(ten + 600_000, ten + 2_400_000);
    expect(bookings.slots('card', '2026-04-02', 1).find((s) => s.start === ten)!.free).toBe(2);
    // A staff booking is not the phone's to cancel.
    refused('booking/not_found', () => bookings.cancel('STAF2345'));
  });
});

describe('the staffing forecast and bookings', () => {
  it('counts at least the visits booked in each hour, by procedure, and adds hours the forecast had none for', () => {
    const { bookings, db } = office();
    const ten = tokyo('2026-04-02', '10:00');
    bookings.book('card', ten, 'ja');
    bookings.book('card', ten + 1_800_000, 'ja');
    const gone = bookings.book('card', ten, 'ja');
    bookings.cancel(gone.code);
    bookings.book('move', tokyo('2026-04-02', '14:00'), 'en');
    const booked = bookedHours(db, '2026-04-02', '2026-04-02', 'Asia/Tokyo');
    expect(booked.sort((a, b) => a.hour - b.hour)).toEqual([
      { date: '2026-04-02', serviceId: 'card', hour: 10, booked: 2 },
      { date: '2026-04-02', serviceId: 'move', hour: 14, booked: 1 },
    ]);
    const forecast = [
      { date: '2026-04-02', serviceId: 'card', hour: 10, arrivals: 0.8 },
      { date: '2026-04-02', serviceId: 'card', hour: 11, arrivals: 3.5 },
    ];
    expect(withBookings(forecast, booked)).toEqual([
      { date: '2026-04-02', serviceId: 'card', hour: 10, arrivals: 2, booked: 2 },
      { date: '2026-04-02', serviceId: 'card', hour: 11, arrivals: 3.5, booked: 0 },
      { date: '2026-04-02', serviceId: 'move', hour: 14, arrivals: 1, booked: 1 },
    ]);
  });
});
