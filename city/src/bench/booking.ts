/**
 * Part 8 of the city's bench: residents racing to book (issue 19). A real demo office (its counter 6 takes two
 * bookings a slot for the My Number card's procedures) linked to a city process on PostgreSQL; `phones` residents,
 * `window` at a time, each open the booking page's slots (`GET /api/v1/book/slots`) and book one of the first
 * `slots` slots that had room (`POST /api/v1/book`): far more residents than places. Measures both calls' latency
 * and checks at the office that no slot went over its places.
 */
import type { BookingSlot } from '@junban/protocol';
import { HttpClient } from '@junban/server/bench/http-client';
import { ServerProcess } from '@junban/server/bench/server-process';
import { distribution, type Distribution } from '@junban/server/bench/stats';
import type { Db } from '../db/engine.js';
import { linkOffice } from './live-floor.js';
import type { CityProcess } from './processes.js';
import { benchPort } from './processes.js';

const OFFICE_ID = 'booking-office';
const SERVICE = 'mynumber-pickup';
/** The demo's counter 6: two bookings a slot. */
const PLACES_PER_SLOT = 2;

export interface BookingResult {
  phones: number;
  window: number;
  slots: number;
  places: number;
  won: number;
  full: number;
  failed: number;
  firstError: string | undefined;
  slotsMs: Distribution;
  bookMs: Distribution;
  /** Slots holding more bookings than their places, at the office: must be 0. */
  overCapacity: number;
  ms: number;
}

export async function runBookingRace(
  o: { db: Db; city: CityProcess; tmp: string; phones: number; window: number; slots: number; step: (line: string) => void },
  cleanups: (() => Promise<void>)[],
): Promise<BookingResult> {
  o.step('8. a real office linked to the city, its counter 6 taking bookings');
  const office = await ServerProcess.start([], { port: await benchPort() });
  cleanups.push(() => office.stop());
  const officeClient = new HttpClient(office.origin, { connections: 2 });
  cleanups.push(async () => officeClient.close());
  const admin = await linkOffice(office, officeClient, o.db, o.city.url, OFFICE_ID);
  const city = new HttpClient(o.city.url, { connections: o.window, timeoutMs: 30_000 });
  cleanups.push(async () => city.close());
  const slotsPath = `/api/v1/book/slots?officeId=${OFFICE_ID}&serviceId=${SERVICE}&days=14`;
  for (const deadline = Date.now() + 30_000; ;) {
    const offices = await city.json<{ officeId: string; online: boolean }[]>('GET', '/api/v1/book');
    if (offices.some((x) => x.officeId === OFFICE_ID && x.online)) break;
    if (Date.now() > deadline) throw new Error('the office did not show on the booking page within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const raced = (await city.json<{ slots: BookingSlot[] }>('GET', slotsPath)).slots.filter((s) => s.free > 0).slice(0, o.slots);
  if (raced.length < o.slots) throw new Error(`only ${raced.length} slots with room in the next 14 days`);
  const racedStarts = new Set(raced.map((s) => s.start));

  o.step(`8. ${o.phones} residents, ${o.window} at a time, racing for ${raced.length * PLACES_PER_SLOT} places in ${raced.length} slots`);
  const slotsMs: number[] = [];
  const bookMs: number[] = [];
  let won = 0;
  let full = 0;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const phone = async (n: number) => {
    try {
      let t = performance.now();
      const page = await city.send('GET', slotsPath);
      slotsMs.push(performance.now() - t);
      const open = ((page.body as { slots?: BookingSlot[] }).slots ?? []).filter((s) => racedStarts.has(s.start) && s.free > 0);
      // A resident whose page shows no room picks one anyway (the page was a second old): the office decides.
      const slot = (open.length ? open : raced)[n % (open.length || raced.length)]!;
      t = performance.now();
      const reply = await city.send('POST', '/api/v1/book', { body: { officeId: OFFICE_ID, serviceId: SERVICE, slotStart: slot.start, language: 'ja' } });
      bookMs.push(performance.now() - t);
      if (reply.status === 200) won++;
      else if (reply.status === 409 && (reply.body as { error?: { code?: string } }).error?.code === 'booking/full') full++;
      else {
        failed++;
        firstError ??= `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
      }
    } catch (err) {
      failed++;
      firstError ??= err instanceof Error ? err.message : String(err);
    }
  };
  await Promise.all(
    Array.from({ length: o.window }, async () => {
      for (let n = next++; n < o.phones; n = next++) await phone(n);
    }),
  );
  const ms = performance.now() - started;

  // At the office: every raced slot's bookings, from its own reservations list.
  const dates = [...new Set(raced.map((s) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(s.start)))];
  const perSlot = new Map<number, number>();
  for (const date of dates) {
    const list = await officeClient.json<{ slotStart: number; status: string }[]>('GET', `/api/v1/reservations?date=${date}`, { headers: admin });
    for (const r of list) if (r.status !== 'cancelled') perSlot.set(r.slotStart, (perSlot.get(r.slotStart) ?? 0) + 1);
  }
  const overCapacity = [...perSlot.values()].filter((n) => n > PLACES_PER_SLOT).length;
  o.city.assertAlive();
  await office.stop();
  return {
    phones: o.phones,
    window: o.window,
    slots: raced.length,
    places: raced.length * PLACES_PER_SLOT,
    won,
    full,
    failed,
    firstError,
    slotsMs: distribution(slotsMs),
    bookMs: distribution(bookMs),
    overCapacity,
    ms,
  };
}
