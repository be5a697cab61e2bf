/**
 * Each office's replicated log summed up by business day, as the office sums its own (`summarizeDay` from
 * `@junban/server/insights`): the day's events in seq order, each counter's status at the day's start from its last
 * counter event before the day, and the office's latest setup. Day rows mirror the office's `insight_service_days`
 * and `insight_counter_days`; month rows merge a month's day rows, so views over years read a few rows per office.
 *
 * It runs off the link's path: a stored batch only asks for it (debounced), and it works in transactions of its own,
 * one office at a time across every city process (`pg_try_advisory_xact_lock`; a process that finds the office busy
 * tries again a little later).
 */
import type { Logger } from 'pino';
import type { CounterStatus, OfficeConfig } from '@junban/protocol';
import { dayContext, Histogram, statusSetBy, summarizeDay, type DaySummary, type ServiceDayRow } from '@junban/server/insights';
import type { Db, Queryable } from '../db/engine.js';
import { toEvent, type EventRow } from '../link/event-row.js';

/** The advisory lock's first key (the second is the office's id hashed): the same in every city process. */
const HISTORY_LOCK = 4_702_114;
/**
 * Events summed per transaction: an office catching up on years of log does it in steps, letting others in. PGlite
 * runs one query at a time, so its steps are shorter: a link's batch waits for at most one (a few hundred ms).
 */
const CHUNK_EVENTS = { postgres: 20_000, pglite: 5_000 } as const;

/** The service-day columns, in the tables' order (months have `month` where days have `business_date, weekday`). */
export const SERVICE_SUMS = [
  'arrivals',
  'served',
  'no_shows',
  'cancelled',
  'expired',
  'wait',
  'walk',
  'service',
  'lost',
  'est_n',
  'est_err_sum',
  'est_abs_err_sum',
  'est_within',
] as const;

/** `INSERT … VALUES ($1, …), (…)` for rows of `width` values. */
const placeholders = (rows: number, width: number) =>
  Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');

