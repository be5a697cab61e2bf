import type { Call, CounterStatus, LogEvent, LogEventOf, Visit } from '@junban/protocol';
import { EventLog } from '../event-log/event-log.js';
import type { Db } from '../storage/database.js';
import { isOpenStep, type Change } from './state.js';

/** The queue's tables: visits as documents, number sequences and counter status; and its events, in the event log. */
export class QueueStore {
  readonly events: EventLog;
  private readonly upsertVisit;
  private readonly upsertSequence;
  private readonly upsertCounterStatus;

  constructor(private readonly db: Db) {
    this.events = new EventLog(db);
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
    return this.events.append(change.events);
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

  /** The newest `perService` finished steps of each of these procedures, oldest first, for the estimates to start where they were. */
  recentFinished(serviceIds: readonly string[], perService: number): LogEventOf<'finished'>[] {
    return this.events.recentFinished(serviceIds, perService);
  }

  /** A day's calls in order, for each counter's priority rule to know where it stands. */
  callsOn(businessDate: string): LogEventOf<'called'>[] {
    return this.events.callsOn(businessDate);
  }

  issuedOn(businessDate: string): LogEventOf<'issued'>[] {
    return this.events.issuedOn(businessDate);
  }

  recentCalls(businessDate: string, limit: number): Call[] {
    return this.events.recentCalls(businessDate, limit).map((e) => toCall(e, this.visit(e.visitId)));
  }

  lastSeq(): number {
    return this.events.lastSeq();
  }

  eventsAfter(seq: number, limit: number, range: { from?: string; to?: string } = {}): LogEvent[] {
    return this.events.after(seq, limit, range);
  }
}

/**
 * A call or recall as the screens show it; with its visit, marked for a resident with the hearing need (the event log
 * keeps no needs: they are read from the visit).
 */
export function toCall(e: LogEventOf<'called' | 'recalled'>, visit?: Pick<Visit, 'needs'>): Call {
  const call: Call = { seq: e.seq, at: e.at, number: e.number, counterId: e.counterId, serviceId: e.serviceId, recall: e.type === 'recalled' };
  if (visit?.needs?.includes('hearing')) call.hearing = true;
  if (e.type === 'recalled' && e.data.visual) call.visual = true;
  if (e.data.language) call.language = e.data.language;
  return call;
}
