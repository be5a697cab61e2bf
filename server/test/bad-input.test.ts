import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/env.js';
import { command, databaseContents, demoOffice, raw, startOffice, type TestOffice } from './support.js';

describe('malformed input', () => {
  let office: TestOffice;
  let cookie: string;
  let waitingStep: string;
  beforeAll(async () => {
    office = await startOffice();
    const staff = await office.staff('counter');
    cookie = staff.cookie;
    waitingStep = (await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'] })).visit.steps[0]!.id;
  });
  afterAll(() => office.stop());

  const requests: [string, string, string | undefined][] = [
    ['POST', '/visits', '{"services":'],
    ['POST', '/visits', '[]'],
    ['POST', '/visits', '"text"'],
    ['POST', '/visits', '{}'],
    ['POST', '/visits', '{"services":[]}'],
    ['POST', '/visits', '{"services":"juminhyo"}'],
    ['POST', '/visits', '{"services":[42]}'],
    ['POST', '/visits', '{"services":["juminhyo"],"assistance":"yes"}'],
    ['POST', '/visits', '{"services":["no-such-procedure"]}'],
    ['POST', '/visits', `{"services":["${'x'.repeat(3_000_000)}"]}`],
    ['POST', '/counters/1/call', '{"number":""}'],
    ['POST', '/counters/1/call', '{"number":"Z999"}'],
    ['POST', '/counters/99/call-next', '{}'],
    ['POST', '/counters/1/finish', '{}'],
    ['POST', '/counters/1/finish', '{"stepId":"not-a-step"}'],
    ['PUT', '/counters/1/status', '{"status":"sleeping"}'],
    ['POST', '/reservations/check-in', '{"code":"NOPE1"}'],
    ['POST', '/reservations', '{"serviceId":"juminhyo","slotStart":"tomorrow"}'],
    ['POST', '/reservations/import', '{"csv":"service,date,time\\njuminhyo,2026-13-01,09:00"}'],
    ['GET', '/events', undefined],
    ['GET', '/no-such-endpoint', undefined],
    ['DELETE', '/visits', undefined],
  ];

  it('every bad request gets a 4xx with a clear message and changes nothing', async () => {
    const before = databaseContents(office.server);
    for (const [method, path, body] of requests) {
      const res = await fetch(`${office.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, authorization: `Bearer ${office.kioskToken}` },
        body,
      });
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expect(json.error.message.length, `${method} ${path}`).toBeGreaterThan(5);
    }
    expect(databaseContents(office.server)).toBe(before);
  });

  it('an invalid transition is refused: finishing a visit that was never called', async () => {
    const before = databaseContents(office.server);
    const res = await fetch(`${office.url}/api/v1/counters/1/finish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ stepId: waitingStep }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('step/other_counter');
    expect(databaseContents(office.server)).toBe(before);
  });

  it('a field the request does not declare is refused and named, in a body, deep in one, in a query and over the socket', async () => {
    const admin = await office.staff('admin');
    const socket = await office.socket({ cookie });
    const before = databaseContents(office.server);
    const send = async (method: string, path: string, body: unknown, auth: Record<string, string>) => {
      const res = await fetch(`${office.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...auth },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, error: ((await res.json()) as { error?: { code: string; issues?: { path: string; message: string }[] } }).error };
    };
    const kiosk = { authorization: `Bearer ${office.kioskToken}` };
    // A misspelt "assistance" must not quietly issue an ordinary ticket.
    const misspelt = await send('POST', '/visits', { services: ['juminhyo'], asistance: true }, kiosk);
    expect(misspelt).toMatchObject({ status: 400, error: { code: 'input/invalid', issues: [{ path: 'asistance', message: 'unknown field' }] } });
    const deep = await send(
      'PUT',
      '/config/settings',
      { ...demoOffice.settings, hours: { open: '08:30', close: '17:15', lunch: '12:00' } },
      { cookie: admin.cookie },
    );
    expect(deep).toMatchObject({ status: 400, error: { code: 'input/invalid', issues: [{ path: 'hours.lunch' }] } });
    const query = await send('GET', '/calendar?from=2026-04-01&form=2026-04-30', undefined, kiosk);
    expect(query).toMatchObject({ status: 400, error: { code: 'input/invalid', issues: [{ path: 'form' }] } });
    expect(await command(socket, 'callNext', { counterId: '1', counterID: '2' })).toMatchObject({
      ok: false,
      error: { code: 'input/invalid', issues: [{ path: 'counterID' }] },
    });
    expect(databaseContents(office.server)).toBe(before);
  });

  it('bad socket messages get an error acknowledgement and change nothing', async () => {
    const socket = await office.socket({ cookie });
    const before = databaseContents(office.server);
    const acks = await Promise.all([
      command(socket, 'callNext', { counterId: 42 }),
      command(socket, 'noSuchCommand', {}),
      command(socket, 'finish', null),
      command(socket, 'recall', { counterId: '1', stepId: waitingStep }),
      new Promise((resolve) => socket.emit('sync', { since: -5 }, resolve)),
      new Promise((resolve) => (socket as unknown as { emit: (e: string, p: unknown, cb: (a: unknown) => void) => void }).emit('explode', {}, resolve)),
    ]);
    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
    expect(databaseContents(office.server)).toBe(before);
  });
});

describe('addresses that cannot be read', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  // Raw requests: fetch would normalise these addresses before sending them.
  const screens = ['/kiosk/%c0%ae%c0%ae/etc/passwd', '/admin/%', '/display/%E0%A4%A', '/%', '/no-such-page'];
  const apiPaths = ['/api/v1/visits/%', '/api/v1/%zz', '/api/v1/visits/%c0%ae/forms/tennyu/print', '/api/v1/counters/%/call-next'];

  it("a screen's address that cannot be read gets a short page in Japanese and English, no stack trace or server path", async () => {
    for (const path of screens) {
      const res = await raw(office.url, path.startsWith('/api') ? 'POST' : 'GET', path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers['content-type'], path).toMatch(/^text\/plain/);
      expect(res.body, path).not.toMatch(/\bat \w|node_modules|<pre>/);
      expect(res.body, path).not.toContain(repoRoot);
      expect(res.body, path).toMatch(/[ぁ-ん]/);
    }
  });

  it('an API address that cannot be read gets the API\'s JSON error, not "not valid JSON"', async () => {
    for (const path of apiPaths) {
      for (const method of ['GET', 'POST']) {
        const res = await raw(office.url, method, path, {}, method === 'POST' ? '{}' : undefined);
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        const body = JSON.parse(res.body) as { error: { code: string; message: string } };
        expect(body.error.code, `${method} ${path}`).toMatch(/^(input\/invalid|api\/not_found)$/);
        expect(body.error.message, `${method} ${path}`).not.toMatch(/JSON/);
        expect(res.body).not.toContain(repoRoot);
      }
    }
  });
});
