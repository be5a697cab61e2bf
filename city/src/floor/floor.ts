/**
 * The city's live floor: one line per office, from the latest live view the office sent, its link's state, and
 * today's calls in its replicated log (for the service level so far today).
 */
import type { FloorOffice, LinkState, LocalizedText, OfficeLive } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import { linkStateAt } from '../offices/offices.js';

interface FloorRow {
  id: string;
  name: LocalizedText;
  link_state: LinkState;
  last_contact_at: number | null;
  view: OfficeLive | null;
  received_at: number | null;
  met: number | null;
  total: number | null;
}

/**
 * One office's line. Waits are counted from the office's own clock (the view's `at`) plus the time since the city
 * received it, so a city clock that differs from the office's does not skew them.
 */
export function floorOffice(
  office: { id: string; name: LocalizedText; link: LinkState; lastContactAt: number | null },
  live: { view: OfficeLive; receivedAt: number } | null,
  calls: { met: number; total: number },
  now: number,
): FloorOffice {
  const base = { id: office.id, name: office.name, link: office.link, lastContactAt: office.lastContactAt };
  if (!live) return { ...base, businessDate: null, waiting: 0, longestWaitSec: null, countersOpen: 0, countersTotal: 0, serviceLevel: null, alerts: [] };
  const { view } = live;
  const officeNow = view.at + Math.max(0, now - live.receivedAt);
  const oldest = view.queues.filter((q) => q.waiting > 0 && q.oldestEnteredAt !== null).map((q) => q.oldestEnteredAt!);
  const alerts = [
    ...view.printers.filter((p) => p.state !== 'ready').map((p) => `printer ${p.name}: ${p.state.replaceAll('_', ' ')}`),
    ...view.printers.filter((p) => p.failed.length > 0).map((p) => `printer ${p.name}: ${p.failed.length} ticket(s) to reprint`),
    ...view.limitedKiosks.map((k) => `kiosk ${k.name}: slowed down`),
  ];
  return {
    ...base,
    businessDate: view.businessDate,
    waiting: view.queues.reduce((sum, q) => sum + q.waiting, 0),
    longestWaitSec: oldest.length ? Math.max(0, Math.round((officeNow - Math.min(...oldest)) / 1000)) : null,
    countersOpen: view.counters.filter((c) => c.status === 'open').length,
    countersTotal: view.counters.length,
    serviceLevel: calls.total > 0 ? calls.met / calls.total : null,
    alerts,
  };
}

export class Floor {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /**
   * Every office's line. The service level counts today's calls of procedures that have a target (slaMinutes in the
   * office's setup): met when called before the target elapsed (the wait in whole seconds less than the target),
   * as the office's insights count it.
   */
  async list(): Promise<FloorOffice[]> {
    const rows = await this.db.query<FloorRow>(`
      SELECT o.id, o.name, o.link_state, o.last_contact_at, l.view, l.received_at, c.met, c.total
      FROM offices o
      LEFT JOIN office_live l ON l.office_id = o.id
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE floor((e.data->>'waitSec')::float8) < (s->>'slaMinutes')::float8 * 60) AS met, count(*) AS total
        FROM events e
        JOIN LATERAL jsonb_array_elements(o.config->'services') s ON s->>'id' = e.service_id AND s->>'slaMinutes' IS NOT NULL
        WHERE e.office_id = o.id AND e.business_date = l.view->>'businessDate' AND e.type = 'called'
      ) c ON true
      ORDER BY o.id`);
    const now = this.now();
    return rows.map((r) =>
      floorOffice(
        {
          id: r.id,
          name: r.name,
          link: linkStateAt(r.link_state, r.last_contact_at === null ? null : Number(r.last_contact_at), now),
          lastContactAt: r.last_contact_at === null ? null : Number(r.last_contact_at),
        },
        r.view ? { view: r.view, receivedAt: Number(r.received_at) } : null,
        { met: Number(r.met ?? 0), total: Number(r.total ?? 0) },
        now,
      ),
    );
  }
}
