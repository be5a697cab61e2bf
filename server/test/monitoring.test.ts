import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOffice, testClock, type TestOffice } from './support.js';

/** One sample of a Prometheus text page: the value of `name{labels}`, or undefined when the page has no such line. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

describe("the office's monitoring: Prometheus metrics and a load balancer's checks", () => {
  const clock = testClock('2026-04-01', '10:00');
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ clock });
  });
  afterAll(() => office.stop());
  const metrics = async () => {
    const res = await fetch(`${office.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('Prometheus reads visits issued and waiting per procedure, connected screens, printers, commit times and the event loop', async () => {
    const admin = await office.staff('admin');
    await admin('putPrinter', { printerId: 'entrance', name: '入口', connection: { kind: 'virtual' } });
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    await kiosk('issueVisit', { services: ['kokuho'] });
    await kiosk('issueVisit', { services: ['kokuho'] });
    await kiosk('issueVisit', { services: ['juminhyo', 'inkan-shomei'] });
    const { visit } = await counter('callNext', { counterId: '8' });
    await counter('setNote', { visitId: visit.id, note: '山田太郎 090-1234-5678' });
    const display = await office.socket({ token: office.displayToken });
    const staffScreen = await office.socket({ cookie: counter.cookie });

    const page = await metrics();
    expect(sample(page, 'junban_visits_issued_total', { service: 'kokuho' })).toBe(2);
    expect(sample(page, 'junban_visits_issued_total', { service: 'inkan-shomei' })).toBe(1);
    expect(sample(page, 'junban_visits_waiting', { service: 'kokuho' })).toBe(1);
    expect(sample(page, 'junban_visits_waiting', { service: 'juminhyo' })).toBe(1);
    expect(sample(page, 'junban_queue_events_total', { type: 'called' })).toBe(1);
    expect(sample(page, 'junban_screens_connected', { kind: 'display' })).toBe(1);
    expect(sample(page, 'junban_screens_connected', { kind: 'staff_counter' })).toBe(1);
    // The printer's state is 1, every other state 0: an alert is `junban_printer_state{state="paper_out"} == 1`.
    const { state } = (await admin('printers', {})).find((p) => p.id === 'entrance')!;
    for (const other of ['ready', 'paper_out', 'offline', 'unknown'])
      expect(sample(page, 'junban_printer_state', { printer: 'entrance', state: other })).toBe(other === state ? 1 : 0);
    // Every queue change is timed: three issued, one call (the note is not a queue change).
    expect(sample(page, 'junban_commit_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(page, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    // Not linked to a city: no link figures rather than a misleading 0.
    expect(sample(page, 'junban_city_link_backlog_events')).toBeUndefined();
    // Counts, never a person: the note written on the visit is nowhere in the page.
    expect(page).not.toContain('山田');
    expect(page).not.toContain(visit.id);

    display.disconnect();
    staffScreen.disconnect();
    await expect.poll(async () => sample(await metrics(), 'junban_screens_connected', { kind: 'display' }) ?? 0).toBe(0);
  });

  it("a display's report of the calls it showed is the call-to-display latency, each call counted once", async () => {
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    const display = office.device(office.displayToken);
    await kiosk('issueVisit', { services: ['juminhyo'] });
    await counter('callNext', { counterId: '1' });
    const { recentCalls } = await display('publicView', {});
    const before = sample(await metrics(), 'junban_call_to_display_seconds_count') ?? 0;

    clock.advance(1_500);
    await display('reportCallsShown', { seqs: [recentCalls[0]!.seq] });
    await display('reportCallsShown', { seqs: [recentCalls[0]!.seq] });
    const page = await metrics();
    expect(sample(page, 'junban_call_to_display_seconds_count')).toBe(before + 1);
    // Shown 1.5 s after the call: in the 2 s bucket, not the 1 s one.
    expect(sample(page, 'junban_call_to_display_seconds_bucket', { le: '1' })).toBe(before);
    expect(sample(page, 'junban_call_to_display_seconds_bucket', { le: '2' })).toBe(before + 1);

    await expect(kiosk('reportCallsShown', { seqs: [recentCalls[0]!.seq] })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(display('reportCallsShown', { seqs: [] })).rejects.toMatchObject({ code: 'input/invalid' });
  });

  it('every office panel of the Grafana dashboard in docs/ reads a metric this server exports', async () => {
    const exported = new Set([...(await metrics()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/junban.json', import.meta.url), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const queries = dashboard.panels.flatMap((p) => p.targets ?? []).filter((t) => t.expr.includes('$office_job'));
    expect(queries.length).toBeGreaterThan(4);
    const read = queries.flatMap((t) => [...t.expr.matchAll(/\b((?:junban|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(read.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('liveness and readiness answer without credentials', async () => {
    expect(await (await fetch(`${office.url}/api/v1/live`)).json()).toEqual({ ok: true });
    const health = await fetch(`${office.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });
});

describe('metrics behind a token', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ metricsToken: 'prometheus-scrape-token-0123' });
  });
  afterAll(() => office.stop());

  it('with JUNBAN_METRICS_TOKEN set, only a scrape carrying it reads the metrics', async () => {
    expect((await fetch(`${office.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${office.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-size' } })).status).toBe(401);
    const res = await fetch(`${office.url}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token-0123' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('junban_visits_waiting');
  });
});
