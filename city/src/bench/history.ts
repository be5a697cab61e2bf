/**
 * Part 5 of the city bench: the city's history views (`city/src/history`) over the loaded offices, called as the
 * staff pages call them. The loaded logs are summed by day and month in the background after they are stored
 * (HistorySummarizer); the views read those sums.
 */
import { buildCityRequest, type CityEndpointName } from '@junban/protocol';
import { performance } from 'node:perf_hooks';
import type { Db } from '../db/engine.js';

/** Until every office whose id starts with `prefix` has its whole stored log summed; false if `timeoutMs` passed first. */
export async function historySummed(db: Db, prefix: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [row] = await db.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM offices o LEFT JOIN history_state h ON h.office_id = o.id
       WHERE o.id LIKE $1 AND coalesce(h.through_seq, 0) < o.stored_seq`,
      [`${prefix}%`],
    );
    if (Number(row!.behind) === 0) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface ViewTime {
  label: string;
  /** The first call, then the median and the slowest of the next `runs`. */
  firstMs: number;
  medianMs: number;
  maxMs: number;
  bytes: number;
}

async function call(cityUrl: string, cookie: string, name: CityEndpointName, input: Record<string, unknown>): Promise<number> {
  const req = buildCityRequest(name, input);
  const res = await fetch(`${cityUrl}${req.path}`, { method: req.method, headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${name} answered ${res.status}: ${text.slice(0, 300)}`);
  return text.length;
}

export async function timeHistoryViews(cityUrl: string, cookie: string, officeId: string, month: string, runs = 5): Promise<ViewTime[]> {
  const views: [string, CityEndpointName, Record<string, unknown>][] = [
    ['across offices, 3 years', 'cityHistory', { from: '2024-01-01', to: '2026-12-31' }],
    ['across offices, cut mid-month', 'cityHistory', { from: '2024-01-15', to: '2026-12-14' }],
    ['one office, 3 years', 'officeHistory', { officeId, from: '2024-01-01', to: '2026-12-31' }],
    [`monthly report ${month}`, 'monthlyReport', { month }],
  ];
  const out: ViewTime[] = [];
  for (const [label, name, input] of views) {
    const t0 = performance.now();
    const bytes = await call(cityUrl, cookie, name, input);
    const firstMs = performance.now() - t0;
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await call(cityUrl, cookie, name, input);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    out.push({ label, firstMs, medianMs: ms[ms.length >> 1]!, maxMs: ms.at(-1)!, bytes });
  }
  return out;
}
