import { DateTime } from 'luxon';
import { EventLog } from '../event-log/event-log.js';
import type { CounterStatus, LogEvent, OfficeConfig } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import type { Db } from '../storage/database.js';
import { summarizeDay, type DayContext, type DaySummary } from './day-summary.js';

export interface ServiceDayRow {
  business_date: string;
  service_id: string;
  weekday: number;
  arrivals: number;
  served: number;
  no_shows: number;
  cancelled: number;
  expired: number;
  wait: Buffer;
  walk: Buffer;
  service: Buffer;
  lost: Buffer;
  est_n: number;
  est_err_sum: number;
  est_abs_err_sum: number;
  est_within: number;
}
export interface CounterDayRow {
  business_date: string;
  counter_id: string;
  calls: number;
  served: number;
  no_shows: number;
  walk: Buffer;
  service: Buffer;
  open_sec: number;
  busy_sec: number;
  idle_waiting_sec: number;
}

/** What summing up a day needs besides its events: the office's clock and its counters. */
export function dayContext(date: string, config: OfficeConfig, statusAtStart: ReadonlyMap<string, CounterStatus> = new Map()): DayContext {
  const { timeZone, hours } = config.settings;
  const offsetMs = DateTime.fromISO(`${date}T12:00`, { zone: timeZone }).offset * 60_000;
  return {
    date,
    hourOf: (at) => Math.floor((at + offsetMs) / 3_600_000) % 24,
    opensAt: instantOf(date, hours.open, timeZone),
    closesAt: instantOf(date, hours.close, timeZone),
    counters: new Map(config.counters.map((c) => [c.id, c.services])),
    statusAtStart,
  };
}

/** The day summaries' tables, kept in step with the event log. */
export class InsightStore {
  readonly events: EventLog;

  constructor(private readonly db: Db) {
    this.events = new EventLog(db);
  }

  /**
   * Re-sum every business day that has events newer than the last refresh; answers those days. A day with no new
   * events is not touched. With `maxEvents`, only the days of the next that many events are summed (each up to the
   * newest event): a database that has never been summed (an office upgrading) catches up in steps.
   */
  refresh(config: OfficeConfig, maxEvents = Infinity): string[] {
    const through = this.summedThrough();
    const last = this.lastSeq();
    if (last <= through) return [];
    const upTo = Math.min(last, through + maxEvents);
    const dates = this.events.datesBetween(through, upTo);
    this.db.transaction(() => {
      // Every event up to `upTo` belongs to one of these days, summed here up to `last`: all of them are now counted.
      for (const date of dates) this.save(this.summarize(date, config, last));
      this.db.prepare('UPDATE insight_state SET through_seq = ? WHERE id = 1').run(upTo);
    })();
    return dates;
  }

  /** How many procedure-days are summed before `date`. */
  daysBefore(date: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM insight_service_days WHERE business_date < ?').pluck().get(date) as number;
  }

  summedThrough(): number {
    return this.db.prepare('SELECT through_seq FROM insight_state WHERE id = 1').pluck().get() as number;
  }

  lastSeq(): number {
    return this.events.lastSeq();
  }

  /** A day summed up from its events up to `throughSeq`. */
  summarize(date: string, config: OfficeConfig, throughSeq: number): DaySummary {
    const events = this.dayEvents(date, throughSeq);
    return summarizeDay(events, dayContext(date, config, this.statusAtStart(config, events[0]?.seq ?? throughSeq + 1)));
  }

  dayEvents(date: string, throughSeq = Number.MAX_SAFE_INTEGER): LogEvent[] {
    return this.events.day(date, throughSeq);
  }

  /** Each counter's status just before event `seq`. */
  statusAtStart(config: OfficeConfig, firstSeq: number): Map<string, CounterStatus> {
    const statusAtStart = new Map<string, CounterStatus>();
    for (const c of config.counters) statusAtStart.set(c.id, this.events.counterStatusBefore(c.id, firstSeq) ?? 'closed');
    return statusAtStart;
  }

