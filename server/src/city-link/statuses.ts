/**
 * Residents' status pages, for the city to serve from its public face. The office sends the status of a visit only
 * once the city asks for it (`watch`: a phone opened that page at the city), keyed by the SHA-256 of the token in
 * its ticket's QR code; from then on every change, until the visit closes. So the link carries the few visits
 * residents follow, not every place in every line at each call, and the city can find a phone's token by hashing
 * it but cannot make one. A status is what the office's own page shows: a number and a place, never a name.
 */
import { createHash } from 'node:crypto';
import { estimateWaitSec, type LineMove, type StatusBatch, type Visit, type VisitStatus } from '@junban/protocol';

export const statusKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A closed visit's last status is final: sent once more, then the visit is no longer followed. */
const FINAL: ReadonlySet<VisitStatus['state']> = new Set(['done', 'cancelled', 'expired']);
/** More shifts than this in one line's move: its pages are sent one by one instead (a line turned upside down). */
const MAX_SHIFTS = 500;

export interface StatusSource {
  now(): number;
  businessDate(): string;
  /** The visits still open. */
  openVisits(): Iterable<Visit>;
  visit(id: string): Visit | undefined;
  status(visit: Visit): VisitStatus;
  /** The token of the visit's status page (visit-status/links.ts). */
  token(visitId: string): string;
  /** What a line's estimate is made of now: its open counters and recent service time. */
  line(serviceId: string): { countersOpen: number; serviceSec: number };
}

/** What was last sent of a visit: its status but for the clock and the place, and the place apart. */
interface Sent {
  rest: string;
  ahead: number | null;
  estimateSec: number | null;
}
const sentOf = (status: VisitStatus): Sent => {
  const { at: _at, peopleAhead, estimateSec, lineSeq: _seq, ...rest } = status;
  return { rest: JSON.stringify(rest), ahead: peopleAhead, estimateSec };
};

/** A followed visit waiting in the same line as at the last batch, changed (if at all) only in its place. */
export interface Mover {
  visitId: string;
  status: VisitStatus;
  from: number;
  moved: boolean;
}

export class StatusesForCity {
  /** The visits the city follows, and what was last sent of each (null: nothing yet). */
  private readonly watched = new Map<string, Sent | null>();
  /** Today's open visits by key, made when the city asks for a key not seen yet. */
  private byKey = new Map<string, string>();
  private keyed = new Set<string>();
  /** The last move of each line (`LineMove.seq`): from the clock at first, so a restarted office never goes back. */
  private lineSeqs = new Map<string, number>();
  private day: string | undefined;

  constructor(private readonly source: StatusSource) {}

  /** The city asks for these pages; those of this office's open visits are followed from now on. Answers how many. */
  watch(keys: readonly string[]): number {
    this.newDay();
    let found = 0;
    for (const key of keys) {
      let visitId = this.byKey.get(key);
      if (!visitId) {
        // A key not seen yet: a visit issued since the last look (or another office's visit, which stays unknown).
        for (const v of this.source.openVisits()) {
          if (v.businessDate !== this.day || this.keyed.has(v.id)) continue;
          this.byKey.set(statusKey(this.source.token(v.id)), v.id);
          this.keyed.add(v.id);
        }
        visitId = this.byKey.get(key);
      }
      if (visitId && !this.watched.has(visitId)) {
        this.watched.set(visitId, null);
        found += 1;
      }
    }
    return found;
  }

