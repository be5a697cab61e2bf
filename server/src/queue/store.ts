import { Call, LogEvent, Visit } from '@junban/protocol';
import type { CounterStatus } from '@junban/protocol';
import type { Db } from '../storage/database.js';
import { isOpenStep, type Change } from './state.js';

export interface EventRow {
  seq: number; at: number; business_date: string; type: string; visit_id: string | null; number: string | null;
  step_id: string | null; service_id: string | null; counter_id: string | null; actor: string; data: string | null;
}

export function toEvent(r: EventRow): LogEvent {
  const e: LogEvent = { seq: r.seq, at: r.at, businessDate: r.business_date, type: r.type as LogEvent['type'], actor: r.actor };
  if (r.visit_id) e.visitId = r.visit_id;
  if (r.number) e.number = r.number;
  if (r.step_id) e.stepId = r.step_id;
  if (r.service_id) e.serviceId = r.service_id;
  if (r.counter_id) e.counterId = r.counter_id;
  if (r.data) e.data = JSON.parse(r.data) as LogEvent['data'];
  return e;
}

/** The queue's tables: visits as documents, the append-only event log, number sequences and counter status. */
export class QueueStore {
  private readonly insertEvent;
  private readonly upsertVisit;
  private readonly upsertSequence;
  private readonly upsertCounterStatus;

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (at, business_date, type, visit_id, number, step_id, service_id, counter_id, actor, data)
       VALUES (@at, @businessDate, @type, @visitId, @number, @stepId, @serviceId, @counterId, @actor, @data)`,
    );
    this.upsertVisit = db.prepare(
      `INSERT INTO visits (id, business_date, number, is_open, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET is_open = excluded.is_open, data = excluded.data`,
    );
    this.upsertSequence = db.prepare(
      `INSERT INTO number_sequences (business_date, prefix, last) VALUES (?, ?, ?)
       ON CONFLICT (business_date, prefix) DO UPDATE SET last = excluded.last`,
    );
    this.upsertCounterStatus = db.prepare(
      'INSERT INTO counter_status (counter_id, status) VALUES (?, ?) ON CONFLICT (counter_id) DO UPDATE SET status = excluded.status',
    );
  }

  /** Write a change; returns its events with their sequence numbers. Call inside a transaction. */
  write(change: Change): LogEvent[] {
    if (change.sequence) this.upsertSequence.run(change.sequence.businessDate, change.sequence.prefix, change.sequence.last);
    for (const v of change.visits) this.upsertVisit.run(v.id, v.businessDate, v.number, v.steps.some(isOpenStep) ? 1 : 0, JSON.stringify(v));
    if (change.counterStatus) this.upsertCounterStatus.run(change.counterStatus.counterId, change.counterStatus.status);
    return change.events.map((e) => {
      const seq = Number(
        this.insertEvent.run({
          visitId: null, number: null, stepId: null, serviceId: null, counterId: null,
          ...e, data: e.data ? JSON.stringify(e.data) : null,
        }).lastInsertRowid,
      );
      return { ...e, seq };
    });
  }

  openVisits(): Visit[] {
    return (this.db.prepare('SELECT data FROM visits WHERE is_open = 1').pluck().all() as string[]).map((d) => JSON.parse(d) as Visit);
  }

  /** A day's visits that have closed, the last `limit` issued, oldest first. */
  closedVisits(businessDate: string, limit: number): Visit[] {
    const rows = this.db
      .prepare('SELECT data FROM visits WHERE business_date = ? AND is_open = 0 ORDER BY rowid DESC LIMIT ?')
      .pluck()
      .all(businessDate, limit) as string[];
    return rows.reverse().map((d) => JSON.parse(d) as Visit);
  }

  visit(id: string): Visit | undefined {
    const data = this.db.prepare('SELECT data FROM visits WHERE id = ?').pluck().get(id) as string | undefined;
    return data ? (JSON.parse(data) as Visit) : undefined;
  }

  sequences(fromDate: string): { business_date: string; prefix: string; last: number }[] {
    return this.db.prepare('SELECT business_date, prefix, last FROM number_sequences WHERE business_date >= ?').all(fromDate) as never;
  }

  counterStatuses(): { counter_id: string; status: CounterStatus }[] {
    return this.db.prepare('SELECT counter_id, status FROM counter_status').all() as never;
  }

  /**
   * The newest `perService` finished steps of each of these procedures, oldest first, for the estimates to start
   * where they were. Per procedure, not office-wide: a busy procedure must not push a quiet one's history out.
   * One query, and each procedure reads only its own rows through the events_finished index.
   */
  recentFinished(serviceIds: readonly string[], perService: number): LogEvent[] {
    const rows = this.db
      .prepare(
        `SELECT e.* FROM json_each(?) AS s JOIN events AS e ON e.seq IN (
           SELECT seq FROM events WHERE type = 'finished' AND service_id = s.value ORDER BY seq DESC LIMIT ?
         ) ORDER BY e.seq`,
      )
      .all(JSON.stringify(serviceIds), perService) as EventRow[];
    return rows.map(toEvent);
  }

  /** A day's calls in order, for each counter's priority rule to know where it stands. */
  callsOn(businessDate: string): LogEvent[] {
    const rows = this.db.prepare(`SELECT * FROM events WHERE business_date = ? AND type = 'called' ORDER BY seq`).all(businessDate) as EventRow[];
    return rows.map(toEvent);
  }

  recentCalls(businessDate: string, limit: number): Call[] {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE business_date = ? AND type IN ('called', 'recalled') ORDER BY seq DESC LIMIT ?`)
      .all(businessDate, limit) as EventRow[];
    return rows.map(toEvent).map(toCall);
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT MAX(seq) FROM events').pluck().get() as number | null) ?? 0;
  }

  eventsAfter(seq: number, limit: number, range: { from?: string; to?: string } = {}): LogEvent[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM events WHERE seq > ? AND business_date >= ? AND business_date <= ? ORDER BY seq LIMIT ?`,
      )
      .all(seq, range.from ?? '', range.to ?? '9999', limit) as EventRow[];
    return rows.map(toEvent);
  }
}

export function toCall(e: LogEvent): Call {
  return { seq: e.seq, at: e.at, number: e.number!, counterId: e.counterId!, serviceId: e.serviceId!, recall: e.type === 'recalled' };
}
