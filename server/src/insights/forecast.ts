/**
 * Forecast of arrivals per procedure and hour for future business dates, learnt from the office's history, for
 * planning staff (how many counters for 転入届 on 1 April next year, at noon?).
 *
 * HOW THE FORECAST IS MADE (for managers)
 *
 *   expected arrivals (procedure, date, hour) =
 *       level (procedure)              an ordinary day's arrivals for the procedure, over the last year
 *     × weekday factor                 Monday is busier than Wednesday …
 *     × season factor                  the time of year, by 半旬: each month in six parts of about five days
 *                                      (1st–5th, 6th–10th, …, 26th–end), from every year of history pooled
 *     × month-position factor          first open day of the month, its 2nd–3rd open days, its last 2 open days,
 *                                      or an ordinary day (1); learnt for all months together, then adjusted for
 *                                      a month whose start or end is special (the first open days of April)
 *     × after-closure factor           the first open day after the office was closed on a day it normally opens
 *                                      (a public holiday, the year-end closure); 1 on other days
 *     × hour share (procedure, weekday, hour)
 *                                      the part of the procedure's day that arrives in that hour, from the
 *                                      weekday's own history (pulled toward the whole week's when that weekday
 *                                      has little history)
 *
 * Every factor is a plain multiplier a manager can read: "Monday ×1.3", "first open day of the month ×1.4",
 * "late March ×1.9", "first open days of April: a further ×1.7". The calendar factors are the same for every
 * procedure (they are learnt from the whole office's daily totals, which makes them steady); the level and the
 * hour profile are each procedure's own.
 *
 * How the factors are learnt: start with every factor at 1, then in a few rounds, each factor in turn becomes the
 * history's actual arrivals divided by what the other factors predict, over the days of its class (all Mondays,
 * all late-March days, …). A class seen on few days, or whose days disagree with each other, is pulled toward a
 * neutral value: 1, or for a season, the average of the neighbouring parts of the year (so season estimates are
 * smoothed where the history is thin or noisy). The all-months month-position factors are those of the median
 * month, so that April alone does not make every month's first day look busier. A time of year the history never
 * covers gets a season factor of 1: no guess. The daily baseline the factors are measured against follows the
 * year-long average around each day, so growth over the years is not mistaken for a season.
 *
 * What it does not do: extrapolate growth (the level is the last year's), know one-off events (a campaign, a
 * system outage), or give each procedure its own season (all procedures share the office's seasons).
 *
 * Days with no history row for a procedure and hour count as 0 arrivals when the office was open. A date on which
 * the office is closed gets no forecast rows. Pure code: no clock, no randomness, no I/O.
 */

export interface ArrivalHistoryRow {
  /** YYYY-MM-DD business date. */
  date: string;
  serviceId: string;
  /** Local hour 0–23. */
  hour: number;
  arrivals: number;
}

export interface ForecastRow {
  date: string;
  serviceId: string;
  hour: number;
  /** Expected arrivals, fractional. */
  arrivals: number;
  /** Of them, visits already booked (reservations not cancelled): the arrivals are at least these. */
  booked?: number;
}

export interface ForecastOptions {
  /** Days of history (before and including the last history date) the levels and hour shares come from. Default 365. */
  lookbackDays?: number;
}

/** Month-position classes, each factor on top of an ordinary day (1). */
export interface MonthPositionFactors {
  first: number;
  secondThird: number;
  lastTwo: number;
}

export interface ServiceForecastModel {
  serviceId: string;
  /** Arrivals on an ordinary day (average weekday and season, mid-month, not after a closure). */
  level: number;
  /** [weekday 0 Sunday … 6 Saturday][hour 0–23]; each weekday's shares add up to 1. */
  hourShare: number[][];
}

