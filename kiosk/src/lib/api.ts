/**
 * The few API calls the kiosk and the status page make, through the protocol's zod-free client: paths and methods
 * come from the API's zod-free routes (`@junban/protocol/screens`), so these pages stay small (the status page loads on
 * a resident's phone) and never repeat a path by hand. A refusal arrives as `JunbanError` with the server's code.
 */
import { createClientFor, JunbanError, queueRoutes, reservationsRoutes, type ApiInput } from '@junban/protocol/screens';
import type { Problem } from './language/languages';

/** Every answer is read fresh: a resident's place in line changes from one second to the next. */
const noStore: typeof fetch = (input, init) => fetch(input, { ...init, cache: 'no-store' });
/** Only the routes these pages call, so the bundle carries no other part of the table. */
const kioskRoutes = { issueVisit: queueRoutes.issueVisit, checkIn: reservationsRoutes.checkIn, visitStatus: queueRoutes.visitStatus };

/** What a kiosk may do with its device token: issue a number, check in a reservation. */
export function kioskApi(token: string) {
  const call = createClientFor(kioskRoutes, { token, fetch: noStore });
  return {
    issueVisit: (input: ApiInput<'issueVisit'>) => call('issueVisit', input),
    checkIn: (input: ApiInput<'checkIn'>) => call('checkIn', input),
  };
}
export type KioskApi = ReturnType<typeof kioskApi>;

/** A resident's own visit, from the token in their ticket's QR code; no account or device needed. */
export const visitStatus = (statusToken: string) => createClientFor(kioskRoutes, { fetch: noStore })('visitStatus', { token: statusToken });

/** What to tell the resident when the kiosk could not give them a number. */
export function problemOf(err: unknown): Problem {
  const code = err instanceof JunbanError ? err.code : null;
  switch (code) {
    case 'kiosk/slow_down':
      return 'slow_down';
    case 'reservation/not_found':
      return 'code_not_found';
    case 'reservation/not_today':
      return 'code_not_today';
    case 'reservation/used':
      return 'code_used';
    default:
      return 'failed';
  }
}
