/**
 * Booking a visit from a phone: the calls to the city's public face (they exist only there, like joining). Paths come
 * from the protocol's zod-free city routes.
 */
import { createCityClient, JunbanError, type BookingOffice, type Language, type NoticeTarget } from '@junban/protocol/screens';
import type { BookProblem, PickupProblem } from '$lib/language/languages';

const city = createCityClient({ fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) });

export const bookingOptions = (): Promise<BookingOffice[]> => city('bookingOptions', {});
export const bookingSlots = (officeId: string, serviceId: string, from: string | undefined, days: number) =>
  city('bookingSlots', { officeId, serviceId, days, ...(from ? { from } : {}) });
export const bookVisit = (officeId: string, serviceId: string, slotStart: number, language: Language, remind?: NoticeTarget) =>
  city('bookVisit', { officeId, serviceId, slotStart, language, ...(remind ? { remind } : {}) });
export const getBooking = (token: string) => city('getBooking', { token });
export const rescheduleBooking = (token: string, slotStart: number) => city('rescheduleBooking', { token, slotStart });
export const cancelBooking = (token: string) => city('cancelBooking', { token });
export const confirmBooking = (token: string) => city('confirmBooking', { token });

/** What to tell the resident when a booking could not be made or changed. */
export function bookProblem(err: unknown): BookProblem {
  const code = err instanceof JunbanError ? err.code : undefined;
  if (code === 'booking/not_offered') return 'not_offered';
  if (code === 'booking/full') return 'full';
  if (code === 'booking/too_many') return 'too_many';
  if (code === 'booking/not_found') return 'not_found';
  if (code === 'booking/closed') return 'closed';
  if (code === 'remote/office_offline') return 'offline';
  return 'failed';
}

/** A slot's day as a heading, and its time, in the resident's language. */
export const dayLabel = (at: number, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(at);
export const timeLabel = (at: number, locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);
export const whenLabel = (at: number, locale: string, timeZone: string) => `${dayLabel(at, locale, timeZone)} ${timeLabel(at, locale, timeZone)}`;

/** The date `days` after a YYYY-MM-DD date. */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Today's date on the office's clock. */
export const today = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now());

/** Card pick-up: is the document with this reference ready (and where may its pick-up be booked)? */
export const pickupStatus = (reference: string) => city('pickupStatus', { reference });
/** Card pick-up: tell me when it is ready. */
export const followPickup = (reference: string, target: NoticeTarget, language: Language) => city('followPickup', { reference, target, language });

/** A reference as typed (full-width digits on a Japanese keyboard, spaces) as the city takes it. */
export const typedReference = (typed: string) => typed.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** What to tell the resident when a pick-up look-up or a wish to be told was refused. */
export function pickupProblem(err: unknown): PickupProblem {
  const code = err instanceof JunbanError ? err.code : undefined;
  if (code === 'pickup/too_many') return 'too_many';
  if (code === 'input/invalid') return 'bad_reference';
  return 'failed';
}
