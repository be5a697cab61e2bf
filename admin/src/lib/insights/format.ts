/**
 * How the manager's screens write figures: durations in minutes with one decimal, shares as percentages, and "—"
 * where there was nothing to measure (the server sends null then, never 0).
 */

export const NONE = '—';

/** Seconds as minutes with one decimal: 754 → "12.6". */
export function minutes(sec: number | null | undefined): string {
  return sec === null || sec === undefined ? NONE : (sec / 60).toFixed(1);
}

/** A signed difference in minutes: residents waited longer (+) or shorter (−) than they were told. */
export function signedMinutes(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return NONE;
  const m = sec / 60;
  return `${m > 0 ? '+' : m < 0 ? '−' : '±'}${Math.abs(m).toFixed(1)}`;
}

/** Seconds as hours with one decimal. */
export function hours(sec: number | null | undefined): string {
  return sec === null || sec === undefined ? NONE : (sec / 3600).toFixed(1);
}

/** A share (0–1) as a percentage: 0.8123 → "81.2%". */
export function percent(share: number | null | undefined, digits = 1): string {
  return share === null || share === undefined ? NONE : `${(share * 100).toFixed(digits)}%`;
}

/** A count, with thousands separators. */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? NONE : n.toLocaleString('ja-JP');
}

/** A fractional figure (arrivals per day, per hour) with one decimal. */
export function decimal(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined ? NONE : n.toFixed(digits);
}

/** For charts: seconds as minutes rounded to 0.1, or null so the line leaves a gap. */
export function minutesValue(sec: number | null | undefined): number | null {
  return sec === null || sec === undefined ? null : Math.round(sec / 6) / 10;
}

/** For charts: a share as a percentage rounded to 0.1, or null. */
export function percentValue(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : Math.round(share * 1000) / 10;
}

/** "09:00" for an hour of the day. */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
