/**
 * Residents' ratings after service (issue 20): one per visit, kept with the procedure and counter of the visit's
 * last finished step and where it was given, never with anything that names the resident.
 */
import { JunbanError, type RatingStats, type Visit } from '@junban/protocol';
import type { Db } from '../storage/database.js';

export type RatingSource = 'phone' | 'city' | 'tablet';

/** A visit may be rated once it has ended with at least one procedure done. */
export function ratedStep(visit: Visit) {
  const open = visit.steps.some((s) => !['done', 'cancelled', 'no_show', 'expired'].includes(s.state));
  const done = visit.steps.filter((s) => s.state === 'done');
  return open || done.length === 0 ? undefined : done.reduce((a, b) => ((b.endedAt ?? 0) >= (a.endedAt ?? 0) ? b : a));
}

const emptyStats = (): RatingStats => ({ count: 0, mean: null, counts: [0, 0, 0, 0, 0] });

export class Ratings {
  constructor(private readonly db: Db) {}

  given(visitId: string): number | null {
    return (this.db.prepare('SELECT rating FROM ratings WHERE visit_id = ?').pluck().get(visitId) as number | undefined) ?? null;
  }

  /** Keeps the visit's rating; a second one is refused and changes nothing. */
  rate(visit: Visit, rating: number, source: RatingSource, at: number, atStep?: Visit['steps'][number]): void {
    const step = atStep ?? ratedStep(visit);
    if (!step) throw new JunbanError('rating/not_ended', `${visit.number} has not been served yet: rate it once the visit has ended.`);
    const inserted = this.db
      .prepare(
        `INSERT INTO ratings (visit_id, business_date, service_id, counter_id, rating, source, at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (visit_id) DO NOTHING`,
      )
      .run(visit.id, visit.businessDate, step.serviceId, step.counterId ?? null, rating, source, at);
    if (inserted.changes === 0) throw new JunbanError('rating/already_given', `${visit.number} was rated already; a visit is rated once.`);
  }

  /** The ratings of business days `from`-`to` (both included), in all and per procedure. */
  stats(from: string, to: string, services: readonly string[]): RatingStats & { services: (RatingStats & { serviceId: string })[] } {
    const rows = this.db
      .prepare('SELECT service_id AS serviceId, rating, COUNT(*) AS n FROM ratings WHERE business_date BETWEEN ? AND ? GROUP BY service_id, rating')
      .all(from, to) as { serviceId: string | null; rating: number; n: number }[];
    const total = emptyStats();
    const byService = new Map<string, RatingStats>();
    for (const r of rows) {
      if (services.length && (r.serviceId === null || !services.includes(r.serviceId))) continue;
      for (const s of [total, r.serviceId === null ? undefined : (byService.get(r.serviceId) ?? byService.set(r.serviceId, emptyStats()).get(r.serviceId))]) {
        if (!s) continue;
        s.counts[r.rating - 1]! += r.n;
        s.count += r.n;
      }
    }
    const withMean = <S extends RatingStats>(s: S): S => ({ ...s, mean: s.count ? s.counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / s.count : null });
    return { ...withMean(total), services: [...byService].map(([serviceId, s]) => withMean({ ...s, serviceId })) };
  }
}
