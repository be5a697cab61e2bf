import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDay } from '../calendar/calendar.js';
import type { Closure } from '@junban/protocol';
import {
  dayFactors,
  fitArrivalModel,
  forecastWithModel,
  type ArrivalHistoryRow,
  type ArrivalModel,
  type ForecastOptions,
  type ForecastRow,
} from './forecast.js';

/** Fits the model to `history` and forecasts `dates`, as the insights do in two steps (learn once, forecast often). */
const forecastArrivals = (history: readonly ArrivalHistoryRow[], dates: readonly string[], isOpen: (date: string) => boolean, options?: ForecastOptions) =>
  forecastWithModel(fitArrivalModel(history, isOpen, options), dates, isOpen);

/** Arrivals per date (all procedures and hours), ascending by date. */
function dailyTotals(rows: readonly { date: string; arrivals: number }[]): { date: string; arrivals: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.date, (totals.get(row.date) ?? 0) + row.arrivals);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, arrivals]) => ({ date, arrivals }));
}

// A known generating process: the forecast is checked against its expected values, not against one noisy sample.

const closures: Closure[] = [];
for (let year = 2021; year <= 2027; year++) {
  for (const date of [`${year}-12-29`, `${year}-12-30`, `${year}-12-31`, `${year}-01-02`, `${year}-01-03`]) closures.push({ date, reason: '年末年始' });
}
const settings = { closedWeekdays: [0, 6], closedOnHolidays: true, closures };
const isOpen = (date: string) => calendarDay(date, settings).open;

