/** Bookings, turned into visits at check-in. */
import { z } from 'zod';
import { Id, ServiceId } from '../common/model.js';

export const Reservation = z.object({
  id: Id,
  code: z.string(),
  serviceId: ServiceId,
  slotStart: z.number(),
  slotEnd: z.number(),
  status: z.enum(['booked', 'checked_in', 'cancelled']),
  visitId: Id.optional(),
  /** The booking has a note (personal data: read it with `GET /reservations/{id}/note`, form roles only). */
  hasNote: z.literal(true).optional(),
  /** A resident booked it from their phone, through the city (issue 19); absent when staff entered or imported it. */
  fromPhone: z.literal(true).optional(),
  /** When its resident said they are coming (one tap from a reminder); absent until they do. */
  confirmedAt: z.number().optional(),
});
export type Reservation = z.infer<typeof Reservation>;
