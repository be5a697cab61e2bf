/**
 * The history's date ranges: calendar dates as the API takes them ("YYYY-MM-DD"), counted without time zones. Today
 * is the browser's own date: the city's staff and its offices are in the same zone (see format.ts).
 */

import { say } from '$shared/staff-words';

const toUtc = (date: string): Date => new Date(`${date}T00:00:00Z`);
const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

/** The browser's date today, "2026-12-07". */
export function localToday(now: number = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** The first day of the month `months` after (or before) the month of `date`. */
function monthStart(date: string, months = 0): string {
  const d = toUtc(`${date.slice(0, 7)}-01`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return fromUtc(d);
}

/** The first day of the fiscal year `date` falls in: Japanese cities count theirs from 1 April. */
function fiscalYearStart(date: string): string {
  const year = Number(date.slice(0, 4));
  return `${date.slice(5, 7) >= '04' ? year : year - 1}-04-01`;
}

export const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toUtc(s).getTime());

export interface QuickRange {
  id: string;
  ja: string;
  en: string;
  from: string;
  to: string;
}

/**
 * The ranges a city manager asks for most: the last four weeks up to yesterday (the default: whole days, and every
 * weekday four times), this and last month, this and last fiscal year. Ranges that include today count it so far.
 */
export function quickRanges(today: string): QuickRange[] {
  const yesterday = addDays(today, -1);
  const thisFiscal = fiscalYearStart(today);
  const lastFiscal = `${Number(thisFiscal.slice(0, 4)) - 1}-04-01`;
  const t = say.city.history.ranges;
  return [
    { id: '4-weeks', ja: t.fourWeeks.ja(), en: t.fourWeeks.en(), from: addDays(yesterday, -27), to: yesterday },
    { id: 'this-month', ja: t.thisMonth.ja(), en: t.thisMonth.en(), from: monthStart(today), to: today },
    { id: 'last-month', ja: t.lastMonth.ja(), en: t.lastMonth.en(), from: monthStart(today, -1), to: addDays(monthStart(today), -1) },
    { id: 'this-fiscal-year', ja: t.thisFiscalYear.ja(), en: t.thisFiscalYear.en(), from: thisFiscal, to: today },
    { id: 'last-fiscal-year', ja: t.lastFiscalYear.ja(), en: t.lastFiscalYear.en(), from: lastFiscal, to: addDays(thisFiscal, -1) },
  ];
}
