/**
 * The manager's figures: history views from the day summaries, today's so far, and (in staffing.ts and
 * what-if.ts) the forecast and the replays. Every query first brings the summaries up to the event log.
 */
import { group } from 'd3-array';
import { addDays, calendarDay } from '../calendar/calendar.js';
import {
  JunbanError,
  type CountersReport,
  type ForecastHour,
  type ForecastInput,
  type HeatmapReport,
  type HistoryRange,
  type ServicesReport,
  type ServiceStats,
  type OfficeConfig,
  type StaffingForecast,
  type TodayReport,
  type TrendReport,
  type WhatIfInput,
  type WhatIfResult,
} from '@junban/protocol';
import type { OfficeReader } from '../queue/office.js';
import type { Db } from '../storage/database.js';
import { countersReport, heatmap, servicesReport, trend } from './history.js';
import { fitArrivalModel, forecastWithModel, type ArrivalModel } from './forecast.js';
import { DEFAULT_WALK_SEC } from './simulation.js';
import { staffingHours } from './staffing.js';
import { bookedHours, withBookings } from '../bookings/forecast.js';
import { dayContext, InsightStore } from './store.js';
import { replay } from './what-if.js';

/** The forecast learns from this many years of history, and plans at most this many days at a time. */
const HISTORY_YEARS = 3;
export const MAX_FORECAST_DAYS = 31;
/** The wait target staffing assumes for a procedure without its own. */
const DEFAULT_TARGET_MIN = 30;
/** Events summed per step while catching up: a step blocks the office for tens of milliseconds at most. */
const CATCH_UP_EVENTS = 20_000;

interface Learnt {
  key: string;
  config: OfficeConfig;
  model: ArrivalModel;
  isOpen: (date: string) => boolean;
  historyDays: number;
  meanServiceSec: Map<string, number>;
  walkSec: number;
}

export class Insights {
  readonly store: InsightStore;

  constructor(
    private readonly db: Db,
    private readonly office: OfficeReader,
  ) {
    this.store = new InsightStore(db);
  }

  /** Counts changes to days before today: what the forecast learns from changes only then. */
  private pastVersion = 0;
  private learnt?: Learnt;

  /** Set while a database with years of unsummed events catches up in the background; views read what is summed. */
  private catchingUp = false;

  private fresh(maxEvents?: number): InsightStore {
    if (this.catchingUp && maxEvents === undefined) return this.store;
    const today = this.office.businessDate();
    if (this.store.refresh(this.office.config, maxEvents).some((date) => date < today)) this.pastVersion += 1;
    return this.store;
  }

