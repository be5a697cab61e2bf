/**
 * Booked visits and walk-ins side by side (issue 19): what became of the bookings of a date range, and for visits
 * checked in with a booking's code and for everyone else, their waits to the first call and their no-shows, from the
 * event log. A booked visit's wait runs from its check-in, as the log's `waitSec` does for every visit.
 */
import { quantile } from 'd3-array';
import type { BookingsReport } from '@junban/protocol';
import type { Db } from '../storage/database.js';

export function bookingsReport(db: Db, from: string, to: string, now: number, services: readonly string[] = []): BookingsReport {
  const only = (column: string) => (services.length ? ` AND ${column} IN (${services.map(() => '?').join(',')})` : '');
  const reservations = db
    .prepare(
      `SELECT coalesce(sum(source = 'phone'), 0) AS fromPhones, coalesce(sum(source != 'phone'), 0) AS byStaff,
              coalesce(sum(status = 'checked_in'), 0) AS checkedIn, coalesce(sum(status = 'cancelled'), 0) AS cancelled,
              coalesce(sum(status = 'booked' AND slot_end < ?), 0) AS notCome
         FROM reservations WHERE business_date BETWEEN ? AND ?${only('service_id')}`,
    )
    .get(now, from, to, ...services) as BookingsReport['bookings'];
  // Each visit once, by its first step: how it came, its first call's wait, and whether it ended as a no-show.
  const visits = db
    .prepare(
      `SELECT json_extract(i.data, '$.source') = 'reservation' AS booked,
              (SELECT json_extract(c.data, '$.waitSec') FROM events c
                WHERE c.visit_id = i.visit_id AND c.step_id = i.step_id AND c.type = 'called' ORDER BY c.seq LIMIT 1) AS waitSec,
              EXISTS (SELECT 1 FROM events n WHERE n.visit_id = i.visit_id AND n.type = 'no_show') AS noShow
         FROM events i WHERE i.type = 'issued' AND i.business_date BETWEEN ? AND ?${only('i.service_id')}`,
    )
    .all(from, to, ...services) as { booked: number; waitSec: number | null; noShow: number }[];
  const group = (kind: 'booked' | 'walk_in') => {
    const mine = visits.filter((v) => (v.booked === 1) === (kind === 'booked'));
    const waits = mine.flatMap((v) => (v.waitSec === null ? [] : [v.waitSec])).sort((a, b) => a - b);
    return {
      kind,
      visits: mine.length,
      called: waits.length,
      meanWaitSec: waits.length ? Math.round(waits.reduce((x, y) => x + y, 0) / waits.length) : null,
      p90WaitSec: waits.length ? Math.round(quantile(waits, 0.9)!) : null,
      noShows: mine.filter((v) => v.noShow === 1).length,
    };
  };
  return { from, to, bookings: reservations, groups: [group('booked'), group('walk_in')] };
}
