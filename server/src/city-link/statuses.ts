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
  /** Every waiting step's place in a line now (what `status` says is its people ahead), by step id. */
  places(serviceId: string): ReadonlyMap<string, number>;
  /** The token of the visit's status page (visit-status/links.ts). */
  token(visitId: string): string;
  /** What a line's estimate is made of now: its open counters and recent service time. */
  line(serviceId: string): { countersOpen: number; serviceSec: number };
}

/** What was last sent of a visit: its status but for the clock and the place, and the place apart. */
interface Sent {
  rest: string;
  /** The line it waits in, if it does. */
  waitingIn: string | null;
  ahead: number | null;
  estimateSec: number | null;
}
const sentOf = (status: VisitStatus): Sent => {
  const { at: _at, peopleAhead, estimateSec, lineSeq: _seq, ...rest } = status;
  return { rest: JSON.stringify(rest), waitingIn: status.state === 'waiting' ? (status.service?.id ?? null) : null, ahead: peopleAhead, estimateSec };
};

/** A followed visit waiting in the same line as at the last batch, changed (if at all) only in its place. */
export interface Mover {
  visitId: string;
  from: number;
  to: number;
  estimateSec: number | null;
  moved: boolean;
}

export class StatusesForCity {
  /** The visits the city follows, and what was last sent of each (null: nothing yet). */
  private readonly watched = new Map<string, Sent | null>();
  /** Visits a commit touched since the last batch; the others can have changed only in their place. */
  private touchedVisits = new Set<string>();
  private touchedAll = true;
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

  /** A commit changed these visits (its events'), or, with `all`, anything of every status (the setup). */
  touched(visitIds: Iterable<string | undefined>, all = false): void {
    if (all) this.touchedAll = true;
    for (const id of visitIds) if (id) this.touchedVisits.add(id);
  }

  /**
   * The followed visits' statuses that changed since the last call; `full`: all of them, as if none had been sent.
   * Pages that changed in nothing but their place travel as their line's move: a call in a line of thousands is one
   * move, not thousands of statuses, and only the visits a commit touched are made again in full.
   */
  changes(full: boolean): StatusBatch {
    full = this.newDay() || full;
    const touched = full || this.touchedAll ? undefined : this.touchedVisits;
    this.touchedVisits = new Set();
    this.touchedAll = false;
    const statuses: StatusBatch['statuses'] = [];
    const lines: LineMove[] = [];
    const send = (visitId: string, status: VisitStatus) => {
      if (status.state === 'waiting' && status.service) status = { ...status, lineSeq: this.lineSeq(status.service.id) };
      if (FINAL.has(status.state)) this.watched.delete(visitId);
      else this.watched.set(visitId, sentOf(status));
      statuses.push({ key: statusKey(this.source.token(visitId)), status });
    };

    const movers = new Map<string, Mover[]>();
    const alone = new Set<string>();
    // Each line's factors and places, made once per batch (and only for lines with an untouched page in them).
    const factors = new Map<string, { countersOpen: number; serviceSec: number }>();
    const lineNow = (serviceId: string) => factors.get(serviceId) ?? factors.set(serviceId, this.source.line(serviceId)).get(serviceId)!;
    const places = new Map<string, ReadonlyMap<string, number>>();
    const placesIn = (serviceId: string) => places.get(serviceId) ?? places.set(serviceId, this.source.places(serviceId)).get(serviceId)!;
    for (const [visitId, last] of this.watched) {
      const visit = this.source.visit(visitId);
      if (!visit) {
        this.watched.delete(visitId);
        continue;
      }
      if (touched && last?.waitingIn && !touched.has(visitId)) {
        // Untouched since it was sent waiting: still waiting in that line, only its place may have moved.
        const serviceId = last.waitingIn;
        const step = visit.steps.find((s) => s.state === 'waiting' && s.serviceId === serviceId);
        const ahead = step && placesIn(serviceId).get(step.id);
        if (ahead !== undefined) {
          const { countersOpen, serviceSec } = lineNow(serviceId);
          const estimateSec = estimateWaitSec(ahead, countersOpen, serviceSec);
          const moved = ahead !== last.ahead || estimateSec !== last.estimateSec;
          push(movers, serviceId, { visitId, from: last.ahead!, to: ahead, estimateSec, moved });
          continue;
        }
      }
      const status = this.source.status(visit);
      const now = sentOf(status);
      const same = !full && last && last.rest === now.rest;
      if (same && last.ahead === now.ahead && last.estimateSec === now.estimateSec) {
        // Unchanged; but a waiting page still counts in its line's move, which must leave it where it is.
        if (now.waitingIn) push(movers, now.waitingIn, { visitId, from: now.ahead!, to: now.ahead!, estimateSec: now.estimateSec, moved: false });
      } else if (same && now.waitingIn && last.waitingIn === now.waitingIn) {
        push(movers, now.waitingIn, { visitId, from: last.ahead!, to: now.ahead!, estimateSec: now.estimateSec, moved: true });
      } else alone.add(visitId);
    }

    for (const [serviceId, line] of movers) {
      if (!line.some((m) => m.moved)) continue;
      const { countersOpen, serviceSec } = lineNow(serviceId);
      const { shifts, apart } = shiftsOf(line, countersOpen, serviceSec);
      if (shifts.length > MAX_SHIFTS) {
        for (const m of line) if (m.moved) alone.add(m.visitId);
        continue;
      }
      // Pages the shifts cannot carry (two at one place moving apart, an estimate made otherwise) go on their own.
      for (const m of apart) alone.add(m.visitId);
      const seq = this.lineSeq(serviceId) + 1;
      this.lineSeqs.set(serviceId, seq);
      lines.push({ serviceId, seq, at: this.source.now(), shifts, countersOpen, serviceSec });
      for (const m of line) {
        const last = this.watched.get(m.visitId);
        if (m.moved && last && !apart.includes(m)) this.watched.set(m.visitId, { ...last, ahead: m.to, estimateSec: m.estimateSec });
      }
    }
    // After the moves: a page sent on its own includes its line's last move.
    for (const visitId of alone) send(visitId, this.source.status(this.source.visit(visitId)!));
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
  for (const m of line) if (m.estimateSec !== estimateWaitSec(m.to, countersOpen, serviceSec)) apart.add(m);
  const byFrom = new Map<number, Mover[]>();
  for (const m of line) if (!apart.has(m)) push(byFrom, m.from, m);
  for (const same of byFrom.values()) {
    const by = same[0]!.to - same[0]!.from;
    if (same.some((m) => m.to - m.from !== by)) for (const m of same) if (m.moved) apart.add(m);
  }
  const shifts: LineMove['shifts'] = [];
  let current = 0;
  for (const from of [...byFrom.keys()].sort((a, b) => a - b)) {
    const m = byFrom.get(from)!.find((x) => !apart.has(x));
    if (!m) continue;
    const by = m.to - from;
    if (by !== current) shifts.push([from, (current = by)]);
  }
  return { shifts, apart: [...apart] };
}
