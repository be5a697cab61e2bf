/**
 * Every error a client can receive: a stable code, its HTTP status and a message for people.
 * Internal failures are reported as `server/internal` and never leak their details.
 */
export const errorStatus = {
  'input/invalid': 400,
  'input/too_large': 413,
  'auth/required': 401,
  'auth/bad_credentials': 401,
  'auth/forbidden': 403,
  /** Too many wrong passwords for this account from this address, or from this address: wait (Retry-After) and try again. */
  'auth/too_many_attempts': 429,
  /** The city's directory (LDAP/AD or OpenID provider) did not answer in time: local accounts still sign in. */
  'auth/directory_unavailable': 503,
  /** A browser request from another site's page (a forged form or script): refused before anything runs. */
  'auth/cross_origin': 403,
  'office/unknown_service': 404,
  'office/unknown_counter': 404,
  'office/unknown_group': 404,
  'office/service_closed': 409,
  'office/in_use': 409,
  'office/closed_today': 409,
  /** An open day, but outside its business hours (before opening); the office is not open for trying. */
  'office/closed_now': 409,
  'visit/not_found': 404,
  'step/not_found': 404,
  'step/wrong_state': 409,
  'step/other_counter': 409,
  /** This procedure needs an outcome code to finish (setup's `outcomeRequired`); nothing changed. */
  'step/outcome_required': 400,
  /** Not one of this procedure's outcome codes. */
  'step/unknown_outcome': 400,
  /** Not one of the office's pause reasons. */
  'counter/unknown_reason': 400,
  /** A no-show marked before the resident's grace ended (the sight need gives longer to reach the counter). */
  'step/too_soon': 409,
  /** An Idempotency-Key the caller already used for another request (another endpoint or input). */
  'idempotency/key_reused': 422,
  'queue/empty': 404,
  /** The procedure stopped issuing numbers for today (its cut-off: a last-issue time, the time left, a daily cap). */
  'queue/cut_off': 409,
  'counter/busy': 409,
  'counter/not_open': 409,
  'reservation/not_found': 404,
  'reservation/not_today': 409,
  'reservation/used': 409,
  'reservation/closed_day': 409,
  'reservation/duplicate_code': 409,
  'access/duplicate_username': 409,
  'access/not_found': 404,
  /** An admin may not disable or demote their own account. */
  'access/own_account': 409,
  /** The office must keep at least one enabled admin. */
  'access/last_admin': 409,
  'pairing/not_found': 404,
  'pairing/too_many_attempts': 429,
  'printer/not_found': 404,
  'print/not_found': 404,
  'kiosk/slow_down': 429,
  /** A socket sent more messages than a screen ever does; the message was not handled (see docs/security.md). */
  'socket/too_many_messages': 429,
  'api/not_found': 404,
  /** A floor guide's form has errors (or warnings not acknowledged); `issues` lists each with its field. */
  'form/invalid': 400,
  'form/not_found': 404,
  /** The font JUNBAN_PDF_FONT names is not there. */
  'form/no_font': 503,
  /** Another program holds the database's lock (a backup, a tool); nothing changed, try again. */
  'storage/busy': 503,
  /** The database cannot write (disk full, read-only, I/O error); nothing changed. /health answers it too. */
  'storage/unwritable': 503,
  /** The city: no office with this id. */
  'city/unknown_office': 404,
  /** An enrolment code that is wrong, used or expired: the city admin makes a new one. */
  'city/bad_code': 400,
  /** Someone else saved the catalogue since you opened it; open it again. */
  'city/stale_catalogue': 409,
  /** The office could not reach the city's address (enrolment), or the city refused its credential (revoked). */
  'city/unreachable': 502,
  'city/revoked': 409,
  /** The office is not linked to a city. */
  'city/not_linked': 404,
  /** The city decides this part of the setup; the office follows its catalogue. */
  'city/locked': 409,
  /** No undelivered notice with this id (it was sent, or never existed). */
  'notice/not_found': 404,
  /** The notice's visit has ended: its contact detail is erased, so it cannot be sent again. */
  'notice/erased': 409,
  /** Joining from a phone: this procedure is not open to it here, or not now (see the city's rules for joining). */
  'remote/closed': 409,
  /** Joining from a phone: this hour's or day's remote numbers are taken, or the rest of the line is kept for walk-ins. */
  'remote/full': 409,
  /** Joining from a phone: this phone or address took as many numbers as it may today. */
  'remote/too_many': 429,
  /** The office's link to the city is down just now: joining, postponing or cancelling from a phone waits for it. */
  'remote/office_offline': 503,
  /** A remote number may be postponed once. */
  'remote/postponed_once': 409,
  /** Booking from a phone: this procedure is not booked at this office, or this slot is not one it offers (closed, past, too far ahead). */
  'booking/not_offered': 409,
  /** Booking from a phone: every place of this slot is taken; choose another. */
  'booking/full': 409,
  /** No booking with this link or code (or it is another office's). */
  'booking/not_found': 404,
  /** The booking can no longer be changed: it is checked in, cancelled, or its slot has begun. */
  'booking/closed': 409,
  /** Booking from a phone: this address booked as many visits as it may today. */
  'booking/too_many': 429,
  /** Card pick-up: this address looked up or registered as many reference numbers as it may today. */
  'pickup/too_many': 429,
  /** A rating after service (issue 20): the visit has not ended yet. */
  'rating/not_ended': 409,
  /** A visit is rated once; this one already was. */
  'rating/already_given': 409,
  /** No notice on the screens with this id (or it was already withdrawn). */
  'screen_notice/not_found': 404,
  'server/internal': 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For `input/invalid`: which fields, and what is wrong with each. */
  issues?: {
    path: string;
    message: string;
    /** For `form/invalid`: an error must be fixed; a warning may be acknowledged. */
    level?: 'error' | 'warning';
    /** For `form/invalid`: the message in the resident's languages, as the form check words it. */
    text?: { ja: string; en: string };
  }[];
}

/** Thrown by the server's domain and handlers; turned into an HTTP error or a socket acknowledgement. */
export class JunbanError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorBody['issues'],
    /** For a 429: how many seconds to wait, sent as the Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'JunbanError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

/** What a socket acknowledgement carries. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
