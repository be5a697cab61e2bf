/**
 * Notices to residents' phones (issue 18): what a notice says, and where it goes. The first holds no contact detail
 * and no name; the second is a contact detail, kept only at the city, sealed at rest, for one visit, erased when the
 * visit ends.
 */
import { z } from 'zod';
import { Language, LocalizedText } from '../common/model.js';

/**
 * Why a notice goes out: N people ahead (the resident chose N), called (with the counter), the visit moved to its
 * next step, called again and about to be taken as a no-show, a number taken from a phone not checked in yet with
 * its arrive-by time near, or its place released (not checked in by arrive-by and the grace); a booked visit's reminders,
 * the day before and an hour before (`number` is then the booking's check-in code); a card or document ready to
 * collect (`card_ready`: `number` is the reference the resident gave, `statusUrl` the pick-up page); documents prepared
 * while the resident waited are ready at the counter (`documents_ready`, with the counters in `counter`).
 */
export const NoticeKind = z.enum(['ahead', 'called', 'step', 'no_show_soon', 'check_in_soon', 'released', 'booking_tomorrow', 'booking_soon', 'card_ready', 'documents_ready']);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** What a notice says. Its words come from the city's translation catalogue, in the resident's language. */
export const NoticeMessage = z.object({
  kind: NoticeKind,
  language: Language,
  office: LocalizedText,
  /** The ticket's number, as printed (e.g. "A-012"); never a name. */
  number: z.string().max(20),
  /** People ahead, for `ahead`. */
  ahead: z.number().int().nonnegative().optional(),
  /** The counter called to, for `called`. */
  counter: LocalizedText.optional(),
  /** The procedure now, for `step`. */
  service: LocalizedText.optional(),
  /** For `check_in_soon`: minutes left to check in at the kiosk. */
  minutes: z.number().int().nonnegative().optional(),
  /** For a booking's reminders: the slot's start, in the office's local words (e.g. "4/2 10:00"). */
  time: z.string().max(40).optional(),
  /** The resident's status page at the city's public address (its token is the visit's capability, as on the ticket). */
  statusUrl: z.url().max(500),
});
export type NoticeMessage = z.infer<typeof NoticeMessage>;

/** A Web Push subscription as the browser's PushManager gives it (`subscription.toJSON()`). */
export const PushSubscription = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }),
});
export type PushSubscription = z.infer<typeof PushSubscription>;

/** Where a notice goes: one channel and the contact detail it needs. */
export const NoticeTarget = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), address: z.email().max(254) }),
  z.object({ channel: z.literal('webpush'), subscription: PushSubscription }),
  /** The LINE user id the city's official account got when the resident linked the visit (never typed in). */
  z.object({ channel: z.literal('line'), userId: z.string().regex(/^U[0-9a-f]{32}$/, 'a LINE user id') }),
  /** The city's own webhook (its SMS gateway, say): the phone number goes to it, signed. */
  z.object({ channel: z.literal('webhook'), phone: z.string().regex(/^\+?[0-9]{6,15}$/, 'a phone number, digits only') }),
]);
export type NoticeTarget = z.infer<typeof NoticeTarget>;
export type NoticeChannel = NoticeTarget['channel'];

/**
 * A notice that could not be delivered (a permanent refusal, or every retry spent), as the city's staff see it in
 * the dead-letter list: where it was going and why it failed, never to whom.
 */
export const DeadNotice = z.object({
  id: z.string(),
  officeId: z.string(),
  channel: z.enum(['email', 'webpush', 'line', 'webhook']),
  kind: NoticeKind,
  /** The ticket's number, as printed. */
  number: z.string(),
  attempts: z.number().int().nonnegative(),
  /** Why the last attempt failed, in the channel's words (never the contact detail). */
  lastError: z.string().nullable(),
  createdAt: z.number(),
  /** When it was given up. */
  deadAt: z.number(),
  /** The visit has ended and its contact detail is erased: it cannot be sent again. */
  erased: z.boolean(),
});
export type DeadNotice = z.infer<typeof DeadNotice>;
