/**
 * Marks on the floor (issue 20): how steps ended (outcome codes), why counters paused, what each staff member did,
 * residents' ratings after service, and notices on the waiting-room screens.
 */
import { z } from 'zod';
import { Id, ServiceId } from '../common/model.js';
import { Instant } from '../common/endpoint.js';

/** A rating after service: 1 (bad) to 5 (very good). The page shows five faces; one tap sends it. */
export const Rating = z.number().int().min(1).max(5);
export type Rating = z.infer<typeof Rating>;

/** How ratings of a range add up. `counts[i]` is how many gave `i + 1`. */
export const RatingStats = z.object({
  count: z.number().int(),
  /** Null when nobody rated. */
  mean: z.number().nullable(),
  counts: z.array(z.number().int()).length(5),
});
export type RatingStats = z.infer<typeof RatingStats>;

/** The manager's marks over a date range: outcomes, pauses, staff figures and ratings. */
export const MarksReport = z.object({
  from: z.string(),
  to: z.string(),
  /** Finished steps by procedure and outcome code; `outcome` null for steps finished without one. */
  outcomes: z.array(z.object({ serviceId: ServiceId, outcome: z.string().nullable(), count: z.number().int() })),
  /** Pauses by reason (null: none given): how many, and their time in seconds. */
  pauses: z.array(z.object({ reason: z.string().nullable(), count: z.number().int(), seconds: z.number() })),
  /**
   * Per staff member (staff data: managers and admins only): steps finished, mean service time, time their
   * counters stood open with nobody at them (idle) and paused. A counter's open or paused time is its opener's or
   * pauser's, until its next change or the day's last event.
   */
  staff: z.array(
    z.object({
      staffId: z.string(),
      /** Their display name now; null when the account is gone. */
      name: z.string().nullable(),
      served: z.number().int(),
      meanServiceSec: z.number().nullable(),
      idleSec: z.number(),
      pausedSec: z.number(),
    }),
  ),
  ratings: RatingStats.extend({ services: z.array(RatingStats.extend({ serviceId: ServiceId })) }),
});
export type MarksReport = z.infer<typeof MarksReport>;

/** A phone's status token, as the ticket's QR code carries it. */
export const StatusToken = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a status token');

/** What a resident's page may ask of a rating: whether the visit may be rated now, and whether it was. */
export const RatingState = z.object({ canRate: z.boolean(), rated: Rating.nullable() });
export type RatingState = z.infer<typeof RatingState>;

/**
 * A notice on the waiting-room screens. `message`: a line in Japanese and a second language along the screen's
 * edge until `until`; `emergency`: the whole screen, until withdrawn. `deviceIds` empty: every display and kiosk.
 */
export const ScreenNoticeKind = z.enum(['message', 'emergency']);
export type ScreenNoticeKind = z.infer<typeof ScreenNoticeKind>;

export const ScreenNoticeText = z
  .object({ ja: z.string().trim().min(1).max(300) })
  .catchall(z.string().trim().min(1).max(300))
  .refine((t) => Object.keys(t).length >= 2, { message: 'give the notice in Japanese and a second language' });

export const NewScreenNotice = z
  .object({
    kind: ScreenNoticeKind,
    text: ScreenNoticeText,
    /** Required for a message: when it leaves the screens. An emergency stays until withdrawn (or this time, if given). */
    until: Instant.optional(),
    deviceIds: z.array(Id).max(200).default([]),
  })
  .refine((n) => n.kind === 'emergency' || n.until !== undefined, { path: ['until'], message: 'a message needs the time it ends' });

export const ScreenNotice = z.object({
  id: Id,
  kind: ScreenNoticeKind,
  /** `ja`, and the second language by its code (en, zh, ko, vi, pt…). */
  text: z.object({ ja: z.string() }).catchall(z.string()),
  postedAt: z.number(),
  until: z.number().nullable(),
  deviceIds: z.array(Id),
});
export type ScreenNotice = z.infer<typeof ScreenNotice>;
