/**
 * Residents' status pages, for the city to serve from its public face. The office sends the status of a visit only
 * once the city asks for it (`watch`: a phone opened that page at the city), keyed by the SHA-256 of the token in
 * its ticket's QR code; from then on every change, until the visit closes. So the link carries the few visits
 * residents follow, not every place in every line at each call, and the city can find a phone's token by hashing
 * it but cannot make one. A status is what the office's own page shows: a number and a place, never a name.
 */
import { createHash } from 'node:crypto';
import type { StatusBatch, Visit, VisitStatus } from '@junban/protocol';

export const statusKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A closed visit's last status is final: sent once more, then the visit is no longer followed. */
const FINAL: ReadonlySet<VisitStatus['state']> = new Set(['done', 'cancelled', 'expired']);

export interface StatusSource {
  businessDate(): string;
  /** The visits still open. */
  openVisits(): Iterable<Visit>;
  visit(id: string): Visit | undefined;
  status(visit: Visit): VisitStatus;
  /** The token of the visit's status page (visit-status/links.ts). */
  token(visitId: string): string;
}

export class StatusesForCity {
  /** The visits the city follows, and each one's status when last sent (without its clock, which always moves). */
  private readonly watched = new Map<string, string | null>();
  /** Today's open visits by key, made when the city asks for a key not seen yet. */
  private byKey = new Map<string, string>();
  private keyed = new Set<string>();
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

  /** The followed visits' statuses that changed since the last call; `full`: all of them, as if none had been sent. */
  changes(full: boolean): StatusBatch {
    full = this.newDay() || full;
    const statuses: StatusBatch['statuses'] = [];
    for (const [visitId, last] of this.watched) {
      const visit = this.source.visit(visitId);
      if (!visit) {
        this.watched.delete(visitId);
        continue;
      }
      const status = this.source.status(visit);
      const seen = JSON.stringify({ ...status, at: 0 });
      if (!full && last === seen) continue;
      if (FINAL.has(status.state)) this.watched.delete(visitId);
      else this.watched.set(visitId, seen);
      statuses.push({ key: statusKey(this.source.token(visitId)), status });
    }
    return { full, businessDate: this.day!, statuses };
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
