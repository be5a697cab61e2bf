/** The city's address: its staff pages at `/`, its API under /api/v1, the same security headers as the office. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkStateAt, LINK_LEASE_MS } from '../src/offices/offices.js';
import { engines, startCity, type TestCity } from './support.js';

describe.each(engines)('the city’s address on $name', (engine) => {
  let city: TestCity;
  const pages = mkdtempSync(join(tmpdir(), 'city-server-pages-'));
  const bootstrap = 'window.__start = 1;';
  beforeAll(async () => {
    writeFileSync(join(pages, 'index.html'), `<!doctype html><title>City</title><script>${bootstrap}</script>`);
    city = await startCity(engine, undefined, { pagesDir: pages });
  });
  afterAll(async () => {
    await city?.stop();
    rmSync(pages, { recursive: true, force: true });
  });

  it('serves the staff pages at / (and their own routes), allowing exactly their inline script', async () => {
    for (const path of ['/', '/floor', '/offices/honcho']) {
      const res = await fetch(`${city.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>City</title>');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('answers the API’s errors as JSON, and its health without a session', async () => {
    const missing = await fetch(`${city.url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'api/not_found' } });
    expect(await (await fetch(`${city.url}/api/v1/health`)).json()).toEqual({ ok: true });
    const bad = await fetch(`${city.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'input/invalid' } });
  });

  it('an office whose link was held by a city process that died shows as disconnected within a minute', async () => {
    await city.link(await city.enrolOffice('orphan'));
    // As if the process holding the link had been killed: the row says connected, but nobody renews it.
    await city.db.query(`UPDATE offices SET link_socket = 'a-dead-process' WHERE id = 'orphan'`);
    const linkOf = async () => (await city.server.offices.list()).find((o) => o.id === 'orphan')?.link;
    expect(await linkOf()).toBe('connected');
    city.clock.advance(LINK_LEASE_MS + 1);
    expect(await linkOf()).toBe('disconnected');
  });
});

describe('a link’s lease', () => {
  it('keeps a renewed link connected, and never revives a revoked or closed one', () => {
    expect(linkStateAt('connected', 1_000, 1_000 + LINK_LEASE_MS)).toBe('connected');
    expect(linkStateAt('connected', 1_000, 1_001 + LINK_LEASE_MS)).toBe('disconnected');
    expect(linkStateAt('revoked', 1_000, 1_000)).toBe('revoked');
    expect(linkStateAt('never', null, 0)).toBe('never');
  });
});
