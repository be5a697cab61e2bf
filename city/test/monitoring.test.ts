import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, officeEvents, startCity, until, type TestCity } from './support.js';

/** The value of `name{labels}` on a Prometheus text page (labels in any order, all of them given), or undefined. */
function sample(page: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (have.length === wanted.length && wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe.each(engines)("the city's monitoring on $name", (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(() => city?.stop());
  const metrics = async () => {
    const res = await fetch(`${city.url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it("Prometheus sees each office's link and backlog, the sockets held and the notices waiting", async () => {
    const office = await city.link(await city.enrolOffice('mon-kita'));
    await office.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 300 });
    await office.emitWithAck('events', { events: officeEvents(1, 120), backlog: 180 });

    const page = await metrics();
    expect(sample(page, 'junban_city_office_link_up', { office: 'mon-kita', role: 'all' })).toBe(1);
    expect(sample(page, 'junban_city_office_backlog_events', { office: 'mon-kita', role: 'all' })).toBe(180);
    expect(sample(page, 'junban_city_sockets', { namespace: 'link', role: 'all' })).toBe(1);
    expect(sample(page, 'junban_city_notices', { state: 'pending', role: 'all' })).toBe(0);
    expect(sample(page, 'nodejs_eventloop_lag_p99_seconds', { role: 'all' })).toBeGreaterThanOrEqual(0);
    if (engine.url) expect(sample(page, 'junban_city_db_pool_clients', { state: 'total', role: 'all' })).toBeGreaterThan(0);

    // The office's link drops: the alert's figure goes to 0, and the office stays listed.
    office.disconnect();
    await until('the link is down in /metrics', async () => sample(await metrics(), 'junban_city_office_link_up', { office: 'mon-kita', role: 'all' }) === 0);
  });

  it('every city panel of the Grafana dashboard in docs/ reads a metric this server exports', async () => {
    const exported = new Set([...(await metrics()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!));
    const dashboard = JSON.parse(readFileSync(new URL('../../docs/grafana/junban.json', import.meta.url), 'utf8')) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const queries = dashboard.panels.flatMap((p) => p.targets ?? []).filter((t) => t.expr.includes('$city_job'));
    expect(queries.length).toBeGreaterThan(4);
    const read = queries.flatMap((t) => [...t.expr.matchAll(/\b((?:junban|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
    expect(read.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('liveness and readiness answer a load balancer without credentials', async () => {
    expect(await (await fetch(`${city.url}/api/v1/live`)).json()).toEqual({ ok: true });
    expect(await (await fetch(`${city.url}/api/v1/health`)).json()).toEqual({ ok: true });
  });
});

describe("the public face's metrics", () => {
  const engine = engines[0]!;
  let open: TestCity;
  let guarded: TestCity;
  beforeAll(async () => {
    open = await startCity(engine, undefined, { role: 'public' });
    guarded = await startCity(engine, undefined, { role: 'public', metricsToken: 'prometheus-scrape-token-0123' });
  });
  afterAll(async () => {
    await open?.stop();
    await guarded?.stop();
  });

  it('a public process on the internet serves /metrics only with a token, and only to a scrape carrying it', async () => {
    expect((await fetch(`${open.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token-0123' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('junban_city_sockets{namespace="status",role="public"}');
  });
});
