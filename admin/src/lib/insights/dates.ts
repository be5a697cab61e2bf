import { weekdays } from '$lib/labels';
import { say } from '$shared/staff-words';

/**
 * Calendar dates as the API takes them ("YYYY-MM-DD", months "YYYY-MM"), counted without time zones: the office's
 * today comes from `calendarDate(now, timeZone)` and everything else is arithmetic on the calendar.
 */

const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Days in a month "YYYY-MM". */
export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, 0)).getUTCDate();
}

/** The same day n months later, or the month's last day when it has no such day (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const target = shiftMonth(date.slice(0, 7), months);
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(target));
  return `${target}-${String(day).padStart(2, '0')}`;
}

/** "YYYY-MM" n months later. */
export function shiftMonth(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + months, 1));
  return fromUtc(d).slice(0, 7);
}

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000) + 1;
}

/** 0 Sunday … 6 Saturday, as the server counts weekdays. */
export function weekdayOf(date: string): number {
  return toUtc(date).getUTCDay();
}

/** "11/3(月)". */
export function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}(${weekdays[weekdayOf(date)]!.ja})`;
}

/** "2025年11月". */
export function monthLabel(month: string): string {
  return say.insights.dates.month.ja({ year: month.slice(0, 4), month: String(Number(month.slice(5, 7))) });
}

export const isDate = (s: string | null | undefined): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toUtc(s).getTime());
export const isMonth = (s: string | null | undefined): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

/** The history page's quick ranges, ending today (or with last month). */
export function quickRanges(today: string) {
  const month = today.slice(0, 7);
  const lastMonth = shiftMonth(month, -1);
  const t = say.insights.quickRanges;
  return [
    { id: 'this-month', ja: t.thisMonth.ja(), en: t.thisMonth.en(), from: monthStart(month), to: today },
    { id: 'last-month', ja: t.lastMonth.ja(), en: t.lastMonth.en(), from: monthStart(lastMonth), to: monthEnd(lastMonth) },
    { id: '3-months', ja: t.last3Months.ja(), en: t.last3Months.en(), from: addDays(addMonths(today, -3), 1), to: today },
    { id: '12-months', ja: t.last12Months.ja(), en: t.last12Months.en(), from: addDays(addMonths(today, -12), 1), to: today },
    { id: '3-years', ja: t.threeYears.ja(), en: t.threeYears.en(), from: addDays(addMonths(today, -36), 1), to: today },
  ] as const;
}
