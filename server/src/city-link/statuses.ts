/**
 * Residents' status pages, for the city to serve from its public face: each of the day's visits as its status page
 * shows it (number, place, estimate, counter: never a name), keyed by the SHA-256 of the token in its ticket's QR
 * code. The city can find a phone's token by hashing it, but cannot make one. Only what changed is sent again; a
 * visit that closed is sent once more (done, cancelled) and then forgotten here.
 */
import { createHash } from 'node:crypto';
import type { StatusBatch, Visit, VisitStatus } from '@junban/protocol';

export const statusKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** Whether a visit's status page has anything more to show: a closed visit's last status is final. */
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
  /** Each visit's status when last sent, without its clock (which moves every time). */
  private sent = new Map<string, string>();
  private keys = new Map<string, string>();
  private day: string | undefined;

  constructor(private readonly source: StatusSource) {}

  /**
   * What changed since the last call: the open visits, and `touched` (visits the commits since then named: one that
   * closed is no longer open). `full`: every open visit, as if nothing had been sent (after a connect, or a batch the
   * city did not acknowledge).
   */
  changes(touched: Iterable<string>, full: boolean): StatusBatch {
    const businessDate = this.source.businessDate();
    if (full || businessDate !== this.day) {
      this.sent.clear();
      full = true;
    }
    if (businessDate !== this.day) this.keys.clear();
    this.day = businessDate;
    const visits = new Map<string, Visit>();
    for (const v of this.source.openVisits()) if (v.businessDate === businessDate) visits.set(v.id, v);
    for (const id of touched) {
      if (visits.has(id)) continue;
      const v = this.source.visit(id);
      if (v?.businessDate === businessDate) visits.set(id, v);
    }
    const statuses: StatusBatch['statuses'] = [];
    for (const visit of visits.values()) {
      const status = this.source.status(visit);
      const seen = JSON.stringify({ ...status, at: 0 });
      if (this.sent.get(visit.id) === seen) continue;
      if (FINAL.has(status.state)) this.sent.delete(visit.id);
      else this.sent.set(visit.id, seen);
      statuses.push({ key: this.keyOf(visit.id), status });
    }
    return { full, businessDate, statuses };
  }

  private keyOf(visitId: string): string {
    let key = this.keys.get(visitId);
    if (!key) this.keys.set(visitId, (key = statusKey(this.source.token(visitId))));
    return key;
  }
}