export class HistorySummarizer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly log: Logger,
    /** How long after a stored batch the summing starts: a catching-up office's batches are summed together. */
    private readonly debounceMs = 1_000,
  ) {}

  /** A batch of the office's log was stored: sum it up soon. Returns at once; the link never waits for it. */
  batchStored(officeId: string, delayMs = this.debounceMs): void {
    if (this.closed || this.timers.has(officeId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(officeId);
      void this.run(officeId);
    }, delayMs);
    timer.unref();
    this.timers.set(officeId, timer);
  }

  /** At start: every office whose stored log goes past what is summed. */
  async catchUp(): Promise<void> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT o.id FROM offices o LEFT JOIN history_state h ON h.office_id = o.id
       WHERE o.config IS NOT NULL AND o.stored_seq > COALESCE(h.through_seq, 0) ORDER BY o.id`,
    );
    for (const { id } of rows) await this.run(id);
  }

  /** Sum the office's new events now (or join the summing under way, which then looks again). */
  run(officeId: string): Promise<void> {
    const current = this.running.get(officeId);
    if (current) {
      this.again.add(officeId);
      return current;
    }
    const work = (async () => {
      try {
        do {
          this.again.delete(officeId);
          await this.summarize(officeId);
        } while (this.again.has(officeId) && !this.closed);
      } catch (err) {
        this.log.error({ err, officeId }, 'summing up an office’s log failed');
      } finally {
        this.running.delete(officeId);
      }
    })();
    this.running.set(officeId, work);
    return work;
  }

  /** Resolves once nothing is pending or running in this process (for tests and a clean stop). */
  async settled(): Promise<void> {
    while (this.timers.size || this.running.size) {
      if (this.running.size) await Promise.all(this.running.values());
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Merge these months' rows, and their years', again from their day rows (for day rows written by other means: a benchmark, a repair). */
  rebuildMonths(officeId: string, months: readonly string[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      for (const month of months) await this.rollUpMonth(tx, officeId, month);
      for (const year of new Set(months.map((m) => m.slice(0, 4)))) await this.rollUpYear(tx, officeId, year);
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Brings the office's summaries up to its stored log, a chunk per transaction. */
  private async summarize(officeId: string): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const step = await this.db.transaction((tx) => this.step(tx, officeId));
      if (step === 'busy') {
        // Another city process sums this office now; look again once it is likely done, for what it did not see.
        this.batchStored(officeId, Math.max(this.debounceMs, 1_000));
        return;
      }
      if (step === 'done') return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One chunk: re-sum each business day its events touch, save the rows, move `through_seq`. */
  private async step(tx: Queryable, officeId: string): Promise<'busy' | 'done' | 'more'> {
    const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [HISTORY_LOCK, officeId]);
    if (!lock?.locked) return 'busy';
    const [office] = await tx.query<{ stored_seq: number; config: OfficeConfig | null; through_seq: number | null }>(
      `SELECT o.stored_seq, o.config, h.through_seq FROM offices o LEFT JOIN history_state h ON h.office_id = o.id WHERE o.id = $1`,
      [officeId],
    );
    // Without the office's setup there are no hours or counters to sum a day with: it comes with the link's start.
    if (!office?.config) return 'done';
    const stored = Number(office.stored_seq);
    const through = Number(office.through_seq ?? 0);
    if (stored <= through) return 'done';
    const upTo = Math.min(stored, through + CHUNK_EVENTS[this.db.engine]);
    const dates = (
      await tx.query<{ business_date: string }>(
        'SELECT DISTINCT business_date FROM events WHERE office_id = $1 AND seq > $2 AND seq <= $3 ORDER BY business_date',
        [officeId, through, upTo],
      )
    ).map((r) => r.business_date);
    for (const date of dates) await this.saveDay(tx, officeId, await this.sumDay(tx, officeId, date, office.config, upTo));
    for (const month of new Set(dates.map((d) => d.slice(0, 7)))) await this.rollUpMonth(tx, officeId, month);
    for (const year of new Set(dates.map((d) => d.slice(0, 4)))) await this.rollUpYear(tx, officeId, year);
    await tx.query(
      `INSERT INTO history_state (office_id, through_seq, summed_at) VALUES ($1, $2, $3)
       ON CONFLICT (office_id) DO UPDATE SET through_seq = EXCLUDED.through_seq, summed_at = EXCLUDED.summed_at`,
      [officeId, upTo, this.now()],
    );
    return upTo < stored ? 'more' : 'done';
  }

  /** A day summed up from its events up to `throughSeq`, as the office's InsightStore.summarize does. */
  private async sumDay(tx: Queryable, officeId: string, date: string, config: OfficeConfig, throughSeq: number): Promise<DaySummary> {
    const events = (
      await tx.query<EventRow>(
        `SELECT seq, at, business_date, type, visit_id, number, step_id, service_id, counter_id, actor, data
         FROM events WHERE office_id = $1 AND business_date = $2 AND seq <= $3 ORDER BY seq`,
        [officeId, date, throughSeq],
      )
    ).map(toEvent);
    const firstSeq = events[0]?.seq ?? throughSeq + 1;
    const rows = await tx.query<{ id: string; type: string | null }>(
      `SELECT c.id, s.type FROM unnest($2::text[]) AS c(id)
       LEFT JOIN LATERAL (
         SELECT e.type FROM events e
         WHERE e.office_id = $1 AND e.counter_id = c.id AND e.seq < $3 AND e.type IN ('counter_opened', 'counter_paused', 'counter_closed')
         ORDER BY e.seq DESC LIMIT 1
       ) s ON true`,
      [officeId, config.counters.map((c) => c.id), firstSeq],
    );
    const statusAtStart = new Map<string, CounterStatus>(rows.map((r) => [r.id, r.type ? statusSetBy(r.type as Parameters<typeof statusSetBy>[0]) : 'closed']));
    return summarizeDay(events, dayContext(date, config, statusAtStart));
  }

  /** Replace a day's rows with its summary (the office's InsightStore.save, per office). */
  private async saveDay(tx: Queryable, officeId: string, day: DaySummary): Promise<void> {
    const { date, weekday } = day;
    await tx.query('DELETE FROM history_service_days WHERE office_id = $1 AND business_date = $2', [officeId, date]);
    await tx.query('DELETE FROM history_counter_days WHERE office_id = $1 AND business_date = $2', [officeId, date]);
    if (day.services.length) {
      const values = day.services.flatMap((s) => [
        officeId,
        date,
        s.serviceId,
        weekday,
        s.arrivals,
        s.served,
        s.noShows,
        s.cancelled,
        s.expired,
        s.wait.toBuffer(),
        s.walk.toBuffer(),
        s.service.toBuffer(),
        s.lost.toBuffer(),
        s.estimate.n,
        s.estimate.errSum,
        s.estimate.absErrSum,
        s.estimate.within,
      ]);
      await tx.query(
        `INSERT INTO history_service_days (office_id, business_date, service_id, weekday, ${SERVICE_SUMS.join(', ')})
         VALUES ${placeholders(day.services.length, 17)}`,
        values,
      );
    }
    const counters = day.counters.filter((c) => c.calls || c.openSec || c.busySec);
    if (counters.length) {
      const values = counters.flatMap((c) => [
        officeId,
        date,
        c.counterId,
        c.calls,
        c.served,
        c.noShows,
        c.walk.toBuffer(),
        c.service.toBuffer(),
        c.openSec,
        c.busySec,
        c.idleWhileWaitingSec,
      ]);
      await tx.query(
        `INSERT INTO history_counter_days (office_id, business_date, counter_id, calls, served, no_shows, walk, service, open_sec, busy_sec, idle_waiting_sec)
         VALUES ${placeholders(counters.length, 11)}`,
        values,
      );
    }
  }

  /** The month's rows again, merged from its day rows, with the days that had an arrival as a bit mask. */
  private async rollUpMonth(tx: Queryable, officeId: string, month: string): Promise<void> {
    const days = await tx.query<ServiceDayRow>(
      `SELECT business_date, service_id, ${SERVICE_SUMS.join(', ')} FROM history_service_days
       WHERE office_id = $1 AND business_date BETWEEN $2 AND $3 ORDER BY business_date, service_id`,
      [officeId, `${month}-01`, `${month}-31`],
    );
    const merged = mergeRows(days);
    await tx.query('DELETE FROM history_service_months WHERE office_id = $1 AND month = $2', [officeId, month]);
    if (!merged.length) return;
    await tx.query(
      `INSERT INTO history_service_months (office_id, month, service_id, ${SERVICE_SUMS.join(', ')}, day_mask) VALUES ${placeholders(merged.length, 17)}`,
      merged.flatMap((m) => [officeId, month, ...m.values, m.dayMask]),
    );
  }

  /** The year's rows again, merged from its month rows. */
  private async rollUpYear(tx: Queryable, officeId: string, year: string): Promise<void> {
    const months = await tx.query<ServiceDayRow>(
      `SELECT month || '-01' AS business_date, service_id, ${SERVICE_SUMS.join(', ')} FROM history_service_months
       WHERE office_id = $1 AND month BETWEEN $2 AND $3 ORDER BY month, service_id`,
      [officeId, `${year}-01`, `${year}-12`],
    );
    const merged = mergeRows(months);
    await tx.query('DELETE FROM history_service_years WHERE office_id = $1 AND year = $2', [officeId, year]);
    if (!merged.length) return;
    await tx.query(
      `INSERT INTO history_service_years (office_id, year, service_id, ${SERVICE_SUMS.join(', ')}) VALUES ${placeholders(merged.length, 16)}`,
      merged.flatMap((m) => [officeId, year, ...m.values]),
    );
  }
}

/**
 * Rows of one office merged per procedure: counts added, histograms merged bucket by bucket (as the history views
 * merge them). `values` are the service id and SERVICE_SUMS in order; `dayMask` has bit d-1 set when day d had an arrival.
 */
function mergeRows(rows: readonly ServiceDayRow[]): { values: unknown[]; dayMask: number }[] {
  const by = new Map<string, { counts: number[]; dayMask: number; wait: Histogram; walk: Histogram; service: Histogram; lost: Histogram }>();
  for (const r of rows) {
    let m = by.get(r.service_id);
    if (!m) {
      m = { counts: [0, 0, 0, 0, 0, 0, 0, 0, 0], dayMask: 0, wait: new Histogram(), walk: new Histogram(), service: new Histogram(), lost: new Histogram() };
      by.set(r.service_id, m);
    }
    const counts = [r.arrivals, r.served, r.no_shows, r.cancelled, r.expired, r.est_n, r.est_err_sum, r.est_abs_err_sum, r.est_within];
    counts.forEach((n, i) => (m.counts[i]! += Number(n)));
    if (r.arrivals > 0) m.dayMask |= 1 << (Number(r.business_date.slice(8, 10)) - 1);
    m.wait.mergeBuffer(r.wait);
    m.walk.mergeBuffer(r.walk);
    m.service.mergeBuffer(r.service);
    m.lost.mergeBuffer(r.lost);
  }
  return [...by].map(([serviceId, m]) => {
    const [arrivals, served, noShows, cancelled, expired, estN, estErr, estAbs, estWithin] = m.counts;
    return {
      values: [
        serviceId,
        arrivals,
        served,
        noShows,
        cancelled,
        expired,
        m.wait.toBuffer(),
        m.walk.toBuffer(),
        m.service.toBuffer(),
        m.lost.toBuffer(),
        estN,
        estErr,
        estAbs,
        estWithin,
      ],
      dayMask: m.dayMask,
    };
  });
}
