import { createApiClient, JunbanError, type ApiInput, type ApiOutput, type EndpointName, type ErrorCode } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/** Staff calls carry the session cookie set by `login`; there is no token to pass. */
export const call = createApiClient();

/**
 * What each refusal means, in Japanese: the server words its messages in English (they go to logs and the API too),
 * and staff screens say everything in Japanese first. The server's sentence follows, with the number or name in it.
 */
const codes = say.errors.codes;
const japanese: Record<ErrorCode, string> = {
  'input/invalid': codes.input.invalid.ja(),
  'input/too_large': codes.input.tooLarge.ja(),
  'auth/required': codes.auth.required.ja(),
  'auth/bad_credentials': codes.auth.badCredentials.ja(),
  'auth/forbidden': codes.auth.forbidden.ja(),
  'auth/directory_unavailable': codes.auth.directoryUnavailable.ja(),
  'auth/too_many_attempts': codes.auth.tooManyAttempts.ja(),
  'auth/cross_origin': codes.auth.crossOrigin.ja(),
  'office/unknown_service': codes.office.unknownService.ja(),
  'office/unknown_counter': codes.office.unknownCounter.ja(),
  'office/unknown_group': codes.office.unknownGroup.ja(),
  'office/service_closed': codes.office.serviceClosed.ja(),
  'office/in_use': codes.office.inUse.ja(),
  'office/closed_today': codes.office.closedToday.ja(),
  'office/closed_now': codes.office.closedNow.ja(),
  'visit/not_found': codes.visit.notFound.ja(),
  'step/not_found': codes.step.notFound.ja(),
  'step/wrong_state': codes.step.wrongState.ja(),
  'step/other_counter': codes.step.otherCounter.ja(),
  'step/outcome_required': codes.step.outcomeRequired.ja(),
  'step/unknown_outcome': codes.step.unknownOutcome.ja(),
  'counter/unknown_reason': codes.counter.unknownReason.ja(),
  'step/too_soon': codes.step.tooSoon.ja(),
  'queue/empty': codes.queue.empty.ja(),
  'queue/cut_off': codes.queue.cutOff.ja(),
  'counter/busy': codes.counter.busy.ja(),
  'counter/not_open': codes.counter.notOpen.ja(),
  'reservation/not_found': codes.reservation.notFound.ja(),
  'reservation/not_today': codes.reservation.notToday.ja(),
  'reservation/used': codes.reservation.used.ja(),
  'reservation/closed_day': codes.reservation.closedDay.ja(),
  'reservation/duplicate_code': codes.reservation.duplicateCode.ja(),
  'access/duplicate_username': codes.access.duplicateUsername.ja(),
  'access/not_found': codes.access.notFound.ja(),
  'access/own_account': codes.access.ownAccount.ja(),
  'access/last_admin': codes.access.lastAdmin.ja(),
  'pairing/not_found': codes.pairing.notFound.ja(),
  'pairing/too_many_attempts': codes.pairing.tooManyAttempts.ja(),
  'printer/not_found': codes.printer.notFound.ja(),
  'print/not_found': codes.print.notFound.ja(),
  'kiosk/slow_down': codes.kiosk.slowDown.ja(),
  'socket/too_many_messages': codes.socket.tooManyMessages.ja(),
  'api/not_found': codes.api.notFound.ja(),
  'form/invalid': codes.form.invalid.ja(),
  'form/not_found': codes.form.notFound.ja(),
  'form/no_font': codes.form.noFont.ja(),
  'idempotency/key_reused': codes.idempotency.keyReused.ja(),
  'city/unknown_office': codes.city.unknownOffice.ja(),
  'city/bad_code': codes.city.badCode.ja(),
  'city/stale_catalogue': codes.city.staleCatalogue.ja(),
  'city/unreachable': codes.city.unreachable.ja(),
  'city/revoked': codes.city.revoked.ja(),
  'city/not_linked': codes.city.notLinked.ja(),
  'city/locked': codes.city.locked.ja(),
  'notice/not_found': codes.notice.notFound.ja(),
  'notice/erased': codes.notice.erased.ja(),
  'remote/closed': codes.remote.closed.ja(),
  'remote/full': codes.remote.full.ja(),
  'remote/too_many': codes.remote.tooMany.ja(),
  'remote/office_offline': codes.remote.officeOffline.ja(),
  'remote/postponed_once': codes.remote.postponedOnce.ja(),
  'booking/not_offered': codes.booking.notOffered.ja(),
  'booking/full': codes.booking.full.ja(),
  'booking/not_found': codes.booking.notFound.ja(),
  'booking/closed': codes.booking.closed.ja(),
  'booking/too_many': codes.booking.tooMany.ja(),
  'pickup/too_many': codes.pickup.tooMany.ja(),
  'storage/busy': codes.storage.busy.ja(),
  'storage/unwritable': codes.storage.unwritable.ja(),
  'rating/not_ended': codes.rating.notEnded.ja(),
  'rating/already_given': codes.rating.alreadyGiven.ja(),
  'screen_notice/not_found': codes.screenNotice.notFound.ja(),
  'server/internal': codes.server.internal.ja(),
};

/** What a person should read when a call fails: "日本語 / the server's message"; a lost connection says so too. */
export function messageOf(err: unknown): string {
  if (err instanceof JunbanError) return `${japanese[err.code] ?? say.errors.other.ja()} / ${err.message}`;
  if (err instanceof TypeError) return `${say.errors.unreachable.ja()} / ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** How long to wait before sending an action again whose answer was lost: twice, then the error is shown. */
const RETRY_DELAYS_MS = [500, 1500];

/** A new idempotency key. getRandomValues works on the office LAN's plain http, where crypto.randomUUID does not. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One action (call next, finish, no-show …), named with a new idempotency key. When no answer came back (the network
 * dropped it, or the server failed without changing anything) it is sent again with the same key: the server then
 * answers what it did the first time, so the action happens once whatever the network did (docs/api.md).
 */
export async function callOnce<N extends EndpointName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
  const idempotencyKey = newKey();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(name, input, { idempotencyKey });
    } catch (err) {
      const lost = !(err instanceof JunbanError) || err.code === 'server/internal';
      if (!lost || attempt >= RETRY_DELAYS_MS.length) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}
