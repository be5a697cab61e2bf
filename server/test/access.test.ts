import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildRequest, type EndpointName } from '@junban/protocol';
import { callAs, command, demoOffice, startOffice, sync, testClock, type TestOffice } from './support.js';

async function status(office: TestOffice, name: EndpointName, input: Record<string, unknown>, auth: { token?: string; cookie?: string }) {
  const req = buildRequest(name, input);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await fetch(`${office.url}${req.path}`, { method: req.method, headers, body: req.body });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('roles', () => {
  let office: TestOffice;
  const as: Record<string, { token?: string; cookie?: string }> = {};
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
    as.kiosk = { token: office.kioskToken };
    as.display = { token: office.displayToken };
    for (const role of ['counter', 'guide', 'manager', 'admin'] as const) as[role] = { cookie: (await office.staff(role)).cookie };
    as.nobody = {};
  });
  afterAll(() => office.stop());

  // Who may do what; every other caller gets 403 (or 401 without credentials).
  const cases: [EndpointName, Record<string, unknown>, string[]][] = [
    ['publicView', {}, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin']],
    ['staffView', {}, ['counter', 'guide', 'manager', 'admin']],
    ['issueVisit', { services: ['juminhyo'] }, ['kiosk', 'counter', 'guide']],
    ['callNext', { counterId: '1' }, ['counter']],
    ['setCounterStatus', { counterId: '8', status: 'open' }, ['counter', 'manager', 'admin']],
    ['reprint', { jobId: 'nope' }, ['counter', 'guide']],
    ['liftKioskLimit', { deviceId: 'nope' }, ['counter', 'guide']],
    ['setKioskSettings', { deviceId: 'nope', printerId: null }, ['admin']],
    ['putPrinter', { printerId: 'p', id: 'p', name: 'P', connection: { kind: 'virtual' } }, ['admin']],
    ['visitStatus', { token: 'nope.nope' }, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin', 'nobody']],
    ['listEvents', {}, ['manager', 'admin']],
    ['putCounter', { counterId: '9', id: '9', name: { ja: '9番窓口', en: 'Counter 9' }, services: ['juminhyo'] }, ['admin']],
    ['createDevice', { kind: 'display', name: 'lobby' }, ['admin']],
    ['checkIn', { code: 'NOSUCH' }, ['kiosk', 'counter', 'guide']],
    ['setDisplaySettings', { deviceId: 'nope', counters: [], services: [] }, ['admin']],
    ['congestion', {}, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin', 'nobody']],
    // Office setup: only admins, except what a kiosk, display or unpaired device needs.
    ['reorderServices', { ids: ['juminhyo'] }, ['admin']],
    ['putGroup', { groupId: 'matrix', name: { ja: '表', en: 'Matrix' } }, ['admin']],
    ['reorderGroups', { ids: ['certificates'] }, ['admin']],
    ['deleteGroup', { groupId: 'no-such-group' }, ['admin']],
    ['exportConfig', {}, ['admin']],
    ['importConfig', { file: demoOffice, apply: false }, ['admin']],
    ['listChanges', {}, ['admin']],
    ['calendar', {}, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin']],
    ['startPairing', { kind: 'display' }, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin', 'nobody']],
    ['pairingState', { pairingId: 'x'.repeat(32) }, ['kiosk', 'display', 'counter', 'guide', 'manager', 'admin', 'nobody']],
    ['confirmPairing', { code: '000000', name: 'x' }, ['admin']],
    ['renameDevice', { deviceId: 'nope', name: 'x' }, ['admin']],
    ['staffPresence', {}, ['admin']],
    ['updateStaff', { staffId: 'nope', displayName: 'x' }, ['admin']],
    ['resetPassword', { staffId: 'nope', password: 'long-enough-1' }, ['admin']],
    ['unlockStaff', { staffId: 'nope' }, ['admin']],
    // A resident's forms are personal data: the floor guide and the counter only, never a manager, admin or device.
    ['formCatalogue', {}, ['counter', 'guide']],
    ['checkForm', { serviceId: 'tennyu', values: {}, documents: [] }, ['counter', 'guide']],
    ['issueGuided', { procedures: [{ serviceId: 'no-such-procedure' }] }, ['counter', 'guide']],
    ['visitForms', { visitId: 'nope' }, ['counter', 'guide']],
    ['updateFormField', { visitId: 'nope', serviceId: 'tennyu', field: 'name', value: 'x' }, ['counter', 'guide']],
    ['formAudit', { visitId: 'nope' }, ['counter', 'guide']],
  ];

  for (const [name, input, allowed] of cases) {
    it(`${name}: only ${allowed.join(', ')}`, async () => {
      for (const who of Object.keys(as)) {
        const { status: code, body } = await status(office, name, input, as[who]!);
        if (allowed.includes(who)) expect([200, 404], `${who} ${name}`).toContain(code);
        else {
          expect(code, `${who} ${name}`).toBe(who === 'nobody' ? 401 : 403);
          expect(body.error?.message).toBeTruthy();
        }
      }
    });
  }

  it('every endpoint that changes the setup or accounts refuses anyone but an admin, before reading its input', async () => {
    const guarded = (Object.keys(api) as EndpointName[]).filter((n) => api[n].permission === 'config:write' || api[n].permission === 'access:write');
    expect(guarded.length).toBeGreaterThan(20);
    for (const name of guarded) {
      for (const who of ['kiosk', 'display', 'counter', 'guide', 'manager', 'nobody']) {
        expect((await status(office, name, {}, as[who]!)).status, `${who} ${name}`).toBe(who === 'nobody' ? 401 : 403);
      }
    }
  });

  it("a form's PDF: counter and guide staff only", async () => {
    for (const who of Object.keys(as)) {
      const headers: Record<string, string> = {};
      if (as[who]!.cookie) headers.cookie = as[who]!.cookie;
      if (as[who]!.token) headers.authorization = `Bearer ${as[who]!.token}`;
      const res = await fetch(`${office.url}/api/v1/visits/nope/forms/tennyu/print`, { method: 'POST', headers });
      expect(res.status, who).toBe(['counter', 'guide'].includes(who) ? 404 : who === 'nobody' ? 401 : 403);
    }
  });

  it('a display socket sees public state only and cannot call', async () => {
    const display = await office.socket({ token: office.displayToken });
    const view = await sync(display);
    expect(view.ok && 'queues' in view.data.view && view.data.view.queues.every((q) => !('entries' in q))).toBe(true);
    const ack = await command(display, 'callNext', { counterId: '1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
  });

  it('a socket without credentials is refused', async () => {
    await expect(office.socket({})).rejects.toThrow(/auth\/required/);
  });

  it('a revoked device is disconnected and cannot come back', async () => {
    const admin = await office.staff('admin');
    const { device, token } = await admin('createDevice', { kind: 'display', name: 'hall' });
    const socket = await office.socket({ token });
    const gone = new Promise((resolve) => socket.on('disconnect', resolve));
    await admin('revokeDevice', { deviceId: device.id });
    await gone;
    await expect(office.socket({ token })).rejects.toThrow(/auth\/required/);
    expect((await status(office, 'publicView', {}, { token })).status).toBe(401);
  });
});

/** A sign-in from a given address on this machine (127.0.0.0/8 all loop back), as another computer on the LAN would. */
function loginFrom(office: TestOffice, address: string, username: string, password: string) {
  const body = JSON.stringify({ username, password });
  return new Promise<{ status: number; retryAfter: number | null; code: string | undefined; message: string | undefined }>((resolve, reject) => {
    const req = request(
      `${office.url}/api/v1/auth/login`,
      { method: 'POST', localAddress: address, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          const error = (JSON.parse(text) as { error?: { code: string; message: string } }).error;
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode!, retryAfter: retry === undefined ? null : Number(retry), code: error?.code, message: error?.message });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('signing in', () => {
  let office: TestOffice;
  const clock = testClock('2026-04-01');
  beforeAll(async () => {
    office = await startOffice({ clock, checkResponses: true });
  });
  afterAll(() => office.stop());

  it('guessing a password is slowed, then locked at that address only; the real user elsewhere signs in; an admin unlocks', async () => {
    const admin = await office.staff('admin');
    await office.server.access.createStaff({ username: 'kanri', displayName: '管理者', role: 'admin', password: 'the-right-one-1' });
    const attacker = '127.0.0.2';

    // The red team's attack: wrong passwords as fast as the server answers. Five are checked, then the server says wait.
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await loginFrom(office, attacker, 'kanri', `guess-${i}`));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    const waiting = answers.slice(5);
    expect(waiting.every((a) => a.status === 429 && a.code === 'auth/too_many_attempts' && a.retryAfter! >= 1)).toBe(true);
    expect(waiting[0]!.message).toMatch(/wait/);
    // Even the right password is not checked while the address must wait: a lucky guess learns nothing.
    expect((await loginFrom(office, attacker, 'kanri', 'the-right-one-1')).status).toBe(429);
    // The admin at their own desk is not locked out.
    expect((await loginFrom(office, '127.0.0.3', 'kanri', 'the-right-one-1')).status).toBe(200);

    // Waiting as told, the attacker gets a few more tries, each wait longer, then a lock of 15 minutes.
    let last = waiting[0]!;
    for (let i = 0; i < 5; i++) {
      clock.advance(last.retryAfter! * 1000);
      expect((await loginFrom(office, attacker, 'kanri', `patient-${i}`)).status).toBe(401);
      last = await loginFrom(office, attacker, 'kanri', `eager-${i}`);
      expect(last.status).toBe(429);
    }
    expect(last.retryAfter).toBeGreaterThanOrEqual(14 * 60);
    expect(last.message).toMatch(/locked/);
    const kanri = (await admin('listStaff', {})).find((a) => a.username === 'kanri')!;
    expect(kanri.signInLockedUntil).toBeGreaterThan(clock.now());
    expect((await loginFrom(office, '127.0.0.3', 'kanri', 'the-right-one-1')).status).toBe(200);

    // An admin lifts the lock: the address may try again (and is wrong again).
    await admin('unlockStaff', { staffId: kanri.id });
    expect((await admin('listStaff', {})).find((a) => a.username === 'kanri')!.signInLockedUntil).toBeNull();
    expect((await loginFrom(office, attacker, 'kanri', 'still-guessing')).status).toBe(401);
    expect((await callAs(office, 'unlockStaff', { staffId: 'nobody' }, { cookie: admin.cookie })).status).toBe(404);
  });

  it('one address trying many usernames is locked out of signing in', async () => {
    const spray = '127.0.0.4';
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await loginFrom(office, spray, `user-${i}`, 'password-123'));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(20);
    expect(answers.slice(20).every((a) => a.status === 429 && a.retryAfter! >= 14 * 60)).toBe(true);
    // Other computers sign in as usual.
    await office.server.access.createStaff({ username: 'yamada', displayName: '山田', role: 'counter', password: 'password-123' });
    expect((await loginFrom(office, '127.0.0.5', 'yamada', 'password-123')).status).toBe(200);
  });

  it('an attacker gets 13 tries in the first hour at one account from one address, then 4 an hour, not 1,540 a minute', async () => {
    await office.server.access.createStaff({ username: 'target', displayName: 'Target', role: 'admin', password: 'the-right-one-2' });
    const attacker = '127.0.0.6';
    const start = clock.now();
    let tries = 0;
    // The fastest an attacker can go: try, and when told to wait, wait exactly that long.
    while (clock.now() - start < 60 * 60_000) {
      const answer = await loginFrom(office, attacker, 'target', `guess-${tries}`);
      if (answer.status === 401) tries++;
      else clock.advance(answer.retryAfter! * 1000);
    }
    console.log(`sign-in guesses per hour at one account from one address: ${tries}`);
    expect(tries).toBeLessThanOrEqual(14);
  });

  it('a wrong password takes as long for an unknown username as for a real one, so timing does not reveal who exists', async () => {
    await office.server.access.createStaff({ username: 'existing', displayName: 'Existing', role: 'counter', password: 'password-123' });
    const time = async (username: string) => {
      const t = performance.now();
      await office.server.access.signIn(username, 'wrong-password').catch(() => {});
      return performance.now() - t;
    };
    await time('nobody-at-all'); // the first check of an unknown name makes the stand-in hash
    const known: number[] = [];
    const unknown: number[] = [];
    // Taken in turns, each first half the time, so a busy machine slows both alike. Before, an unknown name was
    // answered in a third of the time (6 ms against 18 ms) or less; the margin here is for the machine's noise.
    for (let i = 0; i < 20; i++) {
      if (i % 2) known.push(await time('existing'));
      unknown.push(await time(`nobody-${i}`));
      if (!(i % 2)) known.push(await time('existing'));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(unknown) / median(known)).toBeGreaterThan(0.6);
    expect(median(unknown) / median(known)).toBeLessThan(1 / 0.6);
  });
});
