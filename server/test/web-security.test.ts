/**
 * What a browser on another site can make the office do, and what every answer tells browsers. Raw node:http
 * requests, because fetch neither lets a test pose as a browser's Origin nor sends an address as written.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficeServer } from '../src/app.js';
import { demoOffice, raw, startOffice, testClock, type TestOffice } from './support.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('requests from another site', () => {
  let office: TestOffice;
  let cookie: string;
  let host: string;
  let guide: Awaited<ReturnType<TestOffice['staff']>>;
  beforeAll(async () => {
    office = await startOffice({ clock: testClock('2026-04-01', '10:00') });
    // A counter may cancel visits and read forms: what a forged request would do with the cookie.
    cookie = (await office.staff('counter')).cookie;
    guide = await office.staff('guide');
    host = new URL(office.url).host;
  });
  afterAll(() => office.stop());

  const issue = async () => (await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'] })).visit;

  it("a page on another site cannot cancel a visit with the staff member's cookie, and the visit stays", async () => {
    const visit = await issue();
    for (const origin of ['http://evil.example', `http://${new URL(office.url).hostname}:1`, 'null']) {
      const res = await raw(office.url, 'POST', `/api/v1/visits/${visit.id}/cancel`, { cookie, origin }, '{}');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('auth/cross_origin');
    }
    const sibling = await raw(office.url, 'POST', `/api/v1/visits/${visit.id}/cancel`, { cookie, 'sec-fetch-site': 'same-site' }, '{}');
    expect(sibling.status).toBe(403);
    expect(office.server.office.visit(visit.id)!.steps.every((s) => s.state === 'waiting')).toBe(true);
  });

  it("the office's own pages still change things with the cookie", async () => {
    const visit = await issue();
    const res = await raw(office.url, 'POST', `/api/v1/visits/${visit.id}/cancel`, { cookie, origin: office.url, 'sec-fetch-site': 'same-origin' }, '{}');
    expect(res.status).toBe(200);
  });

  it('a request with no browser headers (curl, a device with its token) is still served', async () => {
    const res = await raw(office.url, 'POST', '/api/v1/visits', { authorization: `Bearer ${office.kioskToken}` }, '{"services":["juminhyo"]}');
    expect(res.status).toBe(200);
  });

  it("another site cannot read forms or print a form's PDF (both audited) with the cookie, and no audit line is written", async () => {
    const { visit } = await guide('issueGuided', {
      procedures: [
        {
          serviceId: 'tennyu',
          documents: ['moving-out-certificate', 'identity-document'],
          values: {
            name: '轟木 凜太郎',
            furigana: 'トドロキ リンタロウ',
            birthdate: { era: 'showa', year: 60, month: 5, day: 1 },
            phone: '090-8765-4321',
            'move-date': { era: 'reiwa', year: 8, month: 3, day: 25 },
            postal: '123-4567',
            address: '東京都千代田区千代田1-1-101',
            'previous-address': '大阪府大阪市北区梅田2-2-2',
            householder: '轟木 凜太郎',
            relationship: '本人',
          },
        },
      ],
      acknowledgeWarnings: true,
    });
    const audit = () => JSON.stringify(office.server.db.prepare('SELECT * FROM form_audit').all());
    const before = audit();
    for (const path of [`/api/v1/visits/${visit.id}/forms`, `/API/V1/visits/${visit.id}/forms`]) {
      const res = await raw(office.url, 'GET', path, { cookie: cookie, 'sec-fetch-site': 'cross-site' });
      expect(res.status, path).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe('auth/cross_origin');
    }
    // Another site's page posting a form to the print command, as a browser sends it.
    const print = `/api/v1/visits/${visit.id}/forms/tennyu/print`;
    const forged = await raw(
      office.url,
      'POST',
      print,
      { cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      '',
    );
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.code).toBe('auth/cross_origin');
    expect(audit()).toBe(before);
    // The counter's own page still reads them (and that read is audited).
    const own = await raw(office.url, 'GET', `/api/v1/visits/${visit.id}/forms`, { cookie: cookie, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(audit()).not.toBe(before);
    const printed = await raw(
      office.url,
      'POST',
      print,
      { cookie, origin: `http://${host}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      '',
    );
    expect(printed.headers['content-type']).toBe('application/pdf');
    // The browser's PDF viewer is a plugin: a policy with object-src 'none' would leave the tab blank.
    expect(printed.headers['content-security-policy']).toBe("frame-ancestors 'none'");
  });

  it("another site's page cannot open a live socket with the cookie; the office's own page can", async () => {
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = connect(office.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, origin } });
        s.once('connect', () => (s.disconnect(), resolve('connected')));
        s.once('connect_error', () => (s.disconnect(), resolve('refused')));
      });
    expect(await open('http://evil.example')).toBe('refused');
    expect(await open(`http://${host}`)).toBe('connected');
  });
});

describe('security headers', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  it('every page and answer forbids framing, sniffing and the Referer, and has a policy for scripts', async () => {
    for (const path of ['/', '/kiosk/', '/admin/counter', '/api/v1/openapi.json', '/api/v1/nothing', '/nothing']) {
      const res = await raw(office.url, 'GET', path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options'], path).toBe('DENY');
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['referrer-policy'], path).toBe('same-origin');
      // A plain-HTTP office must not lock its browsers out.
      expect(res.headers['strict-transport-security'], path).toBeUndefined();
    }
  });

  it('an HTTPS office tells browsers to keep to HTTPS', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-test-'));
    const server = createOfficeServer({ dataDir, initialConfig: demoOffice, tickMs: 0, printerPollMs: 0, hsts: true });
    const port = await server.listen(0);
    try {
      const res = await raw(`http://127.0.0.1:${port}`, 'GET', '/');
      expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
