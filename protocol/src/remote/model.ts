/**
 * Joining the queue from a phone (issue 18): the city admin's rules per office and procedure, the place a remote
 * number holds until its resident checks in, and what the city and the office say to each other over the link. A
 * remote number is an ordinary visit of the office: the office issues it, so numbering stays in one place.
 */
import { z } from 'zod';
import { Language, Needs } from '../common/model.js';
import { RatingState } from '../marks/model.js';
import { RESERVATION_CODE } from '../reservations/code.js';
import { REMOTE_RULE_DEFAULTS } from './defaults.js';

/**
 * Whether residents may take a number of one procedure at one office from their phone, and how much of the line
 * they may take. The caps and the walk-in share keep remote joiners from shutting out residents who come in person.
 */
export const RemoteRule = z.object({
  enabled: z.boolean(),
  /** Remote numbers of this procedure per clock hour and per day. */
  perHour: z.number().int().min(1).max(1000).default(REMOTE_RULE_DEFAULTS.perHour),
  perDay: z.number().int().min(1).max(10_000).default(REMOTE_RULE_DEFAULTS.perDay),
  /**
   * The share of the waiting line kept for residents who come in person: 0.5 lets remote numbers be at most half of
   * it (the first one always fits an empty line).
   */
  walkInShare: z.number().min(0).max(0.95).default(REMOTE_RULE_DEFAULTS.walkInShare),
  /** Joining stops once the estimated call would come later than this many minutes before closing. */
  stopBeforeCloseMin: z.number().int().min(0).max(600).default(REMOTE_RULE_DEFAULTS.stopBeforeCloseMin),
  /** The longest a resident is given to come in, from joining (arrive-by is earlier when the wait is shorter). */
  maxTravelMin: z.number().int().min(10).max(240).default(REMOTE_RULE_DEFAULTS.maxTravelMin),
  /** How long after arrive-by a place not checked in is kept before it is released. */
  graceMin: z.number().int().min(0).max(120).default(REMOTE_RULE_DEFAULTS.graceMin),
});
export type RemoteRule = z.infer<typeof RemoteRule>;

/** The rules by office id, then procedure id; a procedure not listed is not open to remote joining. */
export const RemoteRules = z.record(z.string(), z.record(z.string(), RemoteRule));
export type RemoteRules = z.infer<typeof RemoteRules>;

/** The check-in code a remote number carries: shown (and as a QR code) on the resident's phone, read by the kiosk. */
export const CheckInCode = z.string().regex(RESERVATION_CODE, 'a check-in code');

/**
 * The place a remote number holds. It keeps its turn in the line but is not called until its resident checks in at
 * the kiosk (or staff check them in); not checked in by `arriveBy` plus the grace, the place is released.
 */
export const RemotePlace = z.object({
  code: CheckInCode,
  arriveBy: z.number(),
  /** When the place is released if the resident has not checked in. */
  releaseAt: z.number(),
  checkedInAt: z.number().optional(),
  /** The resident has used their one postponement. */
  postponed: z.literal(true).optional(),
  /** Arrive-by is near and the resident has not checked in: told once ("come by … or your place is released"). */
  warned: z.literal(true).optional(),
  /** Not checked in in time: the place was given up. */
  released: z.literal(true).optional(),
});
export type RemotePlace = z.infer<typeof RemotePlace>;

/** city → office: a phone asks for a number (the city checked its limits first). */
/** `needs`: what the resident needs to be served (codes only), so the number goes to a counter that serves it. */
export const JoinRequest = z.object({ serviceId: z.string().min(1).max(40), language: Language, needs: Needs.optional() });
export type JoinRequest = z.infer<typeof JoinRequest>;

/**
 * office → city: the number issued, with its status page's token (the phone opens it), or why not, in the office's
 * error code and words.
 */
export const JoinAnswer = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), token: z.string().max(200), number: z.string(), arriveBy: z.number() }),
  z.object({ ok: z.literal(false), code: z.string().max(60), message: z.string().max(500) }),
]);
export type JoinAnswer = z.infer<typeof JoinAnswer>;

/** city → office: from a phone, about the visit whose status key this is (its token stays with the phone). */
export const RemoteAction = z.object({
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** `rating` asks whether the visit may be rated, and how it was: the office keeps that, the city does not. */
  action: z.enum(['postpone', 'cancel', 'rate', 'rating']),
  /** For `rate` (issue 20): the resident's rating after service, 1-5. */
  rating: z.number().int().min(1).max(5).optional(),
});
export type RemoteAction = z.infer<typeof RemoteAction>;
/** office → city: done, or why not (the visit is another office's: `visit/not_found`). */
export const RemoteActionAnswer = z.discriminatedUnion('ok', [
  /** `rating` is the answer to a `rating` question (an office older than it answers without). */
  z.object({ ok: z.literal(true), rating: RatingState.optional() }),
  z.object({ ok: z.literal(false), code: z.string().max(60), message: z.string().max(500) }),
]);
export type RemoteActionAnswer = z.infer<typeof RemoteActionAnswer>;