export interface ArrivalModel {
  /** First and last business date of the history used; null when there was none. */
  historyFrom: string | null;
  historyTo: string | null;
  lookbackDays: number;
  /** Sorted by serviceId. */
  services: ServiceForecastModel[];
  /** By weekday, 0 Sunday … 6 Saturday; average 1 over the history's open days; 1 for a weekday never open. */
  weekday: number[];
  /**
   * 72 parts of the year, six a month: [1–5 Jan, 6–10 Jan, 11–15 Jan, 16–20 Jan, 21–25 Jan, 26–31 Jan, 1–5 Feb, …];
   * average 1 over the history's open days; 1 where the history has no open day.
   */
  season: number[];
  /** Open days of history in each part of the year. */
  seasonDays: number[];
  /** For every month alike. */
  monthPosition: MonthPositionFactors;
  /** 12 months, January first: a further factor on top of monthPosition for that month only. */
  monthPositionByMonth: MonthPositionFactors[];
  /** First open day after the office was closed on a day it normally opens. */
  afterClosure: number;
}

/** The multipliers behind one date's forecast. */
export interface DayFactors {
  weekday: number;
  season: number;
  monthPosition: number;
  afterClosure: number;
  /** Product of the above. */
  total: number;
}

const DAY_MS = 86_400_000;
const DEFAULT_LOOKBACK_DAYS = 365;
/** Season resolution: six parts a month (半旬), 72 a year. */
const PARTS_PER_MONTH = 6;
const PERIODS = 12 * PARTS_PER_MONTH;
const FIRST = 0;
const SECOND_THIRD = 1;
const LAST_TWO = 2;
const OTHER = 3;
/** Backfitting rounds; the factors settle in three or four. */
const ROUNDS = 6;
/** Log-scale spread expected of a class's factor around its neutral value; sets how hard thin classes are pulled. */
const PRIOR_SPREAD = 0.3;
/** Bounds of the pull, in days: a class seen on n days keeps n / (n + k) of its own (log) estimate. */
const MIN_PULL_DAYS = 0.25;
const MAX_PULL_DAYS = 20;
/** Arrivals' worth of the whole week's hour profile mixed into each weekday's. */
const HOUR_PROFILE_PSEUDO_ARRIVALS = 20;
/** How far back to look for the closed days before an open day. */
const MAX_CLOSURE_DAYS = 31;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

/** Day number since 1970-01-01, or NaN for anything but a real YYYY-MM-DD date. */
function dayNumber(date: string): number {
  if (typeof date !== 'string' || !DATE_RE.test(date)) return Number.NaN;
  const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  return Number.isFinite(day) && dateOf(day) === date ? day : Number.NaN;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

interface DayFeatures {
  weekday: number;
  month: number;
  period: number;
  position: number;
  afterClosure: boolean;
}

/** The office's open and closed days, as far as a forecast needs them. isOpen is asked once per date. */
class OfficeDays {
  private readonly openCache = new Map<number, boolean>();
  private readonly monthCache = new Map<number, number[]>();
  /** Weekdays the office is closed on most weeks (a normal weekend). */
  private readonly usualDayOff: boolean[];

  constructor(
    private readonly isOpen: (date: string) => boolean,
    sample: Iterable<number>,
    private readonly alsoOpen: ReadonlySet<number> = new Set(),
  ) {
    const closed = [0, 0, 0, 0, 0, 0, 0];
    const seen = [0, 0, 0, 0, 0, 0, 0];
    for (const day of sample) {
      const w = weekdayOf(day);
      seen[w]!++;
      if (!this.open(day)) closed[w]!++;
    }
    this.usualDayOff = seen.map((n, w) => n > 0 && closed[w]! * 2 > n);
  }

  open(day: number): boolean {
    let open = this.openCache.get(day);
    if (open === undefined) {
      open = this.alsoOpen.has(day) || this.isOpen(dateOf(day));
      this.openCache.set(day, open);
    }
    return open;
  }

  /** The open days of the month `day` is in, ascending. */
  private openDaysOfMonth(date: string): number[] {
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const key = year * 12 + month;
    let days = this.monthCache.get(key);
    if (!days) {
      const first = Date.UTC(year, month - 1, 1) / DAY_MS;
      const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
      days = [];
      for (let d = first; d < first + length; d++) if (this.open(d)) days.push(d);
      this.monthCache.set(key, days);
    }
    return days;
  }

  /** Features of an open day. */
  features(day: number): DayFeatures {
    const date = dateOf(day);
    const month = Number(date.slice(5, 7)) - 1;
    const dom = Number(date.slice(8, 10));
    const openDays = this.openDaysOfMonth(date);
    const i = openDays.indexOf(day);
    const position = i === 0 ? FIRST : i <= 2 ? SECOND_THIRD : i >= openDays.length - 2 ? LAST_TWO : OTHER;
    let afterClosure = false;
    for (let d = day - 1; d >= day - MAX_CLOSURE_DAYS && !this.open(d); d--) {
      if (!this.usualDayOff[weekdayOf(d)]) afterClosure = true;
    }
    return {
      weekday: weekdayOf(day),
      month,
      period: month * PARTS_PER_MONTH + Math.min(PARTS_PER_MONTH - 1, Math.floor(((dom - 1) * PARTS_PER_MONTH) / 30)),
      position,
      afterClosure,
    };
  }
}

function emptyModel(lookbackDays: number): ArrivalModel {
  const neutral = (): MonthPositionFactors => ({ first: 1, secondThird: 1, lastTwo: 1 });
  return {
    historyFrom: null,
    historyTo: null,
    lookbackDays,
    services: [],
    weekday: Array<number>(7).fill(1),
    season: Array<number>(PERIODS).fill(1),
    seasonDays: Array<number>(PERIODS).fill(0),
    monthPosition: neutral(),
    monthPositionByMonth: Array.from({ length: 12 }, neutral),
    afterClosure: 1,
  };
}

function lookbackOf(options: ForecastOptions | undefined): number {
  const lookback = options?.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!Number.isFinite(lookback) || lookback < 1) throw new RangeError(`lookbackDays must be at least 1, not ${lookback}`);
  return Math.floor(lookback);
}

