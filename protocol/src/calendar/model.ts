/** The office's calendar: closed days, the hours, and whether it is open now. */
import { z } from 'zod';
import { ClockTime } from '../common/model.js';

/** A day the office is closed besides its weekly days off and public holidays. */
export const Closure = z.object({ date: z.iso.date(), reason: z.string().trim().min(1).max(200) });
export type Closure = z.infer<typeof Closure>;

/** Why the office is closed on a day: an office closure wins over a public holiday, which wins over a weekly day off. */
export const ClosedBecause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('closure'), reason: z.string() }),
  z.object({ kind: z.literal('holiday'), name: z.object({ ja: z.string(), en: z.string() }) }),
  z.object({ kind: z.literal('weekday'), weekday: z.number().int().min(0).max(6) }),
]);
export type ClosedBecause = z.infer<typeof ClosedBecause>;

/**
 * Whether the office receives residents right now, by its calendar and its hours, so that public screens say
 * "closed" instead of promising a short wait. Recomputed with every view and update (the server's tick sends one
 * every half minute, so opening and closing time reach the screens by themselves).
 */
export const OpeningNow = z.object({
  open: z.boolean(),
  /** Why it is closed now: not yet open today, closed for the day, or a closed day; null while open. */
  closed: z.enum(['before_hours', 'after_hours', 'closed_day']).nullable(),
  hours: z.object({ open: ClockTime, close: ClockTime }),
  /** On a closed day, why (an office closure, a public holiday, a weekly day off). */
  closedBecause: ClosedBecause.nullable(),
});
export type OpeningNow = z.infer<typeof OpeningNow>;

/** One day of the office's calendar, for the admin's calendar page and the kiosk. */
export const CalendarDay = z.object({
  date: z.string(),
  /** 0 Sunday … 6 Saturday. */
  weekday: z.number().int().min(0).max(6),
  open: z.boolean(),
  /** The public holiday on this day, whether or not the office closes for it. */
  holiday: z.object({ ja: z.string(), en: z.string() }).nullable(),
  closedBecause: ClosedBecause.nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;