function datesFrom(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** Ordinary-day arrivals of 13 procedures. */
const BASE = [40, 30, 25, 20, 15, 12, 10, 8, 6, 5, 4, 3, 2];
const SERVICES = BASE.map((_, i) => `svc-${String(i + 1).padStart(2, '0')}`);
const HOURS = [8, 9, 10, 11, 12, 13, 14, 15, 16];
/** Lunchtime is busiest (11–14); each procedure's profile is tilted a little differently. */
const PROFILES = BASE.map((_, s) => {
  const weights = [0.4, 0.9, 1.0, 1.5, 1.7, 1.6, 1.3, 0.8, 0.3].map((w, h) => w * (1 + (((s % 3) - 1) * 0.05 * (h - 4)) / 4));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
});

function openDaysOfMonth(date: string): string[] {
  return datesFrom(`${date.slice(0, 7)}-01`, `${date.slice(0, 7)}-31`).filter((d) => d.slice(0, 7) === date.slice(0, 7) && isOpen(d));
}

/** The generating day multiplier. */
const truthFactors = new Map<string, number>();
function truthFactor(date: string): number {
  let f = truthFactors.get(date);
  if (f === undefined) truthFactors.set(date, (f = computeTruthFactor(date)));
  return f;
}

function computeTruthFactor(date: string): number {
  const weekday = calendarDay(date, settings).weekday;
  const monthDays = openDaysOfMonth(date);
  const md = date.slice(5);
  let f = 1;
  if (weekday === 1) f *= 1.3; // Monday
  if (monthDays[0] === date) f *= 1.4; // first open day of the month
  // the day after a closure that is not a weekend
  for (let d = addDays(date, -1); !isOpen(d); d = addDays(d, -1)) {
    const w = calendarDay(d, settings).weekday;
    if (w !== 0 && w !== 6) {
      f *= 1.5;
      break;
    }
  }
  if (md.startsWith('04') && monthDays.indexOf(date) <= 2)
    f *= 4; // the first 3 open days of April
  else if (md >= '03-15' && md <= '04-07') f *= 2; // the spring moving season
  return f;
}

/** Expected arrivals for an open date: per procedure per hour. */
const truth = (date: string, s: number, h: number) => BASE[s]! * truthFactor(date) * PROFILES[s]![HOURS.indexOf(h)]!;
const truthDay = (date: string) => BASE.reduce((sum, b) => sum + b, 0) * truthFactor(date);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(from: string, to: string, seed: number, keepZeros = false): ArrivalHistoryRow[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const poisson = (lambda: number) => {
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  const rows: ArrivalHistoryRow[] = [];
  for (const date of datesFrom(from, to)) {
    if (!isOpen(date)) continue;
    const dayNoise = Math.exp(0.08 * normal() - 0.0032); // a busier or quieter day for every procedure (mean 1)
    for (let s = 0; s < SERVICES.length; s++) {
      for (const hour of HOURS) {
        const arrivals = poisson(truth(date, s, hour) * dayNoise);
        if (arrivals > 0 || keepZeros) rows.push({ date, serviceId: SERVICES[s]!, hour, arrivals });
      }
    }
  }
  return rows;
}

const sum = (rows: readonly ForecastRow[]) => rows.reduce((total, r) => total + r.arrivals, 0);
const dayTotal = (rows: readonly ForecastRow[], date: string) => sum(rows.filter((r) => r.date === date));

describe('arrival forecast from two years of history', () => {
  let history: ArrivalHistoryRow[];
  let model: ArrivalModel;
  let spring: ForecastRow[];
  let june: ForecastRow[];
  let july: ForecastRow[];

  beforeAll(() => {
    history = generate('2023-01-01', '2024-12-31', 20260401);
    model = fitArrivalModel(history, isOpen);
    spring = forecastArrivals(history, datesFrom('2025-03-01', '2025-04-30'), isOpen);
    june = forecastArrivals(history, datesFrom('2025-06-01', '2025-06-30'), isOpen);
    july = forecastArrivals(history, datesFrom('2025-07-01', '2025-07-31'), isOpen);
  });

  it('forecasts a normal month’s total within 8% of the truth, and each of its days within 15%', () => {
    const forecast = sum(june);
    const expected = datesFrom('2025-06-01', '2025-06-30')
      .filter(isOpen)
      .reduce((total, d) => total + truthDay(d), 0);
    expect(Math.abs(forecast / expected - 1)).toBeLessThan(0.08);
    for (const { date, arrivals } of dailyTotals(june)) expect(Math.abs(arrivals / truthDay(date) - 1)).toBeLessThan(0.15);
  });

  it('forecasts each procedure’s month within 10%', () => {
    const days = datesFrom('2025-06-01', '2025-06-30').filter(isOpen);
    SERVICES.slice(0, 8).forEach((serviceId, s) => {
      const forecast = sum(june.filter((r) => r.serviceId === serviceId));
      const expected = days.reduce((total, d) => total + HOURS.reduce((t, h) => t + truth(d, s, h), 0), 0);
      expect(Math.abs(forecast / expected - 1)).toBeLessThan(0.1);
    });
  });

  it('sees the first open days of April at several times a normal day, within 20% of the truth', () => {
    const normalWednesday = dayTotal(june, '2025-06-11');
    for (const date of ['2025-04-01', '2025-04-02', '2025-04-03']) {
      const forecast = dayTotal(spring, date);
      expect(Math.abs(forecast / truthDay(date) - 1)).toBeLessThan(0.2);
      expect(forecast).toBeGreaterThan(3 * normalWednesday);
    }
  });

  it('sees the spring moving season from mid-March, and the whole March–April within 10%', () => {
    const ordinary = dayTotal(spring, '2025-03-05'); // Wednesday, early March
    expect(dayTotal(spring, '2025-03-26') / ordinary).toBeGreaterThan(1.6); // Wednesday, late March
    const forecast = sum(spring);
    const expected = datesFrom('2025-03-01', '2025-04-30')
      .filter(isOpen)
      .reduce((total, d) => total + truthDay(d), 0);
    expect(Math.abs(forecast / expected - 1)).toBeLessThan(0.1);
  });

  it('expects Monday busier than Wednesday', () => {
    expect(dayTotal(june, '2025-06-09')).toBeGreaterThan(1.15 * dayTotal(june, '2025-06-11'));
    const mondayOverWednesday = model.weekday[1]! / model.weekday[3]!;
    expect(mondayOverWednesday).toBeGreaterThan(1.2);
    expect(mondayOverWednesday).toBeLessThan(1.4);
  });

  it('expects the first open day of a month busier', () => {
    expect(dayTotal(july, '2025-07-01')).toBeGreaterThan(1.25 * dayTotal(july, '2025-07-08')); // both Tuesdays
  });

  it('expects the day after a public holiday busier than the same weekday normally', () => {
    // 2025-07-21 is 海の日 (a Monday): Tuesday the 22nd against Tuesday the 15th.
    const after = dayTotal(july, '2025-07-22');
    expect(after).toBeGreaterThan(1.3 * dayTotal(july, '2025-07-15'));
    expect(Math.abs(after / truthDay('2025-07-22') - 1)).toBeLessThan(0.15);
    expect(dayFactors(model, '2025-07-22', isOpen)?.afterClosure).toBeGreaterThan(1.3);
    // A Monday after an ordinary weekend is no "after closure" day.
    expect(dayFactors(model, '2025-07-14', isOpen)?.afterClosure).toBe(1);
  });

  it('puts each procedure’s busiest hour at lunchtime (11–14), with shares adding up to the day', () => {
    for (const serviceId of SERVICES) {
      const rows = june.filter((r) => r.date === '2025-06-11' && r.serviceId === serviceId);
      const peak = rows.reduce((best, r) => (r.arrivals > best.arrivals ? r : best));
      expect(peak.hour).toBeGreaterThanOrEqual(11);
      expect(peak.hour).toBeLessThanOrEqual(14);
    }
    const service = model.services.find((s) => s.serviceId === 'svc-01')!;
    for (const shares of service.hourShare) expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(service.hourShare[3]!.slice(0, 8).every((share) => share === 0)).toBe(true);
  });

  it('gives no rows for closed days: weekends, public holidays, the year-end closure', () => {
    const forecast = forecastArrivals(history, datesFrom('2025-12-26', '2026-01-06'), isOpen);
    const dates = new Set(forecast.map((r) => r.date));
    expect([...dates].sort()).toEqual(['2025-12-26', '2026-01-05', '2026-01-06']);
    for (const rows of [spring, june, july]) for (const r of rows) expect(isOpen(r.date)).toBe(true);
    for (const closed of ['2025-03-20', '2025-03-22', '2025-04-29', '2025-07-21']) expect(dayTotal([...spring, ...july], closed)).toBe(0);
    expect(new Set(spring.map((r) => r.date)).size).toBe(datesFrom('2025-03-01', '2025-04-30').filter(isOpen).length);
  });

  it('gives an empty forecast for an empty history, and for invalid rows and dates, without throwing', () => {
    expect(forecastArrivals([], datesFrom('2025-04-01', '2025-04-30'), isOpen)).toEqual([]);
    expect(forecastArrivals(history, [], isOpen)).toEqual([]);
    expect(forecastArrivals([{ date: 'not a date', serviceId: 'x', hour: 10, arrivals: 3 }], ['2025-04-01'], isOpen)).toEqual([]);
    expect(forecastArrivals(history.slice(0, 50), ['2025-02-30', 'tomorrow'], isOpen)).toEqual([]);
    const empty = fitArrivalModel([], isOpen);
    expect(empty.services).toEqual([]);
    expect(dayFactors(empty, '2025-04-01', isOpen)?.total).toBe(1);
  });
});

describe('arrival forecast, edge cases of history', () => {
  it('is neutral for a time of year the history does not cover', () => {
    const history = generate('2024-06-01', '2024-12-27', 7);
    const model = fitArrivalModel(history, isOpen);
    expect(model.season.slice(0, 30).every((f) => f === 1)).toBe(true); // January to May
    const rows = forecastArrivals(history, ['2025-04-02', '2025-06-11'], isOpen);
    const ratio = dayTotal(rows, '2025-04-02') / dayTotal(rows, '2025-06-11');
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  });

  it('treats missing rows on an open day as zero arrivals', () => {
    // One procedure comes only on Mondays; the other days have no rows at all.
    const history = datesFrom('2024-01-01', '2024-12-31')
      .filter((d) => isOpen(d) && calendarDay(d, settings).weekday === 1)
      .map((date) => ({ date, serviceId: 'mondays', hour: 10, arrivals: 10 }));
    const rows = forecastArrivals(history, datesFrom('2025-06-02', '2025-06-06'), isOpen);
    const week = sum(rows);
    expect(week).toBeGreaterThan(8);
    expect(week).toBeLessThan(12);
    expect(dayTotal(rows, '2025-06-02') / week).toBeGreaterThan(0.85);
  });

  it('takes levels from the last lookbackDays', () => {
    // Over the last 90 days one procedure doubled while another halved: the office's total did not change.
    const recent = addDays('2024-12-31', -89);
    const history = datesFrom('2024-01-01', '2024-12-31')
      .filter(isOpen)
      .flatMap((date) => [
        { date, serviceId: 'grows', hour: 10, arrivals: date >= recent ? 20 : 10 },
        { date, serviceId: 'shrinks', hour: 10, arrivals: date >= recent ? 20 : 30 },
      ]);
    const day = (serviceId: string, options?: { lookbackDays: number }) =>
      sum(forecastArrivals(history, ['2025-06-11'], isOpen, options).filter((r) => r.serviceId === serviceId));
    expect(day('grows', { lookbackDays: 90 })).toBeCloseTo(20, 0);
    expect(day('shrinks', { lookbackDays: 90 })).toBeCloseTo(20, 0);
    const openDays = datesFrom('2024-01-01', '2024-12-31').filter(isOpen);
    const share = openDays.filter((d) => d >= recent).length / openDays.length;
    expect(day('grows')).toBeCloseTo(10 + 10 * share, 0);
    expect(day('shrinks')).toBeCloseTo(30 - 10 * share, 0);
    expect(() => forecastArrivals(history, ['2025-06-11'], isOpen, { lookbackDays: 0 })).toThrow(RangeError);
  });
});
