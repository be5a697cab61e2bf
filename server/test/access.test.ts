import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildRequest, type EndpointName } from '../src/protocol/index.js';
import { command, demoOffice, startOffice, sync, type TestOffice } from './support.js';

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
      const res = await fetch(`${office.url}/api/v1/visits/nope/forms/tennyu/form.pdf`, { headers });
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