/** Class factors, pulled toward `prior` by n / (n + k) in log scale. */
function pulled(raw: number, n: number, prior: number, k: number): number {
  if (n === 0) return prior;
  const w = n / (n + k);
  return Math.exp(w * Math.log(clamp(raw, 0.02, 50)) + (1 - w) * Math.log(prior));
}

/**
 * Learns the model's factors from history. Rows with an invalid date, hour or count are ignored. A day with rows
 * counts as open even if isOpen says otherwise (the office evidently opened).
 */
export function fitArrivalModel(history: readonly ArrivalHistoryRow[], isOpen: (date: string) => boolean, options?: ForecastOptions): ArrivalModel {
  const lookbackDays = lookbackOf(options);

  // Parse once: a day number and a service index per row.
  const dayCache = new Map<string, number>();
  const serviceIndex = new Map<string, number>();
  const rowDay = new Float64Array(history.length);
  const rowService = new Int32Array(history.length);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let r = 0; r < history.length; r++) {
    const row = history[r]!;
    let day = dayCache.get(row.date);
    if (day === undefined) {
      day = dayNumber(row.date);
      dayCache.set(row.date, day);
    }
    const valid =
      Number.isFinite(day) &&
      typeof row.serviceId === 'string' &&
      Number.isInteger(row.hour) &&
      row.hour >= 0 &&
      row.hour <= 23 &&
      Number.isFinite(row.arrivals) &&
      row.arrivals >= 0;
    rowDay[r] = valid ? day : Number.NaN;
    if (!valid) continue;
    let s = serviceIndex.get(row.serviceId);
    if (s === undefined) serviceIndex.set(row.serviceId, (s = serviceIndex.size));
    rowService[r] = s;
    if (day < firstDay) firstDay = day;
    if (day > lastDay) lastDay = day;
  }
  if (serviceIndex.size === 0) return emptyModel(lookbackDays);

  const daysWithRows = new Set<number>();
  for (const day of dayCache.values()) if (Number.isFinite(day)) daysWithRows.add(day);
  const span = lastDay - firstDay + 1;
  const spanDays = Array.from({ length: span }, (_, i) => firstDay + i);
  const calendar = new OfficeDays(isOpen, spanDays.length >= 56 ? spanDays : Array.from({ length: 56 }, (_, i) => firstDay - 28 + i), daysWithRows);

  // The open days of the history span and their features.
  const indexOfDay = new Int32Array(span).fill(-1);
  const days: number[] = [];
  for (const day of spanDays) {
    if (calendar.open(day)) {
      indexOfDay[day - firstDay] = days.length;
      days.push(day);
    }
  }
  const D = days.length;
  const weekday = new Int32Array(D);
  const period = new Int32Array(D);
  const position = new Int32Array(D);
  const monthPos = new Int32Array(D); // month * 3 + position, or -1 for an ordinary day
  const after = new Int32Array(D); // 0 after a closure, else -1
  const posClass = new Int32Array(D); // position, or -1 for an ordinary day
  for (let i = 0; i < D; i++) {
    const f = calendar.features(days[i]!);
    weekday[i] = f.weekday;
    period[i] = f.period;
    position[i] = f.position;
    posClass[i] = f.position === OTHER ? -1 : f.position;
    monthPos[i] = f.position === OTHER ? -1 : f.month * 3 + f.position;
    after[i] = f.afterClosure ? 0 : -1;
  }

  // Daily totals; per service, the lookback window's arrivals and hour counts.
  const S = serviceIndex.size;
  const lookbackFrom = lastDay - lookbackDays + 1;
  const total = new Float64Array(D);
  const recent = new Float64Array(S);
  const hourCounts = new Float64Array(S * 7 * 24);
  for (let r = 0; r < history.length; r++) {
    const day = rowDay[r]!;
    if (Number.isNaN(day)) continue;
    const row = history[r]!;
    total[indexOfDay[day - firstDay]!]! += row.arrivals;
    if (day >= lookbackFrom) {
      const s = rowService[r]!;
      recent[s]! += row.arrivals;
      hourCounts[(s * 7 + weekdayOf(day)) * 24 + row.hour]! += row.arrivals;
    }
  }

  // Backfitting.
  const wk = new Float64Array(7).fill(1);
  const season = new Float64Array(PERIODS).fill(1);
  const mp = new Float64Array(3).fill(1);
  const mpm = new Float64Array(36).fill(1);
  const ac = new Float64Array(1).fill(1);
  const F = new Float64Array(D).fill(1);
  const base = new Float64Array(D);
  const recomputeF = () => {
    for (let i = 0; i < D; i++) {
      const p = posClass[i]!;
      F[i] = wk[weekday[i]!]! * season[period[i]!]! * (p < 0 ? 1 : mp[p]! * mpm[monthPos[i]!]!) * (after[i]! < 0 ? 1 : ac[0]!);
    }
  };
  // The baseline of day i: arrivals over factors, summed over the year around it (the whole history if shorter).
  const prefixT = new Float64Array(D + 1);
  const prefixF = new Float64Array(D + 1);
  const recomputeBase = () => {
    for (let i = 0; i < D; i++) {
      prefixT[i + 1] = prefixT[i]! + total[i]!;
      prefixF[i + 1] = prefixF[i]! + F[i]!;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < D; i++) {
      let from = firstDay;
      let to = lastDay;
      if (span > 365) {
        from = clamp(days[i]! - 182, firstDay, lastDay - 364);
        to = from + 364;
      }
      while (days[lo]! < from) lo++;
      while (hi < D && days[hi]! <= to) hi++;
      base[i] = (prefixT[hi]! - prefixT[lo]!) / (prefixF[hi]! - prefixF[lo]!);
    }
  };
  const num = new Float64Array(PERIODS);
  const den = new Float64Array(PERIODS);
  const count = new Float64Array(PERIODS);
  /**
   * Per class: actual arrivals (num) and what the model predicts without `factor` (den), and the class's days.
   * `alsoOut`, by month position, is taken out of the prediction as well.
   */
  const estimate = (classOf: Int32Array, factor: Float64Array, alsoOut?: Float64Array) => {
    num.fill(0);
    den.fill(0);
    count.fill(0);
    for (let i = 0; i < D; i++) {
      const c = classOf[i]!;
      if (c < 0) continue;
      num[c]! += total[i]!;
      den[c]! += (base[i]! * F[i]!) / factor[c]! / (alsoOut ? alsoOut[position[i]!]! : 1);
      count[c]!++;
    }
  };
  const normalize = (classOf: Int32Array, factor: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < D; i++) sum += factor[classOf[i]!]!;
    const mean = sum / D;
    for (let c = 0; c < factor.length; c++) if (count[c]! > 0) factor[c]! /= mean;
  };

  let pullDays = 1;
  for (let round = 0; round < ROUNDS; round++) {
    recomputeBase();

    estimate(weekday, wk);
    for (let c = 0; c < 7; c++) if (den[c]! > 0) wk[c] = pulled(num[c]! / den[c]!, count[c]!, 1, pullDays);
    normalize(weekday, wk);
    recomputeF();

    estimate(after, ac);
    if (den[0]! > 0) ac[0] = pulled(num[0]! / den[0]!, count[0]!, 1, pullDays);
    recomputeF();

    // Month position: each month's own estimate; the all-months factor is the median month's, so one special
    // month (April) does not make every month's first day look busier.
    estimate(monthPos, mpm, mp);
    for (let c = 0; c < 3; c++) {
      const months: number[] = [];
      for (let m = 0; m < 12; m++) if (den[m * 3 + c]! > 0) months.push(num[m * 3 + c]! / den[m * 3 + c]!);
      if (months.length === 0) continue;
      mp[c] = pulled(medianOf(months), months.length, 1, pullDays);
      for (let m = 0; m < 12; m++) if (den[m * 3 + c]! > 0) mpm[m * 3 + c] = pulled(num[m * 3 + c]! / den[m * 3 + c]! / mp[c]!, count[m * 3 + c]!, 1, pullDays);
    }
    recomputeF();

    estimate(period, season);
    const raw = Array.from({ length: PERIODS }, (_, c) => (den[c]! > 0 ? Math.log(clamp(num[c]! / den[c]!, 0.02, 50)) : 0));
    const n = Array.from(count);
    for (let c = 0; c < PERIODS; c++) {
      if (n[c] === 0) continue;
      const prev = (c + PERIODS - 1) % PERIODS;
      const next = (c + 1) % PERIODS;
      const nn = n[prev]! + n[next]!;
      const prior = nn > 0 ? Math.exp((n[prev]! * raw[prev]! + n[next]! * raw[next]!) / nn) : 1;
      season[c] = pulled(Math.exp(raw[c]!), n[c]!, prior, pullDays);
    }
    normalize(period, season);
    recomputeF();

    // How much days disagree with the model (robust spread of log residuals) sets the next round's pull.
    recomputeBase();
    const residuals = new Float64Array(D);
    for (let i = 0; i < D; i++) residuals[i] = Math.log((total[i]! + 0.5) / (base[i]! * F[i]! + 0.5));
    const spread = 1.4826 * medianAbsDeviation(residuals);
    pullDays = clamp((spread * spread) / (PRIOR_SPREAD * PRIOR_SPREAD), MIN_PULL_DAYS, MAX_PULL_DAYS);
  }

  // Levels over the lookback window: arrivals over factors, so a window holding March does not inflate them.
  let recentF = 0;
  for (let i = 0; i < D; i++) if (days[i]! >= lookbackFrom) recentF += F[i]!;
  const services: ServiceForecastModel[] = [];
  for (const [serviceId, s] of serviceIndex) {
    const all = new Float64Array(24);
    let allSum = 0;
    for (let w = 0; w < 7; w++) {
      for (let h = 0; h < 24; h++) {
        const c = hourCounts[(s * 7 + w) * 24 + h]!;
        all[h]! += c;
        allSum += c;
      }
    }
    const hourShare: number[][] = [];
    for (let w = 0; w < 7; w++) {
      let daySum = 0;
      for (let h = 0; h < 24; h++) daySum += hourCounts[(s * 7 + w) * 24 + h]!;
      const shares: number[] = [];
      for (let h = 0; h < 24; h++) {
        const own = hourCounts[(s * 7 + w) * 24 + h]!;
        const week = allSum > 0 ? all[h]! / allSum : 0;
        const denom = daySum + HOUR_PROFILE_PSEUDO_ARRIVALS;
        shares.push(allSum > 0 ? (own + HOUR_PROFILE_PSEUDO_ARRIVALS * week) / denom : 0);
      }
      hourShare.push(shares);
    }
    services.push({ serviceId, level: recentF > 0 ? recent[s]! / recentF : 0, hourShare });
  }
  services.sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0));

  const positions = (f: (c: number) => number): MonthPositionFactors => ({ first: f(FIRST), secondThird: f(SECOND_THIRD), lastTwo: f(LAST_TWO) });
  estimate(period, season); // day counts per 旬
  return {
    historyFrom: dateOf(firstDay),
    historyTo: dateOf(lastDay),
    lookbackDays,
    services,
    weekday: Array.from(wk),
    season: Array.from(season),
    seasonDays: Array.from(count),
    monthPosition: positions((c) => mp[c]!),
    monthPositionByMonth: Array.from({ length: 12 }, (_, m) => positions((c) => mpm[m * 3 + c]!)),
    afterClosure: ac[0]!,
  };
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianAbsDeviation(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const median = sorted[sorted.length >> 1]!;
  const deviations = sorted.map((v) => Math.abs(v - median)).sort();
  return deviations[deviations.length >> 1]!;
}

