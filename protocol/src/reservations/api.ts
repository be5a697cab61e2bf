/** The reservations endpoints: bookings and their check-in. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { CalendarDate, Instant, NoteText, endpoint } from '../common/endpoint.js';
import { Id, Language, ServiceId } from '../common/model.js';
import { IssuedVisit } from '../queue/api.js';
import { RESERVATION_CODE, RESERVATION_CODE_RULE } from './code.js';
import { Reservation } from './model.js';
import { reservationsRoutes } from './routes.js';

export const reservationsApi = {
  listReservations: endpoint({
    ...reservationsRoutes.listReservations,
    permission: 'reservation:read',
    summary: "A business day's reservations (today by default).",
    input: z.object({ date: CalendarDate.optional() }),
    output: z.array(Reservation),
  }),
  createReservation: endpoint({
    ...reservationsRoutes.createReservation,
    permission: 'reservation:write',
    summary: 'Book a slot; a code is generated unless given.',
    errors: ['office/unknown_service', 'office/service_closed', 'reservation/closed_day', 'reservation/duplicate_code'],
    input: z.object({
      serviceId: ServiceId,
      slotStart: Instant,
      slotMinutes: z.number().int().min(5).max(240).default(30),
      code: z.string().regex(RESERVATION_CODE, RESERVATION_CODE_RULE).optional(),
      note: z.string().max(500).optional(),
    }),
    output: Reservation,
  }),
  getReservation: endpoint({
    ...reservationsRoutes.getReservation,
    permission: 'reservation:read',
    summary: 'One reservation (for the visit at the counter).',
    errors: ['reservation/not_found'],
    input: z.object({ reservationId: Id }),
    output: Reservation,
  }),
  reservationNote: endpoint({
    ...reservationsRoutes.reservationNote,
    permission: 'form:read',
    errors: ['reservation/not_found'],
    summary: "A booking's note (personal data: counter and guide staff only); null when none or erased at day close.",
    input: z.object({ reservationId: Id }),
    output: NoteText,
  }),
  updateReservation: endpoint({
    ...reservationsRoutes.updateReservation,
    permission: 'reservation:write',
    errors: ['reservation/not_found', 'reservation/used', 'office/unknown_service', 'office/service_closed', 'reservation/closed_day'],
    summary: 'Change a booking that is not checked in yet: procedure, slot, length or note.',
    input: z.object({
      reservationId: Id,
      serviceId: ServiceId.optional(),
      slotStart: Instant.optional(),
      slotMinutes: z.number().int().min(5).max(240).optional(),
      note: z.string().max(500).optional(),
    }),
    output: Reservation,
  }),
  cancelReservation: endpoint({
    ...reservationsRoutes.cancelReservation,
    permission: 'reservation:write',
    summary: 'Cancel a booking that was not checked in.',
    errors: ['reservation/not_found', 'reservation/used'],
    input: z.object({ reservationId: Id }),
    output: Reservation,
  }),
  importReservations: endpoint({
    ...reservationsRoutes.importReservations,
    permission: 'reservation:write',
    errors: ['office/unknown_service', 'office/service_closed', 'reservation/closed_day', 'reservation/duplicate_code'],
    summary: 'Import CSV with a header row: service,date,time[,minutes][,code][,note]; times are local to the office. All rows or none.',
    input: z.object({ csv: z.string().min(1).max(2_000_000) }),
    output: z.array(Reservation),
  }),
  checkIn: endpoint({
    ...reservationsRoutes.checkIn,
    permission: 'reservation:checkin',
    summary: 'Turn a reservation into a visit.',
    errors: [
      'reservation/not_found',
      'reservation/used',
      'reservation/not_today',
      'city/unreachable',
      'form/not_found',
      'office/service_closed',
      'office/closed_today',
      'office/closed_now',
      'kiosk/slow_down',
    ],
    input: z.object({ code: z.string().trim().toUpperCase().min(1).max(12), language: Language.default('ja') }),
    output: IssuedVisit,
  }),
} as const;
