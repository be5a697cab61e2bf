/**
 * The manager's figures on three months of generated traffic in a real office database: each view must equal what
 * a direct reading of the raw event log gives, and the forecast and replays must answer as a manager would expect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketBounds, bucketOf } from '../src/insights/histogram.js';
import { writeDemoHistory } from '../src/insights/demo-history.js';
import { Insights } from '../src/insights/insights.js';
import type { LogEvent } from '@junban/protocol';
import { callAs, startOffice, testClock, type TestOffice } from './support.js';

const FROM = '2025-03-01';
const TO = '2025-05-31';

let office: TestOffice;
let manager: Awaited<ReturnType<TestOffice['staff']>>;

beforeAll(async () => {
  office = await startOffice({ clock: testClock('2025-06-10', '10:00'), checkResponses: true });
  writeDemoHistory(office.server.db, office.server.office.config, { from: FROM, to: TO, visitsPerDay: 200, seed: 0.42 });
  manager = await office.staff('manager');
  // The office sums its log a few days at a time from its first tick, which may come after the history was written,
  // and its views answer with what is summed so far: the tests read them once everything is, or two views read in
  // one test could see different sums (as they did on a busy machine).
  const db = office.server.db;
  const summedThrough = () => db.prepare('SELECT through_seq FROM insight_state').pluck().get() as number;
  const lastSeq = () => db.prepare('SELECT max(seq) FROM events').pluck().get() as number;
  for (const deadline = Date.now() + 90_000; summedThrough() < lastSeq();) {
    if (Date.now() > deadline) throw new Error('the office did not sum its demo history within 90 s');
    await manager('insightsServices', { from: FROM, to: TO });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}, 120_000);
afterAll(() => office?.stop());

/** Every step's life read straight from the log, with no summary in between. */
function stepsFromLog(events: LogEvent[]) {
  const steps = new Map<string, { serviceId: string; enteredAt: number; wait?: number; end?: string; endedAt?: number }>();
  for (const e of events) {
    if (!e.stepId) continue;
    if (e.type === 'issued' || e.type === 'queued') steps.set(e.stepId, { serviceId: e.serviceId!, enteredAt: e.at });
    const s = steps.get(e.stepId);
    if (!s) continue;
    if (e.type === 'called') s.wait = e.data!.waitSec as number;
    if (e.type === 'finished') s.end = 'served';
    if (e.type === 'no_show') s.end = 'no_show';
    if ((e.type === 'expired' || e.type === 'cancelled') && s.end !== 'no_show') {
      s.end = e.type;
      s.endedAt = e.at;
    }
    if (e.type === 'requeued') delete s.end;
  }
  return [...steps.values()];
}

const rawEvents = (from: string, to: string) =>
  (office.server.db.prepare('SELECT * FROM events WHERE business_date BETWEEN ? AND ? ORDER BY seq').all(from, to) as Record<string, unknown>[]).map(
    (r) =>
      ({
        ...r,
        stepId: r.step_id,
        serviceId: r.service_id,
        counterId: r.counter_id,
        data: r.data ? JSON.parse(r.data as string) : undefined,
      }) as unknown as LogEvent,
  );

const nearestRank = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;

