/**
 * Booking a visit from a phone (issue 19): the slots an office offers per procedure, what the city and the office say
 * to each other over the link, and a booking as the resident's page shows it. The office owns its reservations: it
 * numbers them, checks capacity inside its own transaction (so no slot goes over) and checks them in at the kiosk.
 */
import { z } from 'zod';
import { CalendarDate } from '../common/endpoint.js';
import { Language } from '../common/model.js';
import { RESERVATION_CODE } from '../reservations/code.js';

/** One slot of one procedure: when it starts and ends, and how many more residents may book it now. */
export const BookingSlot = z.object({ start: z.number(), end: z.number(), free: z.number().int().min(0) });
export type BookingSlot = z.infer<typeof BookingSlot>;

/** A booking as the resident's page and the city see it (no name, no contact: those stay at the city, sealed). */
export const BookingView = z.object({
  code: z.string().regex(RESERVATION_CODE),
  serviceId: z.string(),
  slotStart: z.number(),
  slotEnd: z.number(),
  status: z.enum(['booked', 'checked_in', 'cancelled']),
  /** When the resident said they are coming (one tap from a reminder), if they did. */
  confirmedAt: z.number().nullable().optional(),
});
export type BookingView = z.infer<typeof BookingView>;

const ServiceRef = z.string().min(1).max(40);
const Code = z.string().regex(RESERVATION_CODE);

/** city → office, over the link (socket.io event `booking`, acknowledged with a BookingAnswer). */
export const BookingRequest = z.discriminatedUnion('action', [
  /** The slots of a procedure from a date, for this many days, with the places left in each. */
  z.object({ action: z.literal('slots'), serviceId: ServiceRef, from: CalendarDate, days: z.number().int().min(1).max(31) }),
  /** Book one place in a slot: the office checks the place is free and keeps it in one transaction. */
  z.object({ action: z.literal('book'), serviceId: ServiceRef, slotStart: z.number().int().nonnegative(), language: Language }),
  /** Move a booking to another slot of its procedure; its old place is free again at once. */
  z.object({ action: z.literal('reschedule'), code: Code, slotStart: z.number().int().nonnegative() }),
  /** Cancel a booking not yet checked in; its place is free again at once. */
  z.object({ action: z.literal('cancel'), code: Code }),
  /** The resident is coming (one tap from a reminder): staff see the booking confirmed. */
  z.object({ action: z.literal('confirm'), code: Code }),
  /** A booking, by its code. */
  z.object({ action: z.literal('get'), code: Code }),
]);
export type BookingRequest = z.infer<typeof BookingRequest>;

/** office → city: the slots, or the booking as it is now, or why not (the office's error code and words). */
export const BookingAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), slots: z.array(BookingSlot).max(2000).optional(), booking: BookingView.optional() }),
  z.object({ ok: z.literal(false), code: z.string().max(60), message: z.string().max(500) }),
]);
export type BookingAnswer = z.infer<typeof BookingAnswer>;
