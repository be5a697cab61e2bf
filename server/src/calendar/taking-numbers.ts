/**
 * Whether the office takes numbers at an instant: the one place that decides it. Issuing a number (kiosk, staff,
 * floor guide) and checking in a reservation ask here, and so can every screen that says whether the office is open.
 *
 * The calendar and the hours say when the office is open: on an open day, from its opening time to its closing time.
 * An office "open for trying" (the demo, a trainer's evening) takes numbers at any hour on any day, and says so.
 */
import { JunbanError, type ClosedBecause, type OfficeSettings } from '@junban/protocol';
import { businessDateOf, instantOf } from '../queue/business-day.js';
import { calendarDay, closedReason } from './calendar.js';

/** Why the calendar says the office is closed now: a closed day, or an open day that has not opened yet. */
export type ClosedNow = ClosedBecause | { kind: 'hours'; date: string; opens: string; closes: string };

export interface TakingNumbers {
  /** The business day a number taken now would belong to (after closing: the next day). */
  businessDate: string;
  /** A number can be taken now. */
  open: boolean;
  /** Taking numbers only because the office is open for trying: the calendar or the hours say closed. */
  trying: boolean;
  /** Why the calendar or the hours say closed now, open for trying or not; null during business hours. */
  closedBecause: ClosedNow | null;
}

type Settings = Pick<OfficeSettings, 'timeZone' | 'hours' | 'closedWeekdays' | 'closedOnHolidays' | 'closures' | 'closedForNewYear' | 'openForTrying'>;

export function takingNumbers(at: number, settings: Settings, businessDate = businessDateOf(at, settings)): TakingNumbers {
  const { open, close } = settings.hours;
  let closedBecause: ClosedNow | null = calendarDay(businessDate, settings).closedBecause;
  // A business day ends at closing (see business-day.ts), so only "before opening" is left to check. Hours that do
  // not open before they close (an office open around the clock) leave the whole business day open.
  if (!closedBecause && open < close && at < instantOf(businessDate, open, settings.timeZone)) {
    closedBecause = { kind: 'hours', date: businessDate, opens: open, closes: close };
  }
  const trying = closedBecause !== null && settings.openForTrying;
  return { businessDate, open: closedBecause === null || trying, trying, closedBecause };
}

/** Why the office is closed now, in words for a resident or a member of staff. */
export function closedNowReason(why: ClosedNow): string {
  if (why.kind === 'hours') return `受付時間外 (outside business hours, ${why.opens}–${why.closes}); it opens at ${why.opens} on ${why.date}`;
  return closedReason(why);
}

/**
 * Throws when no number may be taken now: `office/closed_today` on a closed day, `office/closed_now` outside the
 * hours of an open day. Changes nothing either way.
 */
export function assertTakingNumbers(at: number, settings: Settings, businessDate?: string): void {
  const now = takingNumbers(at, settings, businessDate);
  if (now.open) return;
  const why = now.closedBecause!;
  if (why.kind === 'hours') throw new JunbanError('office/closed_now', `The office is not taking numbers now: ${closedNowReason(why)}.`);
  throw new JunbanError('office/closed_today', `The office is closed on ${now.businessDate}: ${closedReason(why)}. No numbers are issued today.`);
}