  /** Replace a day's rows with its summary. */
  save(day: DaySummary): void {
    const { date, weekday } = day;
    for (const table of ['insight_service_days', 'insight_service_hours', 'insight_counter_days']) {
      this.db.prepare(`DELETE FROM ${table} WHERE business_date = ?`).run(date);
    }
    const sd = this.db.prepare(
      `INSERT INTO insight_service_days VALUES (@date, @serviceId, @weekday, @arrivals, @served, @noShows, @cancelled, @expired,
        @wait, @walk, @service, @lost, @estN, @estErr, @estAbs, @estWithin)`,
    );
    for (const s of day.services) {
      sd.run({
        date,
        weekday,
        serviceId: s.serviceId,
        arrivals: s.arrivals,
        served: s.served,
        noShows: s.noShows,
        cancelled: s.cancelled,
        expired: s.expired,
        wait: s.wait.toBuffer(),
        walk: s.walk.toBuffer(),
        service: s.service.toBuffer(),
        lost: s.lost.toBuffer(),
        estN: s.estimate.n,
        estErr: s.estimate.errSum,
        estAbs: s.estimate.absErrSum,
        estWithin: s.estimate.within,
      });
    }
    const sh = this.db.prepare('INSERT INTO insight_service_hours VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const h of day.hours) sh.run(date, h.serviceId, h.hour, weekday, h.arrivals, h.waitSum, h.waitN);
    const cd = this.db.prepare('INSERT INTO insight_counter_days VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const c of day.counters) {
      if (!c.calls && !c.openSec && !c.busySec) continue;
      cd.run(date, c.counterId, c.calls, c.served, c.noShows, c.walk.toBuffer(), c.service.toBuffer(), c.openSec, c.busySec, c.idleWhileWaitingSec);
    }
  }

  /** Mark everything up to `seq` as summed (after a generator saved its days itself). */
  markThrough(seq: number): void {
    this.db.prepare('UPDATE insight_state SET through_seq = ? WHERE id = 1').run(seq);
  }

  serviceDays(from: string, to: string): ServiceDayRow[] {
    return this.db.prepare('SELECT * FROM insight_service_days WHERE business_date BETWEEN ? AND ?').all(from, to) as ServiceDayRow[];
  }

  /** Arrivals per day, procedure and hour: what the forecast learns from. */
  hourlyArrivals(from: string, to: string): { date: string; serviceId: string; hour: number; arrivals: number }[] {
    return (
      this.db
        .prepare('SELECT business_date, service_id, hour, arrivals FROM insight_service_hours WHERE business_date BETWEEN ? AND ?')
        .raw()
        .all(from, to) as [string, string, number, number][]
    ).map(([date, serviceId, hour, arrivals]) => ({ date, serviceId, hour, arrivals }));
  }

  counterDays(from: string, to: string): CounterDayRow[] {
    return this.db.prepare('SELECT * FROM insight_counter_days WHERE business_date BETWEEN ? AND ?').all(from, to) as CounterDayRow[];
  }

  /** Arrivals and open days by weekday and hour, summed in SQL: the heatmap reads no histogram. */
  weekdayHours(from: string, to: string): { weekday: number; hour: number; arrivals: number; wait_sum: number; wait_n: number }[] {
    return this.db
      .prepare(
        `SELECT weekday, hour, SUM(arrivals) AS arrivals, SUM(wait_sum) AS wait_sum, SUM(wait_n) AS wait_n
       FROM insight_service_hours WHERE business_date BETWEEN ? AND ? GROUP BY weekday, hour`,
      )
      .all(from, to) as never;
  }

  /** Days with any arrival in the range: the days the office was open and used. */
  openDays(from: string, to: string): { business_date: string; weekday: number }[] {
    return this.db
      .prepare('SELECT DISTINCT business_date, weekday FROM insight_service_days WHERE business_date BETWEEN ? AND ? AND arrivals > 0 ORDER BY business_date')
      .all(from, to) as never;
  }
}
