/**
 * The office's event log: every transition of every visit and counter, append-only, in the `events` table. It is
 * the foundation the queue restarts from, the insights sum up, the exports copy and (later) the city server
 * replicates; this module is the only one that reads or writes that table.
 *
 * Sequence numbers. Each event's `seq` is office-unique and gap-free: the first event is 1 and each commit's events
 * follow the last committed one, in order. That holds because
 * - an append gets the number after the largest committed one (SQLite's rule for an INTEGER PRIMARY KEY without
 *   AUTOINCREMENT), inside the caller's transaction: a transaction that rolls back (a command that fails half-way, a
 *   crash before the commit) leaves nothing behind, so its numbers are given to the next append. Numbers returned
 *   inside a transaction are final only once it commits; the queue announces events only after the commit;
 * - rows are never updated or deleted (triggers refuse it), so the largest number never goes down and none is
 *   reused;
 * - the database refuses any row whose seq is not the one after the largest (trigger events_gap_free, migration
 *   010), whoever writes it.
 * So "the events after seq N" is all a replica needs to ask for.
 */
import type { CounterStatus, EventType, LogEvent, LogEventOf } from '@junban/protocol';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.js';

/** An event before it is written: the log gives it its sequence number. */
export type NewEvent = LogEvent extends infer E ? (E extends LogEvent ? Omit<E, 'seq'> : never) : never;
/** A new event of one type. */
export type NewEventOf<T extends EventType> = Extract<NewEvent, { type: T }>;

/** The counter events and the status each one sets. */
const COUNTER_STATUS = { counter_opened: 'open', counter_paused: 'paused', counter_closed: 'closed' } as const satisfies Partial<
  Record<EventType, CounterStatus>
>;
type CounterEventType = keyof typeof COUNTER_STATUS;

/** Whether an event opens, pauses or closes a counter (and names no visit). */
export function isCounterEvent<E extends NewEvent>(e: E): e is Extract<E, { type: CounterEventType }> {
  return e.type in COUNTER_STATUS;
}

/** The status a counter event sets. */
export const statusSetBy = (type: CounterEventType): CounterStatus => COUNTER_STATUS[type];

/** A stored row. `data` is the JSON of the event's data, as written since the first version. */
interface EventRow {
  seq: number;
  at: number;
  business_date: string;
  type: string;
  visit_id: string | null;
  number: string | null;
  step_id: string | null;
  service_id: string | null;
  counter_id: string | null;
  actor: string;
  data: string | null;
}

/**
 * A row as its event. Rows are not validated again: only `append` writes them, from typed events, and the
 * insights read millions of them.
 */
function toEvent(r: EventRow): LogEvent {
  const e: Record<string, unknown> = { seq: r.seq, at: r.at, businessDate: r.business_date, type: r.type, actor: r.actor };
  if (r.visit_id) e.visitId = r.visit_id;
  if (r.number) e.number = r.number;
  if (r.step_id) e.stepId = r.step_id;
  if (r.service_id) e.serviceId = r.service_id;
  if (r.counter_id) e.counterId = r.counter_id;
  if (r.data) e.data = JSON.parse(r.data);
  return e as LogEvent;
}

/** Business dates, both included; either end may be left open. */
export interface DateRange {
  from?: string;
  to?: string;
}

