/** Bookings' slice of the API table: today's list, add, edit, cancel, import, and the resident's check-in. */
import type { IssueWithTicket } from '../kiosks/issuing.js';
import type { RemoteFeature } from '../remote/feature.js';
import type { HomeFormsFeature } from '../forms/home-forms.js';
import { can } from '@junban/protocol';
import type { CallContext, HandlerSlice } from '../web/calls.js';
import { noteForbidden, type Reservations } from './reservations.js';

export function reservationHandlers(deps: {
  reservations: Reservations;
  issueWithTicket: IssueWithTicket;
  remote: Pick<RemoteFeature, 'checkInByCode' | 'hasCode'>;
  /** Forms residents filled in at home, fetched from the city by their check-in code. */
  homeForms?: Pick<HomeFormsFeature, 'fetch' | 'checkIn'>;
}) {
  const { reservations, issueWithTicket, remote, homeForms } = deps;
  /** Managers and admins may book, but not write a note they may not read back (notes are personal data). */
  const withNoteAllowed = <T extends { note?: string | undefined }>(input: T, ctx: CallContext): T => {
    if (input.note !== undefined && !can(ctx.principal, 'form:write')) throw noteForbidden();
    return input;
  };
  return {
    listReservations: ({ date }) => reservations.list(date),
    createReservation: (input, ctx) => reservations.create(withNoteAllowed(input, ctx), ctx.actor),
    getReservation: ({ reservationId }) => reservations.get(reservationId),
    updateReservation: ({ reservationId, ...change }, ctx) => reservations.update(reservationId, withNoteAllowed(change, ctx), ctx.actor),
    reservationNote: ({ reservationId }, ctx) => reservations.note(reservationId, ctx.actor),
    cancelReservation: ({ reservationId }) => reservations.cancel(reservationId),
    importReservations: ({ csv }, ctx) => reservations.import(csv, ctx.actor, can(ctx.principal, 'form:write')),
    // The kiosk's check-in reads a booking's code, a remote number's (joined from a phone) or a form's filled in at
    // home (kept at the city until then): the same screen for all three.
    async checkIn({ code, language }, ctx) {
      if (homeForms && !remote.hasCode(code) && !reservations.hasCode(code)) {
        // Fetched and opened before the number is issued: the issuing itself stays one synchronous transaction.
        const form = await homeForms.fetch(code);
        if (form) return issueWithTicket(ctx, language, undefined, () => homeForms.checkIn(form, ctx.actor, language));
      }
      return issueWithTicket(ctx, language, undefined, () => remote.checkInByCode(code, ctx.actor) ?? reservations.checkIn(code, ctx.actor, language));
    },
  } satisfies HandlerSlice;
}
