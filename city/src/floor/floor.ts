/**
 * The city's live floor: one line per office, from the latest live view the office sent, its link's state, and
 * today's figures summed from its replicated log (for the service level so far today, with the office's own
 * definition: the history views' code).
 */
import type { FloorOffice, LinkState, LocalizedText, OfficeLive } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import type { HistoryViews } from '../history/views.js';
import { linkStateAt } from '../offices/offices.js';

interface FloorRow {
  id: string;
  name: LocalizedText;
  link_state: LinkState;
  last_contact_at: number | null;
  view: OfficeLive | null;
  received_at: number | null;
}

/**
 * One office's line. Waits are counted from the office's own clock (the view's `at`) plus the time since the city
 * received it, so a city clock that differs from the office's does not skew them.
 */
export function floorOffice(
  office: { id: string; name: LocalizedText; link: LinkState; lastContactAt: number | null },
  live: { view: OfficeLive; receivedAt: number } | null,
  /** Today's service level so far, as the office's insights count it; null before the first call. */
  serviceLevel: number | null,
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
    serviceLevel,
    alerts,
  };
}

export class Floor {
  constructor(
    private readonly db: Db,
    private readonly history: Pick<HistoryViews, 'city'>,
    private readonly now: () => number,
  ) {}

  /** Every office's line. */
  async list(): Promise<FloorOffice[]> {
    const rows = await this.db.query<FloorRow>(`
      SELECT o.id, o.name, o.link_state, o.last_contact_at, l.view, l.received_at
      FROM offices o
      LEFT JOIN office_live l ON l.office_id = o.id
      ORDER BY o.id`);
    // Each office's business day is its own (offices in one city share it, but one may not have turned over yet).
    const levels = new Map<string, number | null>();
    for (const date of new Set(rows.flatMap((r) => (r.view ? [r.view.businessDate] : [])))) {
      const day = await this.history.city({ from: date, to: date, services: [] });
      for (const o of day.offices) levels.set(`${o.officeId} ${date}`, o.total.serviceLevel.share);
    }
    const now = this.now();
    return rows.map((r) => {
      const lastContactAt = r.last_contact_at === null ? null : Number(r.last_contact_at);
      return floorOffice(
        { id: r.id, name: r.name, link: linkStateAt(r.link_state, lastContactAt, now), lastContactAt },
        r.view ? { view: r.view, receivedAt: Number(r.received_at) } : null,
        (r.view && levels.get(`${r.id} ${r.view.businessDate}`)) ?? null,
        now,
      );
    });
  }
}
