/**
 * How the CSV files write figures, the office's and the city's alike, so that a spreadsheet built on one reads the
 * other: times in minutes with one decimal, shares as 0–1 with three; a blank cell where there is nothing to measure.
 */
import type { Durations } from '@junban/protocol';

export const minutesCell = (sec: number | null) => (sec === null ? '' : (sec / 60).toFixed(1));
export const shareCell = (x: number | null) => (x === null ? '' : x.toFixed(3));
/** `wait_mean_min`, `wait_median_min`, `wait_p90_min`, `wait_max_min` for the prefix `wait`. */
export const durationCells = (prefix: string, d: Durations) => ({
  [`${prefix}_mean_min`]: minutesCell(d.mean),
  [`${prefix}_median_min`]: minutesCell(d.median),
  [`${prefix}_p90_min`]: minutesCell(d.p90),
  [`${prefix}_max_min`]: minutesCell(d.max),
});