/** The log's storage. Synchronous, like the rest of the office's storage; each statement is prepared once. */
export class EventLog {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private sql(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) this.statements.set(text, (s = this.db.prepare(text)));
    return s;
  }

  /**
   * Append events in order; answers them with their sequence numbers. Call inside the caller's transaction, which
   * commits them together with whatever else the command changed (the numbers are final once it commits).
   */
  append(events: readonly NewEvent[]): LogEvent[] {
    if (events.length && !this.db.inTransaction) throw new Error('EventLog.append runs inside the caller’s transaction');
    return events.map((e) => {
      const seq = Number(
        this.sql(
          `INSERT INTO events (at, business_date, type, visit_id, number, step_id, service_id, counter_id, actor, data)
           VALUES (@at, @businessDate, @type, @visitId, @number, @stepId, @serviceId, @counterId, @actor, @data)`,
        ).run({
          at: e.at,
          businessDate: e.businessDate,
          type: e.type,
          visitId: e.visitId ?? null,
          number: e.number ?? null,
          stepId: e.stepId ?? null,
          serviceId: e.serviceId ?? null,
          counterId: e.counterId ?? null,
          actor: e.actor,
          data: 'data' in e && e.data ? JSON.stringify(e.data) : null,
        }).lastInsertRowid,
      );
      return { ...e, seq } as LogEvent;
    });
  }

  /** The sequence number of the last event; 0 for an empty log. */
  lastSeq(): number {
    return (this.sql('SELECT MAX(seq) FROM events').pluck().get() as number | null) ?? 0;
  }

  /** The events after `seq`, oldest first, at most `limit`, of the business days in `range`. */
  after(seq: number, limit: number, range: DateRange = {}): LogEvent[] {
    const rows = this.sql('SELECT * FROM events WHERE seq > ? AND business_date >= ? AND business_date <= ? ORDER BY seq LIMIT ?').all(
      seq,
      range.from ?? '',
      range.to ?? '9999',
      limit,
    ) as EventRow[];
    return rows.map(toEvent);
  }

  /** A business day's events in order, up to `throughSeq`. */
  day(date: string, throughSeq = Number.MAX_SAFE_INTEGER): LogEvent[] {
    return (this.sql('SELECT * FROM events WHERE business_date = ? AND seq <= ? ORDER BY seq').all(date, throughSeq) as EventRow[]).map(toEvent);
  }

  /**
   * The events of the business days in `range`, in order, one at a time: years of them never sit in memory. The
   * statement stays busy until the iteration ends; end it early with `return()` (a `for…of` that breaks does).
   */
  *iterate(range: Required<DateRange>): Generator<LogEvent, void, undefined> {
    // A statement of its own: two exports may stream at once, and a statement iterates one at a time.
    const rows = this.db
      .prepare('SELECT * FROM events WHERE business_date BETWEEN ? AND ? ORDER BY seq')
      .iterate(range.from, range.to) as IterableIterator<EventRow>;
    for (const r of rows) yield toEvent(r);
  }

  /** Whether any event belongs to a business day in `range`. */
  has(range: DateRange): boolean {
    return (
      this.sql('SELECT 1 FROM events WHERE business_date >= ? AND business_date <= ? LIMIT 1')
        .pluck()
        .get(range.from ?? '', range.to ?? '9999') !== undefined
    );
  }

  /** The business days of the events after `seq` up to `throughSeq`. */
  datesBetween(seq: number, throughSeq: number): string[] {
    return this.sql('SELECT DISTINCT business_date FROM events WHERE seq > ? AND seq <= ?').pluck().all(seq, throughSeq) as string[];
  }

  /** The status a counter was left in by its last counter event before `seq`; undefined if it has none. */
  counterStatusBefore(counterId: string, seq: number): CounterStatus | undefined {
    const type = this.sql(
      `SELECT type FROM events WHERE counter_id = ? AND seq < ? AND type IN ('counter_opened', 'counter_paused', 'counter_closed') ORDER BY seq DESC LIMIT 1`,
    )
      .pluck()
      .get(counterId, seq) as CounterEventType | undefined;
    return type && statusSetBy(type);
  }

  /**
   * The newest `perService` finished steps of each of these procedures, oldest first. Per procedure, not
   * office-wide: a busy procedure must not push a quiet one's history out. One query, and each procedure reads only
   * its own rows through the events_finished index.
   */
  recentFinished(serviceIds: readonly string[], perService: number): LogEventOf<'finished'>[] {
    const rows = this.sql(
      `SELECT e.* FROM json_each(?) AS s JOIN events AS e ON e.seq IN (
           SELECT seq FROM events WHERE type = 'finished' AND service_id = s.value ORDER BY seq DESC LIMIT ?
         ) ORDER BY e.seq`,
    ).all(JSON.stringify(serviceIds), perService) as EventRow[];
    return rows.map(toEvent) as LogEventOf<'finished'>[];
  }

  /** A day's calls in order (not recalls). */
  callsOn(businessDate: string): LogEventOf<'called'>[] {
    const rows = this.sql(`SELECT * FROM events WHERE business_date = ? AND type = 'called' ORDER BY seq`).all(businessDate) as EventRow[];
    return rows.map(toEvent) as LogEventOf<'called'>[];
  }

  /** A day's numbers issued, for the procedures' daily caps. */
  issuedOn(businessDate: string): LogEventOf<'issued'>[] {
    const rows = this.sql(`SELECT * FROM events WHERE business_date = ? AND type = 'issued' ORDER BY seq`).all(businessDate) as EventRow[];
    return rows.map(toEvent) as LogEventOf<'issued'>[];
  }

  /** A day's last `limit` calls and recalls, newest first. */
  recentCalls(businessDate: string, limit: number): LogEventOf<'called' | 'recalled'>[] {
    const rows = this.sql(`SELECT * FROM events WHERE business_date = ? AND type IN ('called', 'recalled') ORDER BY seq DESC LIMIT ?`).all(
      businessDate,
      limit,
    ) as EventRow[];
    return rows.map(toEvent) as LogEventOf<'called' | 'recalled'>[];
  }
}
