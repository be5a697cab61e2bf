/**
 * The office's calendar: which business days it opens, and why it is closed on the others (an office closure, a
 * public holiday, a weekly day off). Issuing a number and checking in are refused on a closed day.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';
import { JunbanError, type CalendarDay, type ClosedBecause, type OfficeSettings, type OpeningNow } from '@junban/protocol';

type DaysOff = Pick<OfficeSettings, 'closedWeekdays' | 'closedOnHolidays' | 'closures'> & Partial<Pick<OfficeSettings, 'closedForNewYear'>>;
type Opening = DaysOff & Pick<OfficeSettings, 'timeZone' | 'hours'> & Partial<Pick<OfficeSettings, 'openForTrying'>>;

/** The New Year break of Japan's local governments: 29 December to 3 January (地方自治法 4条の2). */
export const NEW_YEAR_BREAK = { ja: '年末年始休業', en: 'New Year holidays' } as const;
const inNewYearBreak = (date: string) => date.slice(5) >= '12-29' || date.slice(5) <= '01-03';

/**
 * Japan's public holidays and substitute days as @holiday-jp/holiday_jp publishes them, keyed by YYYY-MM-DD.
 * Read directly: isHoliday() scans every key on each call (it runs on every ticket) and between() reads dates in
 * the server's own time zone, while business dates are already local to the office.
 */
const holidays = holidayJp.holidays as Readonly<Record<string, { name: string; name_en: string } | undefined>>;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_JA = ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'];

/** The longest range one calendar request may ask for. */
export const MAX_CALENDAR_DAYS = 400;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function holidayOn(date: string): { ja: string; en: string } | null {
  const h = Object.hasOwn(holidays, date) ? holidays[date] : undefined;
  return h ? { ja: h.name, en: h.name_en } : null;
}

export function calendarDay(date: string, settings: DaysOff): CalendarDay {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  const holiday = holidayOn(date);
  const closure = settings.closures.find((c) => c.date === date);
  let closedBecause: ClosedBecause | null = null;
  if (closure) closedBecause = { kind: 'closure', reason: closure.reason };
  else if (settings.closedForNewYear && inNewYearBreak(date)) closedBecause = { kind: 'closure', reason: `${NEW_YEAR_BREAK.ja} (${NEW_YEAR_BREAK.en})` };
  else if (holiday && settings.closedOnHolidays) closedBecause = { kind: 'holiday', name: holiday };
  else if (settings.closedWeekdays.includes(weekday)) closedBecause = { kind: 'weekday', weekday };
  return { date, weekday, open: closedBecause === null, holiday, closedBecause };
}

/** Every day from `from` to `to`, both included. */
export function calendarDays(from: string, to: string, settings: DaysOff): CalendarDay[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (last < first) throw new JunbanError('input/invalid', '"to" is before "from".', [{ path: 'to', message: 'must not be before from' }]);
  if (last - first + 1 > MAX_CALENDAR_DAYS) {
    throw new JunbanError('input/invalid', `Ask for at most ${MAX_CALENDAR_DAYS} days at a time.`, [
      { path: 'to', message: `at most ${MAX_CALENDAR_DAYS} days after from` },
    ]);
  }
  return Array.from({ length: last - first + 1 }, (_, i) => calendarDay(dateOf(first + i), settings));
}

export const addDays = (date: string, days: number) => dateOf(dayNumber(date) + days);

/** Why a closed day is closed, in words for a resident or a member of staff. */
export function closedReason(why: ClosedBecause): string {
  if (why.kind === 'closure') return why.reason;
  if (why.kind === 'holiday') return `${why.name.ja} (${why.name.en})`;
  return `${WEEKDAYS_JA[why.weekday]} (${WEEKDAYS[why.weekday]})`;
}

/**
 * Whether the office is open at this instant: an open day of its calendar, between its opening and closing time on
 * the office's clock. Judged by the local date, not the business date (which already turns to tomorrow at closing).
 * An office open for trying is open at any hour (taking-numbers.ts decides issuing; this is what screens say).
 */
export function openingAt(at: number, settings: Opening): OpeningNow {
  const local = DateTime.fromMillis(at, { zone: settings.timeZone });
  const { closedBecause } = calendarDay(local.toISODate()!, settings);
  const time = local.toFormat('HH:mm');
  const closed = settings.openForTrying
    ? null
    : closedBecause
      ? 'closed_day'
      : time < settings.hours.open
        ? 'before_hours'
        : time >= settings.hours.close
          ? 'after_hours'
          : null;
  return { open: closed === null, closed, hours: { ...settings.hours }, closedBecause: settings.openForTrying ? null : closedBecause };
}