function factorsOf(model: ArrivalModel, f: DayFeatures): DayFactors {
  const weekday = model.weekday[f.weekday]!;
  const season = model.season[f.period]!;
  const key = f.position === FIRST ? 'first' : f.position === SECOND_THIRD ? 'secondThird' : 'lastTwo';
  const monthPosition = f.position === OTHER ? 1 : model.monthPosition[key] * model.monthPositionByMonth[f.month]![key];
  const afterClosure = f.afterClosure ? model.afterClosure : 1;
  return { weekday, season, monthPosition, afterClosure, total: weekday * season * monthPosition * afterClosure };
}

/** Weeks around each date, to tell the office's normal weekly days off from one-off closures. */
function targetCalendar(targetDays: readonly number[], isOpen: (date: string) => boolean): OfficeDays {
  const sample = new Set<number>();
  for (const day of targetDays) for (let d = day - 28; d <= day + 28; d++) sample.add(d);
  return new OfficeDays(isOpen, sample);
}

/** The multipliers behind a date's forecast; null when the office is closed that day or the date is invalid. */
export function dayFactors(model: ArrivalModel, date: string, isOpen: (date: string) => boolean): DayFactors | null {
  const day = dayNumber(date);
  if (Number.isNaN(day)) return null;
  const calendar = targetCalendar([day], isOpen);
  return calendar.open(day) ? factorsOf(model, calendar.features(day)) : null;
}

/**
 * Rows per open date (in the order given, duplicates and invalid dates skipped), procedure (by id) and hour (ascending).
 * Hours in which a procedure had no arrivals in the lookback window get no row.
 */
export function forecastWithModel(model: ArrivalModel, dates: readonly string[], isOpen: (date: string) => boolean): ForecastRow[] {
  if (model.services.length === 0) return [];
  const targetDays: number[] = [];
  const seen = new Set<number>();
  for (const date of dates) {
    const day = dayNumber(date);
    if (Number.isNaN(day) || seen.has(day)) continue;
    seen.add(day);
    targetDays.push(day);
  }
  const calendar = targetCalendar(targetDays, isOpen);
  const rows: ForecastRow[] = [];
  for (const day of targetDays) {
    if (!calendar.open(day)) continue;
    const features = calendar.features(day);
    const factor = factorsOf(model, features).total;
    const date = dateOf(day);
    for (const service of model.services) {
      if (service.level <= 0) continue;
      const shares = service.hourShare[features.weekday]!;
      for (let hour = 0; hour < 24; hour++) {
        const share = shares[hour]!;
        if (share > 0) rows.push({ date, serviceId: service.serviceId, hour, arrivals: service.level * factor * share });
      }
    }
  }
  return rows;
}