describe('history equals the raw event log', () => {
  it('per procedure: arrivals, outcomes, waits and service level', async () => {
    const report = await manager('insightsServices', { from: FROM, to: TO });
    const steps = stepsFromLog(rawEvents(FROM, TO));
    expect(report.services.length).toBeGreaterThan(8);
    for (const s of report.services) {
      const mine = steps.filter((x) => x.serviceId === s.serviceId);
      const waits = mine.flatMap((x) => (x.wait === undefined ? [] : [x.wait])).sort((a, b) => a - b);
      expect(s.arrivals).toBe(mine.length);
      expect(s.served).toBe(mine.filter((x) => x.end === 'served').length);
      expect(s.noShows).toBe(mine.filter((x) => x.end === 'no_show').length);
      expect(s.expired).toBe(mine.filter((x) => x.end === 'expired').length);
      expect(s.wait.count).toBe(waits.length);
      expect(s.wait.mean).toBe(Math.round(waits.reduce((a, b) => a + b, 0) / waits.length));
      expect(s.wait.max).toBe(waits.at(-1));
      // Percentiles are kept to their bucket: the direct value falls in the bucket reported.
      for (const [p, reported] of [
        [0.5, s.wait.median],
        [0.9, s.wait.p90],
      ] as const) {
        const [lo, hi] = bucketBounds(bucketOf(nearestRank(waits, p)));
        expect(reported).toBe(Math.min((lo + hi) / 2, waits.at(-1)!));
      }
      const target = s.serviceLevel.targetSec!;
      const lostLate = mine.filter((x) => x.wait === undefined && x.endedAt !== undefined && Math.round((x.endedAt - x.enteredAt) / 1000) >= target).length;
      expect(s.serviceLevel.met).toBe(waits.filter((w) => w < target).length);
      expect(s.serviceLevel.total).toBe(waits.length + lostLate);
    }
    expect(report.total.arrivals).toBe(steps.length);
  });

  it('per counter: calls and no-shows, with idle time never more than open time', async () => {
    const { counters } = await manager('insightsCounters', { from: FROM, to: TO });
    const events = rawEvents(FROM, TO);
    for (const c of counters) {
      expect(c.calls).toBe(events.filter((e) => e.type === 'called' && e.counterId === c.counterId).length);
      expect(c.noShows).toBe(events.filter((e) => e.type === 'no_show' && e.counterId === c.counterId).length);
      expect(c.idleWhileWaitingSec).toBeLessThanOrEqual(c.openSec);
      expect(c.utilisation).toBeGreaterThan(0.2);
    }
  });

  it('the heatmap and the monthly trend show the lunchtime peak and the spring season', async () => {
    const { cells } = await manager('insightsHeatmap', { from: FROM, to: TO });
    const arrivals = (await manager('insightsServices', { from: FROM, to: TO })).total.arrivals;
    expect(Math.round(cells.reduce((sum, c) => sum + c.arrivalsPerDay * c.days, 0))).toBe(arrivals);
    const busiest = cells.reduce((a, b) => (b.arrivalsPerDay > a.arrivalsPerDay ? b : a));
    expect(busiest.hour).toBeGreaterThanOrEqual(11);
    expect(busiest.hour).toBeLessThanOrEqual(13);
    expect(cells.some((c) => c.weekday === 0 || c.weekday === 6)).toBe(false);

    const { periods } = await manager('insightsTrend', { from: FROM, to: TO, by: 'month' });
    const perDay = Object.fromEntries(periods.map((p) => [p.period, p.arrivalsPerDay]));
    expect(perDay['2025-04']).toBeGreaterThan(perDay['2025-05']! * 1.3);
    expect(periods.find((p) => p.period === '2025-04')!.wait.mean).toBeGreaterThan(periods.find((p) => p.period === '2025-05')!.wait.mean!);
  });
});

describe('an office upgrading to these views', () => {
  it('sums up a log that was never summed, in steps, to the same figures', async () => {
    const before = await manager('insightsServices', { from: FROM, to: TO });
    const db = office.server.db;
    for (const table of ['insight_service_days', 'insight_service_hours', 'insight_counter_days']) db.prepare(`DELETE FROM ${table}`).run();
    db.prepare('UPDATE insight_state SET through_seq = 0').run();
    const insights = new Insights(db, office.server.office);
    const catchingUp = insights.prepare();
    // While it catches up, a view answers at once with what is summed so far.
    expect(insights.services({ from: FROM, to: TO, services: [] }).total.arrivals).toBeLessThan(before.total.arrivals);
    await catchingUp;
    expect(insights.services({ from: FROM, to: TO, services: [] })).toEqual(before);
  });
});

