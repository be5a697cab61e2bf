/** Registering a kiosk, display or print agent by pairing: the device shows a code, an admin confirms it. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type JunbanError } from '@junban/protocol';
import { callAs, startOffice, sync, testClock, type TestOffice } from './support.js';

/**
 * `POST /pairing` from a given loopback address (127.0.0.x all reach the server on Linux), as devices on
 * different machines would: the server tells callers apart by the address of the connection.
 */
function startPairingFrom(
  url: string,
  localAddress: string,
): Promise<{ status: number; retryAfter: string | undefined; body: { code?: string; error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/pairing`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => {
          resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body: JSON.parse(text) as never });
        });
    });
    req.on('error', reject).end(JSON.stringify({ kind: 'display' }));
  });
}

async function failure(promise: Promise<unknown>): Promise<JunbanError> {
  try {
    await promise;
  } catch (e) {
    return e as JunbanError;
  }
  throw new Error('expected the call to fail');
}

describe('pairing a device', () => {
  let office: TestOffice;
  const clock = testClock('2026-04-01', '09:00');
  /** A device without a token: it may only start a pairing and poll it. */
  let device: ReturnType<typeof createApiClient>;
  beforeAll(async () => {
    office = await startOffice({ clock, checkResponses: true });
    device = createApiClient({ baseUrl: office.url });
  });
  afterAll(() => office.stop());

  it('a new display shows a code; once an admin confirms it, the display gets its token once and syncs as itself', async () => {
    const started = await device('startPairing', { kind: 'display' });
    expect(started.code).toMatch(/^\d{6}$/);
    expect(started.pairingId.length).toBeGreaterThanOrEqual(32);
    expect(started.adminPath).toBe(`/admin/setup/devices?pair=${started.code}&kind=display`);
    expect(started.expiresAt - clock.now()).toBeGreaterThan(9 * 60_000);
    expect(await device('pairingState', { pairingId: started.pairingId })).toMatchObject({ state: 'waiting' });

    const admin = await office.staff('admin');
    const registered = await admin('confirmPairing', {
      code: `${started.code.slice(0, 3)} ${started.code.slice(3)}`,
      name: '2F waiting room',
      display: { counters: ['6', '7'], services: [], secondLanguage: 'zh' },
    });
    expect(registered).toMatchObject({ kind: 'display', name: '2F waiting room', display: { counters: ['6', '7'], secondLanguage: 'zh' } });
    expect(JSON.stringify(registered)).not.toContain('token');

    const paired = await device('pairingState', { pairingId: started.pairingId });
    if (paired.state !== 'paired') throw new Error('expected paired');
    expect(paired.device.id).toBe(registered.id);
    expect((await callAs(office, 'pairingState', { pairingId: started.pairingId })).status).toBe(404);

    const socket = await office.socket({ token: paired.token });
    const ack = await sync(socket);
    expect(ack.ok && ack.data.device).toMatchObject({ id: registered.id, name: '2F waiting room', display: { counters: ['6', '7'] } });
    expect((await office.device(paired.token)('thisDevice', {})).id).toBe(registered.id);

    await admin('renameDevice', { deviceId: registered.id, name: '2F waiting room (east)' });
    expect((await office.device(paired.token)('thisDevice', {})).name).toBe('2F waiting room (east)');
  });

  it('a code is used once', async () => {
    const admin = await office.staff('admin');
    const { code, pairingId } = await device('startPairing', { kind: 'kiosk' });
    await admin('confirmPairing', { code, name: 'Entrance kiosk 2', kiosk: { printerId: null, ticketsPerMinute: 6 } });
    expect(await failure(admin('confirmPairing', { code, name: 'again' }))).toMatchObject({ code: 'pairing/not_found' });
    const paired = await device('pairingState', { pairingId });
    expect(paired.state === 'paired' && paired.device.kiosk).toEqual({ printerId: null, ticketsPerMinute: 6 });
  });

  it('refuses settings of another kind of device and leaves the pairing waiting', async () => {
    const admin = await office.staff('admin');
    const { code, pairingId } = await device('startPairing', { kind: 'agent' });
    expect(await failure(admin('confirmPairing', { code, name: 'agent', display: { counters: [], services: [], secondLanguage: 'en' } }))).toMatchObject({
      code: 'input/invalid',
    });
    expect(await device('pairingState', { pairingId })).toMatchObject({ state: 'waiting' });
    expect(await admin('confirmPairing', { code, name: 'Print agent, kiosk 1' })).toMatchObject({ kind: 'agent' });
  });

  it('a code expires after 10 minutes, and so does the pairing', async () => {
    const admin = await office.staff('admin');
    const { code, pairingId } = await device('startPairing', { kind: 'display' });
    clock.advance(10 * 60_000 + 1000);
    expect(await failure(admin('confirmPairing', { code, name: 'late' }))).toMatchObject({ code: 'pairing/not_found' });
    expect(await failure(device('pairingState', { pairingId }))).toMatchObject({ code: 'pairing/not_found' });
    expect((await admin('listDevices', {})).some((d) => d.name === 'late')).toBe(false);
  });

  it('limits wrong codes to 5 a minute per admin (429), then lets them try again', async () => {
    const admin = await office.staff('admin');
    const other = await office.staff('admin');
    const { code } = await device('startPairing', { kind: 'display' });
    const wrong = code === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) expect(await failure(admin('confirmPairing', { code: wrong, name: 'x' }))).toMatchObject({ code: 'pairing/not_found' });
    const raw = await callAs(office, 'confirmPairing', { code, name: 'x' }, { cookie: admin.cookie });
    expect(raw).toMatchObject({ status: 429, body: { error: { code: 'pairing/too_many_attempts' } } });
    expect(await failure(other('confirmPairing', { code: wrong, name: 'x' }))).toMatchObject({ code: 'pairing/not_found' });
    clock.advance(61_000);
    expect(await admin('confirmPairing', { code, name: 'after a minute' })).toMatchObject({ name: 'after a minute' });
  });

  it('one address flooding pairing requests is refused (429, Retry-After) and does not block a real device elsewhere', async () => {
    const flood = await Promise.all(Array.from({ length: 100 }, () => startPairingFrom(office.url, '127.0.0.3')));
    const refused = flood.filter((r) => r.status === 429);
    expect(flood.filter((r) => r.status === 200).length).toBeLessThanOrEqual(10);
    expect(refused.length).toBeGreaterThanOrEqual(90);
    expect(refused[0]).toMatchObject({ body: { error: { code: 'pairing/too_many_attempts' } } });
    expect(Number(refused[0]!.retryAfter)).toBeGreaterThan(0);

    const real = await startPairingFrom(office.url, '127.0.0.4');
    expect(real.status).toBe(200);
    expect(real.body.code).toMatch(/^\d{6}$/);
    // The window passes and the flooding address may pair again (a device restarted many times is not locked out).
    clock.advance(10 * 60_000 + 1000);
    expect((await startPairingFrom(office.url, '127.0.0.3')).status).toBe(200);
  });

  it('rejects malformed codes and unknown pairing ids without a session', async () => {
    const admin = await office.staff('admin');
    expect(await failure(admin('confirmPairing', { code: '12345', name: 'x' }))).toMatchObject({ code: 'input/invalid' });
    expect((await callAs(office, 'pairingState', { pairingId: 'x'.repeat(32) })).status).toBe(404);
    expect((await callAs(office, 'startPairing', { kind: 'toaster' })).status).toBe(400);
  });
});