  /**
   * Brings the day summaries up to the log a few days at a time, letting the office's requests in between, then
   * learns the forecast: run at start and when a day closes, so the manager's first view does not wait for either.
   */
  async prepare(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    try {
      while (this.store.summedThrough() < this.store.lastSeq()) {
        this.fresh(CATCH_UP_EVENTS);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.catchingUp = false;
    }
    this.learn(this.office.businessDate());
  }

  /**
   * The arrival model and mean service times, learnt from the closed days before `until` (today's half-day would
   * read as a quiet day). Kept between requests until a past day or the setup changes, as a manager looks at one
   * week after another.
   */
  private learn(until: string): Learnt {
    const store = this.fresh();
    const config = this.office.config;
    // Days written straight into the summaries (the demo's history) change what there is to learn too.
    const key = `${until}|${this.pastVersion}|${store.daysBefore(until)}`;
    if (this.learnt?.key === key && this.learnt.config === config) return this.learnt;
    // The forecast follows the office's calendar, never whether it is open for trying: numbers tried on a closed
    // day are not learnt from, and do not make that day of the week open.
    const openOn = new Map<string, boolean>();
    const calendarOpen = (date: string) => {
      let open = openOn.get(date);
      if (open === undefined) openOn.set(date, (open = calendarDay(date, config.settings).open));
      return open;
    };
    const history = store.hourlyArrivals(addDays(until, -366 * HISTORY_YEARS), addDays(until, -1)).filter((r) => calendarOpen(r.date));
    const historyDates = new Set(history.map((r) => r.date));
    // A weekday the office never worked in the history (an office that has not set its days off, whose history is
    // Monday to Friday) has nothing to learn from: it is planned as closed rather than guessed.
    const weekdaysSeen = new Set([...historyDates].map((d) => new Date(`${d}T00:00:00Z`).getUTCDay()));
    const isOpen = (date: string) => calendarOpen(date) && (historyDates.has(date) || weekdaysSeen.has(new Date(`${date}T00:00:00Z`).getUTCDay()));
    const meanServiceSec = new Map<string, number>();
    const lastYear = servicesReport(store.serviceDays(addDays(until, -366), addDays(until, -1)), config);
    for (const s of lastYear.services) if (s.service.mean) meanServiceSec.set(s.serviceId, s.service.mean);
    const walkSec = lastYear.total.walk.mean ?? DEFAULT_WALK_SEC;
    this.learnt = { key, config, model: fitArrivalModel(history, isOpen), isOpen, historyDays: historyDates.size, meanServiceSec, walkSec };
    return this.learnt;
  }

  services({ from, to, services }: HistoryRange): ServicesReport {
    return { from, to, ...servicesReport(this.fresh().serviceDays(from, to), this.office.config, services) };
  }

  counters({ from, to }: HistoryRange): CountersReport {
    return { from, to, counters: countersReport(this.fresh().counterDays(from, to), this.office.config) };
  }

  heatmap({ from, to }: HistoryRange): HeatmapReport {
    const store = this.fresh();
    return { from, to, cells: heatmap(store.weekdayHours(from, to), store.openDays(from, to)) };
  }

  trend({ from, to, services, by }: HistoryRange & { by: 'month' | 'day' }): TrendReport {
    return { from, to, by, periods: trend(this.fresh().serviceDays(from, to), this.office.config, by, services) };
  }

  /** Per period (day or month) and procedure, for the CSV export. */
  aggregateRows({ from, to, by, services }: HistoryRange & { by: 'day' | 'month' }): { period: string; stats: ServiceStats }[] {
    const periods = group(this.fresh().serviceDays(from, to), (r) => (by === 'month' ? r.business_date.slice(0, 7) : r.business_date));
    return [...periods.keys()]
      .sort()
      .flatMap((period) => servicesReport(periods.get(period)!, this.office.config, services).services.map((stats) => ({ period, stats })));
  }

  today(): TodayReport {
    const at = this.office.now();
    const businessDate = this.office.businessDate(at);
    const { total, services } = servicesReport(this.fresh().serviceDays(businessDate, businessDate), this.office.config);
    return { businessDate, at, total, services };
  }

  async forecast({ from, to, targetShare }: ForecastInput): Promise<StaffingForecast> {
    const config = this.office.config;
    const dates: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
    if (dates.length > MAX_FORECAST_DAYS) {
      throw new JunbanError('input/invalid', `Plan at most ${MAX_FORECAST_DAYS} days at a time.`, [
        { path: 'to', message: `at most ${MAX_FORECAST_DAYS} days after from` },
      ]);
    }
    const today = this.office.businessDate();
    const learnt = this.learn(from < today ? from : today);
    // What is already booked is known: the forecast counts at least that (bookings/forecast.ts).
    const rows = withBookings(forecastWithModel(learnt.model, dates, learnt.isOpen), bookedHours(this.db, from, to, config.settings.timeZone));

    const meanServiceSec = new Map(learnt.meanServiceSec);
    for (const s of config.services) if (!meanServiceSec.has(s.id)) meanServiceSec.set(s.id, config.settings.defaultServiceMinutes * 60);
    const targets = new Map(config.services.map((s) => [s.id, (s.slaMinutes ?? DEFAULT_TARGET_MIN) * 60]));
    const targetSec = (id: string) => targets.get(id) ?? DEFAULT_TARGET_MIN * 60;
    const [oh, om] = config.settings.hours.open.split(':').map(Number) as [number, number];
    const [ch, cm] = config.settings.hours.close.split(':').map(Number) as [number, number];
    const assumptions = {
      config,
      meanServiceSec,
      walkSec: learnt.walkSec,
      targetSec,
      targetShare,
      openHour: oh + om / 60,
      hoursOpen: ch + cm / 60 - (oh + om / 60),
    };
    const hours: ForecastHour[] = [];
    for (const day of group(rows, (r) => r.date).values()) {
      // A month's plan simulates for a second or more: a day at a time, with the counters' requests in between.
      hours.push(...staffingHours(day, assumptions));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      from,
      to,
      targetShare,
      historyDays: learnt.historyDays,
      walkSec: Math.round(learnt.walkSec),
      hours,
      assumptions: config.services
        .filter((s) => rows.some((r) => r.serviceId === s.id))
        .map((s) => ({
          serviceId: s.id,
          targetSec: targetSec(s.id),
          meanServiceSec: Math.round(meanServiceSec.get(s.id)!),
        })),
    };
  }

  whatIf({ date, plan }: WhatIfInput): WhatIfResult {
    const config = this.office.config;
    const store = this.fresh();
    const events = store.dayEvents(date);
    if (!events.some((e) => e.type === 'issued'))
      throw new JunbanError('input/invalid', `No visits were issued on ${date}.`, [{ path: 'date', message: 'no visits that day' }]);
    for (const counters of Object.values(plan)) {
      for (const id of counters) {
        if (!config.counters.some((c) => c.id === id)) throw new JunbanError('office/unknown_counter', `There is no counter ${id}.`);
      }
    }
    const ctx = dayContext(date, config, store.statusAtStart(config, events[0]!.seq));
    const targets = new Map(config.services.map((s) => [s.id, s.slaMinutes ? s.slaMinutes * 60 : null]));
    return replay(
      {
        date,
        events,
        config,
        statusAtStart: ctx.statusAtStart,
        opensAt: ctx.opensAt,
        closesAt: ctx.closesAt,
        hourOf: ctx.hourOf,
        targetSec: (id) => targets.get(id) ?? null,
      },
      plan,
    );
  }
}