describe('today and exports', () => {
  it("a resident served today shows in today's figures at once", async () => {
    const counter = await office.staff('counter');
    const before = (await manager('insightsToday', {})).services.find((s) => s.serviceId === 'juminhyo');
    await counter('issueVisit', { services: ['juminhyo'] });
    await counter('setCounterStatus', { counterId: '1', status: 'open' });
    const { visit } = await counter('callNext', { counterId: '1' });
    await counter('finish', { counterId: '1', stepId: visit.steps[0]!.id });
    const after = (await manager('insightsToday', {})).services.find((s) => s.serviceId === 'juminhyo')!;
    expect(after.arrivals).toBe((before?.arrivals ?? 0) + 1);
    expect(after.served).toBe((before?.served ?? 0) + 1);
  });

  it('CSV of the aggregates and of the raw log, for managers only', async () => {
    const get = (path: string, cookie: string) => fetch(`${office.url}/api/v1${path}`, { headers: { cookie } });
    const csv = await (await get(`/insights/export/aggregates.csv?from=${FROM}&to=${TO}&by=month`, manager.cookie)).text();
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toMatch(/^period,service_id,arrivals,served,/);
    const april = (await manager('insightsServices', { from: '2025-04-01', to: '2025-04-30' })).services.find((s) => s.serviceId === 'tennyu')!;
    expect(lines).toContain(lines.find((l) => l.startsWith(`2025-04,tennyu,${april.arrivals},${april.served},`)));

    const events = await (await get(`/insights/export/events.csv?from=2025-04-01&to=2025-04-01`, manager.cookie)).text();
    expect(
      events
        .replace(/^\ufeff/, '')
        .trim()
        .split('\n').length - 1,
    ).toBe(rawEvents('2025-04-01', '2025-04-01').length);

    const counter = await office.staff('counter');
    expect((await get(`/insights/export/events.csv?from=${FROM}&to=${TO}`, counter.cookie)).status).toBe(403);
    expect((await get(`/insights/export/events.csv?from=${FROM}&to=${TO}`, '')).status).toBe(401);
    expect((await get(`/insights/export/events.csv?from=2025-05-01&to=2025-04-01`, manager.cookie)).status).toBe(400);
    await expect(callAs(office, 'insightsServices', { from: FROM, to: TO }, { cookie: counter.cookie })).resolves.toMatchObject({ status: 403 });
  });
});

