/**
 * Booking slots, pure (issue 19): which procedures an office lets residents book, the slots of a day from its
 * calendar and hours, and how many places a slot has left. A slot's places come from the counters set up to serve
 * bookings (`Counter.bookingsPerSlot`): each such counter takes that many bookings per slot, for any of its
 * procedures. A counter serving two procedures is shared between them, so the places left for one procedure are
 * what a fair assignment of bookings to counters still allows (Hall's condition over the procedures booked).
 */
import { DateTime } from 'luxon';
import { JunbanError, type BookingSlot, type OfficeConfig, type OfficeSettings } from '@junban/protocol';
import { addDays, calendarDay } from '../calendar/calendar.js';
import { businessDateOf, instantOf } from '../queue/business-day.js';

export const BOOKING_DEFAULTS = { slotMinutes: 30, daysAhead: 14, leadMinutes: 60 } as const;
/** Past this many procedures booked in one slot, the places left are counted over the most booked ones only. */
const MAX_SHARED = 12;
const MINUTE = 60_000;

export interface BookingRules {
  slotMinutes: number;
  daysAhead: number;
  leadMinutes: number;
}

export function bookingRules(settings: Pick<OfficeSettings, 'bookingSlotMinutes' | 'bookingDaysAhead' | 'bookingLeadMinutes'>): BookingRules {
  return {
    slotMinutes: settings.bookingSlotMinutes ?? BOOKING_DEFAULTS.slotMinutes,
    daysAhead: settings.bookingDaysAhead ?? BOOKING_DEFAULTS.daysAhead,
    leadMinutes: settings.bookingLeadMinutes ?? BOOKING_DEFAULTS.leadMinutes,
  };
}

type Config = Pick<OfficeConfig, 'settings' | 'services' | 'counters'>;

const bookingCounters = (config: Config) => config.counters.filter((c) => (c.bookingsPerSlot ?? 0) > 0);

/** The open procedures a resident may book here: those a counter serving bookings calls, in the setup's order. */
export function bookableServices(config: Config): string[] {
  if (bookingRules(config.settings).daysAhead === 0) return [];
  const served = new Set(bookingCounters(config).flatMap((c) => c.services));
  return config.services.filter((s) => s.active && served.has(s.id)).map((s) => s.id);
}

/** The slots of one date, from opening to closing (the last one ends by closing); none on a closed day. */
export function slotsOfDay(date: string, config: Config): { start: number; end: number }[] {
  const { settings } = config;
  if (calendarDay(date, settings).closedBecause) return [];
  const { slotMinutes } = bookingRules(settings);
  const open = instantOf(date, settings.hours.open, settings.timeZone);
  const close = instantOf(date, settings.hours.close, settings.timeZone);
  const slots: { start: number; end: number }[] = [];
  for (let start = open; start + slotMinutes * MINUTE <= close; start += slotMinutes * MINUTE) slots.push({ start, end: start + slotMinutes * MINUTE });
  return slots;
}

/**
 * How many more bookings of `serviceId` one slot takes, given the bookings it holds per procedure. Adding x of the
 * procedure keeps every booking seatable at a counter serving it iff, for every set T of procedures holding it,
 * the bookings of T stay within the places of the counters serving any of T: the least such margin is the answer.
 */
export function placesLeft(config: Config, serviceId: string, taken: ReadonlyMap<string, number>): number {
  const counters = bookingCounters(config);
  if (!counters.some((c) => c.services.includes(serviceId))) return 0;
  const servedByBooking = new Set(counters.flatMap((c) => c.services));
  const others = [...taken.entries()]
    .filter(([id, n]) => id !== serviceId && n > 0 && servedByBooking.has(id))
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SHARED);
  const own = taken.get(serviceId) ?? 0;
  let least = Infinity;
  for (let mask = 0; mask < 1 << others.length; mask++) {
    const set = new Set([serviceId]);
    let booked = own;
    others.forEach(([id, n], i) => {
      if (mask & (1 << i)) {
        set.add(id);
        booked += n;
      }
    });
    const places = counters.filter((c) => c.services.some((s) => set.has(s))).reduce((sum, c) => sum + (c.bookingsPerSlot ?? 0), 0);
    least = Math.min(least, places - booked);
  }
  return Math.max(0, least);
}

const localDate = (at: number, timeZone: string) => DateTime.fromMillis(at, { zone: timeZone }).toISODate()!;

/** Whether a slot start is still open to booking at `now`: after the lead time, within the days ahead. */
function inWindow(start: number, now: number, config: Config): boolean {
  const rules = bookingRules(config.settings);
  const last = addDays(localDate(now, config.settings.timeZone), rules.daysAhead);
  return start >= now + rules.leadMinutes * MINUTE && localDate(start, config.settings.timeZone) <= last;
}

/** The slots of a procedure residents may book now, from `from` for `days` days, with the places each has left. */
export function openSlots(
  config: Config,
  serviceId: string,
  from: string,
  days: number,
  now: number,
  takenIn: (start: number, end: number) => ReadonlyMap<string, number>,
): BookingSlot[] {
  if (!bookableServices(config).includes(serviceId)) return [];
  const out: BookingSlot[] = [];
  for (let i = 0; i < days; i++) {
    for (const slot of slotsOfDay(addDays(from, i), config)) {
      if (inWindow(slot.start, now, config)) out.push({ ...slot, free: placesLeft(config, serviceId, takenIn(slot.start, slot.end)) });
    }
  }
  return out;
}

/** The slot starting at `start` for this procedure, if it is one the office offers for booking now; else why not. */
export function offeredSlot(config: Config, serviceId: string, start: number, now: number): { start: number; end: number } {
  const service = config.services.find((s) => s.id === serviceId);
  if (!service || !bookableServices(config).includes(serviceId)) {
    throw new JunbanError('booking/not_offered', `The procedure "${serviceId}" cannot be booked at this office.`);
  }
  const slot = slotsOfDay(businessDateOf(start, config.settings), config).find((s) => s.start === start);
  if (!slot) throw new JunbanError('booking/not_offered', 'This is not one of the office’s booking slots (closed day, outside hours, or not a slot start).');
  if (!inWindow(start, now, config)) throw new JunbanError('booking/not_offered', 'This slot can no longer be booked, or not yet: choose another.');
  return slot;
}
