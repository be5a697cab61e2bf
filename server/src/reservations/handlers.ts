/** Bookings' slice of the API table: today's list, add, edit, cancel, import, and the resident's check-in. */
import type { IssueWithTicket } from '../kiosks/issuing.js';
import type { RemoteFeature } from '../remote/feature.js';
import type { HomeFormsFeature } from '../forms/home-forms.js';
import { can, JunbanError } from '@junban/protocol';
import type { CallContext, HandlerSlice } from '../web/calls.js';
import { noteForbidden, type Reservations } from './reservations.js';

export function reservationHandlers(deps: {
  reservations: Reservations;
  issueWithTicket: IssueWithTicket;
  remote: Pick<RemoteFeature, 'checkInByCode' | 'hasCode'>;
  /** Forms residents filled in at home, fetched from the city by their check-in code. */
  homeForms?: Pick<HomeFormsFeature, 'fetch' | 'checkIn' | 'attach' | 'taken' | 'ownCode'>;
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
      const known = remote.hasCode(code) || reservations.hasCode(code);
      if (!homeForms)
        return issueWithTicket(ctx, language, undefined, () => remote.checkInByCode(code, ctx.actor) ?? reservations.checkIn(code, ctx.actor, language));
      if (!known && homeForms.taken(code)) throw new JunbanError('reservation/used', 'These forms filled in at home have already been checked in.');
      // Fetched and opened before the number is issued: the issuing itself stays one synchronous transaction. A
      // booking's or remote number's check-in never waits on the city's trouble: it goes ahead without the forms.
      const opened = await homeForms.fetch(code).catch((err: unknown) => {
        if (!known) throw err;
        return [];
      });
      if (!known && opened.length && homeForms.ownCode(code, opened)) {
        return issueWithTicket(ctx, language, undefined, () => homeForms.checkIn(opened, ctx.actor, language));
      }
      return issueWithTicket(ctx, language, undefined, () => {
        const issued = remote.checkInByCode(code, ctx.actor) ?? reservations.checkIn(code, ctx.actor, language);
        homeForms.attach(issued.visit, opened, ctx.actor);
        return issued;
      });
    },
  } satisfies HandlerSlice;
}