describe('staffing and what-if', () => {
  it('plans more counters for the first days of April than for a quiet week, hour by hour', async () => {
    const april = await manager('staffingForecast', { from: '2026-04-01', to: '2026-04-01' });
    const june = await manager('staffingForecast', { from: '2026-06-10', to: '2026-06-10' });
    const peak = (f: typeof april) => Math.max(...f.hours.map((h) => h.simulated));
    expect(april.historyDays).toBeGreaterThan(50);
    expect(april.hours.map((h) => h.hour)).toContain(12);
    expect(peak(april)).toBeGreaterThan(peak(june));
    for (const h of april.hours) {
      expect(h.erlangTotal).toBe(Object.values(h.erlang).reduce((a, b) => a + b, 0));
      if (h.simulatedServiceLevel !== null) expect(h.simulatedServiceLevel).toBeGreaterThanOrEqual(0.75);
    }
    // A date gets the same plan whichever range it is asked in: a printed week agrees with the next week's print.
    const range = await manager('staffingForecast', { from: '2026-03-31', to: '2026-04-01' });
    expect(range.hours.filter((h) => h.date === '2026-04-01')).toEqual(april.hours);
    await expect(callAs(office, 'staffingForecast', { from: '2026-04-01', to: '2026-06-01' }, { cookie: manager.cookie })).resolves.toMatchObject({
      status: 400,
    });
  });

  it("the demo office's plan keeps its calendar: closed over the New Year (29 Dec - 3 Jan) and on weekends, no arrivals", async () => {
    const plan = await manager('staffingForecast', { from: '2025-12-26', to: '2026-01-06' });
    // 2025-12-26 is a Friday, 2026-01-05 the first Monday after the break.
    expect([...new Set(plan.hours.map((h) => h.date))]).toEqual(['2025-12-26', '2026-01-05', '2026-01-06']);
    const arrivalsOn = (date: string) =>
      plan.hours.filter((h) => h.date === date).reduce((n, h) => n + Object.values(h.arrivals).reduce((a, b) => a + b, 0), 0);
    for (const date of ['2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03']) expect(arrivalsOn(date), date).toBe(0);
    expect(arrivalsOn('2026-01-05')).toBeGreaterThan(100);
  });

  it('counters are answered while a manager has a month planned', async () => {
    const counter = await office.staff('counter');
    const answered: string[] = [];
    const month = manager('staffingForecast', { from: '2026-03-02', to: '2026-04-01' }).then(() => answered.push('month planned'));
    await new Promise((r) => setTimeout(r, 20));
    await counter('staffView', {}).then(() => answered.push('counter'));
    await month;
    expect(answered).toEqual(['counter', 'month planned']);
  });

  it('replays a past day: the real staffing comes close to what happened, more counters shorten the waits', async () => {
    const real = await manager('whatIf', { date: '2025-04-01', plan: {} });
    const actual = real.totals.actual.mean!;
    expect(Math.abs(real.totals.replayed.mean! - actual)).toBeLessThan(actual * 0.15);
    const busy = Object.keys(real.actualPlan).filter((h) => h >= '10' && h <= '14');
    const more = Object.fromEntries(busy.map((h) => [h, office.server.office.config.counters.map((c) => c.id)]));
    const planned = await manager('whatIf', { date: '2025-04-01', plan: more });
    expect(planned.totals.planned.mean!).toBeLessThanOrEqual(real.totals.replayed.mean!);
    await expect(callAs(office, 'whatIf', { date: '2025-04-01', plan: { '10': ['nope'] } }, { cookie: manager.cookie })).resolves.toMatchObject({
      status: 404,
    });
    await expect(callAs(office, 'whatIf', { date: '2025-03-02', plan: {} }, { cookie: manager.cookie })).resolves.toMatchObject({ status: 400 });
  });

  it('the plan as it opens, unedited, replays exactly as the real staffing does', async () => {
    // A busy day (counters break for lunch at 11:30 and stay open past closing) and a quiet one.
    for (const date of ['2025-04-01', '2025-05-20']) {
      const real = await manager('whatIf', { date, plan: {} });
      const unedited = await manager('whatIf', { date, plan: real.actualPlan });
      expect(unedited.actualPlan).toEqual(real.actualPlan);
      expect(unedited.totals.planned).toEqual(real.totals.replayed);
      expect(unedited.totals.plannedServiceLevel).toBe(real.totals.replayedServiceLevel);
      for (const h of unedited.hours) {
        expect(h.planned).toEqual(h.replayed);
        // The grid shows every counter open at any moment of the hour, and how much of it.
        const open = real.actualPlan[String(h.hour).padStart(2, '0')] ?? [];
        if (h.actual.counters > 0) expect(open.length).toBeGreaterThanOrEqual(Math.ceil(h.actual.counters - 1e-9));
      }
    }
    // Unticking one counter at 11:00 takes away only what that counter really gave that hour.
    const real = await manager('whatIf', { date: '2025-04-01', plan: {} });
    const [gone, ...kept] = real.actualPlan['11']!;
    const edited = await manager('whatIf', { date: '2025-04-01', plan: { ...real.actualPlan, '11': kept } });
    const eleven = edited.hours.find((h) => h.hour === 11)!;
    expect(eleven.planned.counters).toBeCloseTo(eleven.replayed.counters - real.actualShare['11']![gone!]!, 1);
    expect(edited.hours.filter((h) => h.hour !== 11).map((h) => h.planned.counters)).toEqual(
      edited.hours.filter((h) => h.hour !== 11).map((h) => h.replayed.counters),
    );
  });
});