  /**
   * The followed visits' statuses that changed since the last call; `full`: all of them, as if none had been sent.
   * Pages that changed in nothing but their place travel as their line's move: a call in a line of thousands is one
   * move, not thousands of statuses.
   */
  changes(full: boolean): StatusBatch {
    full = this.newDay() || full;
    const statuses: StatusBatch['statuses'] = [];
    const lines: LineMove[] = [];
    const send = (visitId: string, status: VisitStatus) => {
      if (status.state === 'waiting' && status.service) status = { ...status, lineSeq: this.lineSeq(status.service.id) };
      if (FINAL.has(status.state)) this.watched.delete(visitId);
      else this.watched.set(visitId, sentOf(status));
      statuses.push({ key: statusKey(this.source.token(visitId)), status });
    };

    const movers = new Map<string, Mover[]>();
    const alone: { visitId: string; status: VisitStatus }[] = [];
    for (const [visitId, last] of this.watched) {
      const visit = this.source.visit(visitId);
      if (!visit) {
        this.watched.delete(visitId);
        continue;
      }
      const status = this.source.status(visit);
      const now = sentOf(status);
      if (!full && last && last.rest === now.rest && last.ahead === now.ahead && last.estimateSec === now.estimateSec) {
        // Unchanged; but a waiting page still counts in its line's move, which must leave it where it is.
        if (status.state === 'waiting' && status.service && now.ahead !== null)
          push(movers, status.service.id, { visitId, status, from: now.ahead, moved: false });
        continue;
      }
      if (!full && last && last.rest === now.rest && status.state === 'waiting' && status.service && last.ahead !== null && now.ahead !== null) {
        push(movers, status.service.id, { visitId, status, from: last.ahead, moved: true });
      } else alone.push({ visitId, status });
    }

    for (const [serviceId, line] of movers) {
      if (!line.some((m) => m.moved)) continue;
      const { countersOpen, serviceSec } = this.source.line(serviceId);
      const { shifts, apart } = shiftsOf(line, countersOpen, serviceSec);
      if (shifts.length > MAX_SHIFTS) {
        for (const m of line) if (m.moved) alone.push(m);
        continue;
      }
      // Pages the shifts cannot carry (two at one place moving apart, an estimate made otherwise) go on their own.
      for (const m of apart) alone.push(m);
      const seq = this.lineSeq(serviceId) + 1;
      this.lineSeqs.set(serviceId, seq);
      lines.push({ serviceId, seq, at: this.source.now(), shifts, countersOpen, serviceSec });
      for (const m of line) if (m.moved && !apart.includes(m)) this.watched.set(m.visitId, sentOf(m.status));
    }
    // After the moves: a page sent on its own includes its line's last move.
    for (const { visitId, status } of alone) send(visitId, status);
    return { full, businessDate: this.day!, statuses, ...(lines.length ? { lines } : {}) };
  }

  private lineSeq(serviceId: string): number {
    let seq = this.lineSeqs.get(serviceId);
    if (seq === undefined) this.lineSeqs.set(serviceId, (seq = this.source.now()));
    return seq;
  }

  /** A new business day forgets the last one's visits. */
  private newDay(): boolean {
    const today = this.source.businessDate();
    if (today === this.day) return false;
    this.day = today;
    this.watched.clear();
    this.byKey = new Map();
    this.keyed = new Set();
    return true;
  }
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A line's move as shifts by place: each page's new place less its old one, in runs by old place. Pages that do not
 * fit (the estimate not the line's, or two at one old place that moved differently) are answered apart.
 */
export function shiftsOf(line: readonly Mover[], countersOpen: number, serviceSec: number): { shifts: LineMove['shifts']; apart: Mover[] } {
  const apart = new Set<Mover>();
  for (const m of line) if (m.status.estimateSec !== estimateWaitSec(m.status.peopleAhead!, countersOpen, serviceSec)) apart.add(m);
  const byFrom = new Map<number, Mover[]>();
  for (const m of line) if (!apart.has(m)) push(byFrom, m.from, m);
  for (const same of byFrom.values()) {
    const by = same[0]!.status.peopleAhead! - same[0]!.from;
    if (same.some((m) => m.status.peopleAhead! - m.from !== by)) for (const m of same) if (m.moved) apart.add(m);
  }
  const shifts: LineMove['shifts'] = [];
  let current = 0;
  for (const from of [...byFrom.keys()].sort((a, b) => a - b)) {
    const m = byFrom.get(from)!.find((x) => !apart.has(x));
    if (!m) continue;
    const by = m.status.peopleAhead! - from;
    if (by !== current) shifts.push([from, (current = by)]);
  }
  return { shifts, apart: [...apart] };
}
