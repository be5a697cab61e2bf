/** Staff accounts from the admin pages: rename, change role, disable, reset a password; and who is signed in where. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { followLiveView, type JunbanError } from '../src/protocol/index.js';
import { callAs, command, startOffice, type ClientSocket, type TestOffice } from './support.js';

async function failure(promise: Promise<unknown>): Promise<JunbanError> {
  try {
    await promise;
  } catch (e) {
    return e as JunbanError;
  }
  throw new Error('expected the call to fail');
}

const login = (office: TestOffice, username: string, password: string) =>
  fetch(`${office.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

const closed = (socket: ClientSocket) => new Promise<void>((resolve) => (socket.disconnected ? resolve() : socket.once('disconnect', () => resolve())));

describe('staff accounts', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
  });
  afterAll(() => office.stop());

  it('renames an account and changes its role; open screens reconnect with the new role', async () => {
    const admin = await office.staff('admin');
    const clerk = await office.staff('counter', 'suzuki');
    const me = await clerk('me', {});
    // The console follows the office like every screen does.
    const socket = connect(office.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: clerk.cookie } }) as ClientSocket;
    const connections: boolean[] = [];
    followLiveView(socket, { view: () => {}, connection: (c) => connections.push(c), problem: () => {} });
    for (let i = 0; i < 50 && !connections.includes(true); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await command(socket, 'callNext', { counterId: '1' })).toMatchObject({ ok: false, error: { code: 'queue/empty' } });

    const changed = await admin('updateStaff', { staffId: me.id, displayName: '鈴木 花子', role: 'manager' });
    expect(changed).toMatchObject({ id: me.id, username: 'suzuki', displayName: '鈴木 花子', role: 'manager', disabled: false });
    for (let i = 0; i < 100 && connections.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(connections).toEqual([true, false, true]);
    expect(await command(socket, 'callNext', { counterId: '1' })).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });
    socket.disconnect();
    expect(await clerk('me', {})).toMatchObject({ displayName: '鈴木 花子', role: 'manager' });
    expect((await callAs(office, 'callNext', { counterId: '1' }, { cookie: clerk.cookie })).status).toBe(403);
    expect((await admin('listStaff', {})).find((a) => a.id === me.id)!.role).toBe('manager');
  });

  it('disabling an account ends its sessions and disconnects its screens; enabling lets it sign in again', async () => {
    const admin = await office.staff('admin');
    const clerk = await office.staff('counter', 'tanaka');
    const me = await clerk('me', {});
    const socket = await office.socket({ cookie: clerk.cookie });
    const gone = closed(socket);
    await admin('updateStaff', { staffId: me.id, disabled: true });
    await gone;
    expect((await callAs(office, 'me', {}, { cookie: clerk.cookie })).status).toBe(401);
    await expect(office.socket({ cookie: clerk.cookie })).rejects.toThrow(/auth\/required/);
    expect((await login(office, 'tanaka', 'password-123')).status).toBe(401);

    await admin('updateStaff', { staffId: me.id, disabled: false });
    expect((await login(office, 'tanaka', 'password-123')).status).toBe(200);
    expect((await callAs(office, 'me', {}, { cookie: clerk.cookie })).status).toBe(401);
  });

  it('an admin resets a password: the old one and the account’s sessions stop working', async () => {
    const admin = await office.staff('admin');
    const clerk = await office.staff('guide', 'sato');
    const me = await clerk('me', {});
    await admin('resetPassword', { staffId: me.id, password: 'new-password-456' });
    expect((await callAs(office, 'me', {}, { cookie: clerk.cookie })).status).toBe(401);
    expect((await login(office, 'sato', 'password-123')).status).toBe(401);
    expect((await login(office, 'sato', 'new-password-456')).status).toBe(200);
    expect(await failure(admin('resetPassword', { staffId: me.id, password: 'short' }))).toMatchObject({ code: 'input/invalid' });
    expect(await failure(admin('resetPassword', { staffId: 'nobody', password: 'long-enough-1' }))).toMatchObject({ code: 'access/not_found' });
  });

  it('an admin resetting their own password stays signed in on this screen', async () => {
    const admin = await office.staff('admin', 'self-reset');
    await admin('resetPassword', { staffId: (await admin('me', {})).id, password: 'my-new-password' });
    expect((await admin('me', {})).kind).toBe('staff');
  });

  it('an admin cannot disable or demote themselves, and the last enabled admin stays an admin', async () => {
    const admin = await office.staff('admin');
    const self = await admin('me', {});
    expect(await failure(admin('updateStaff', { staffId: self.id, disabled: true }))).toMatchObject({ code: 'access/own_account' });
    expect(await failure(admin('updateStaff', { staffId: self.id, role: 'manager' }))).toMatchObject({ code: 'access/own_account' });
    expect(await admin('updateStaff', { staffId: self.id, displayName: 'Chief' })).toMatchObject({ displayName: 'Chief', role: 'admin' });

    // Every other admin is disabled by this one; then even a call from outside a session cannot remove the last.
    for (const a of await admin('listStaff', {})) {
      if (a.role === 'admin' && a.id !== self.id && !a.disabled) await admin('updateStaff', { staffId: a.id, disabled: true });
    }
    expect(() => office.server.access.updateStaff(self.id, { disabled: true }, null)).toThrow(expect.objectContaining({ code: 'access/last_admin' }));
    expect(() => office.server.access.updateStaff(self.id, { role: 'counter' }, null)).toThrow(expect.objectContaining({ code: 'access/last_admin' }));
    expect(await admin('me', {})).toMatchObject({ role: 'admin' });
  });
});

describe('who is signed in, and where', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  it('lists staff with a screen open and the counter their console reports', async () => {
    const admin = await office.staff('admin');
    const clerk = await office.staff('counter', 'yamada');
    const socket = await office.socket({ cookie: clerk.cookie });
    const report = (counterId: string | null) =>
      new Promise<unknown>((resolve) => socket.emit('presence', { counterId }, resolve));

    expect(await report('3')).toEqual({ ok: true, data: { ok: true, alsoHere: [] } });
    const present = await admin('staffPresence', {});
    expect(present.find((p) => p.username === 'yamada')).toMatchObject({ role: 'counter', counters: ['3'], screens: 1 });

    expect(await report('no-such-counter')).toMatchObject({ ok: false, error: { code: 'office/unknown_counter' } });
    expect(await report(null)).toMatchObject({ ok: true });
    expect((await admin('staffPresence', {})).find((p) => p.username === 'yamada')!.counters).toEqual([]);

    const display = await office.socket({ token: office.displayToken });
    expect(await new Promise((resolve) => display.emit('presence', { counterId: '1' }, resolve))).toMatchObject({ ok: false, error: { code: 'auth/forbidden' } });

    socket.disconnect();
    for (let i = 0; i < 50 && (await admin('staffPresence', {})).some((p) => p.username === 'yamada'); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await admin('staffPresence', {})).some((p) => p.username === 'yamada')).toBe(false);
  });

  it('tells a console taking a counter that another screen already works there, and who', async () => {
    const first = await office.socket({ cookie: (await office.staff('counter', 'sato')).cookie });
    const second = await office.socket({ cookie: (await office.staff('counter', 'suzuki')).cookie });
    const report = (socket: typeof first, counterId: string | null) =>
      new Promise<{ ok: boolean; data?: { alsoHere: { displayName: string }[] } }>((resolve) => socket.emit('presence', { counterId }, resolve as never));

    expect((await report(first, '5')).data!.alsoHere).toEqual([]);
    const warned = await report(second, '5');
    expect(warned.data!.alsoHere).toEqual([expect.objectContaining({ displayName: expect.stringContaining('sato') })]);
    // Another counter is free; and once the first console leaves counter 5, it is free again.
    expect((await report(second, '6')).data!.alsoHere).toEqual([]);
    await report(first, null);
    expect((await report(second, '5')).data!.alsoHere).toEqual([]);
    first.disconnect();
    second.disconnect();
  });
});
