/** Staff accounts from the admin pages: rename, change role, disable, reset a password; and who is signed in where. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { followLiveView, type JunbanError } from '@junban/protocol';
import { callAs, command, startOffice, sync, testClock, type ClientSocket, type TestOffice } from './support.js';

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
    const report = (counterId: string | null) => new Promise<unknown>((resolve) => socket.emit('presence', { counterId }, resolve));

    expect(await report('3')).toEqual({ ok: true, data: { ok: true, alsoHere: [] } });
    const present = await admin('staffPresence', {});
    expect(present.find((p) => p.username === 'yamada')).toMatchObject({ role: 'counter', counters: ['3'], screens: 1 });

    expect(await report('no-such-counter')).toMatchObject({ ok: false, error: { code: 'office/unknown_counter' } });
    expect(await report(null)).toMatchObject({ ok: true });
    expect((await admin('staffPresence', {})).find((p) => p.username === 'yamada')!.counters).toEqual([]);

    const display = await office.socket({ token: office.displayToken });
    expect(await new Promise((resolve) => display.emit('presence', { counterId: '1' }, resolve))).toMatchObject({
      ok: false,
      error: { code: 'auth/forbidden' },
    });

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

describe('a screen’s live connection ends with its session', () => {
  let office: TestOffice;
  const clock = testClock('2026-04-01');
  beforeAll(async () => {
    office = await startOffice({ clock });
  });
  afterAll(() => office.stop());

  /** Signs in as a new counter clerk; each call of `session` is another computer's session of the same account. */
  async function clerk() {
    const first = await office.staff('counter');
    const me = await first('me', {});
    const username = me.kind === 'staff' ? me.username : '';
    const session = async () => {
      const res = await login(office, username, 'password-123');
      return res.headers.getSetCookie()[0]!.split(';')[0]!;
    };
    return { id: me.id, cookie: first.cookie, session };
  }
  const refused = (socket: ClientSocket) => expect(command(socket, 'visitForms', { visitId: 'any' })).resolves.toMatchObject({ ok: false });

  it('signing out closes this screen’s socket, which can no longer read forms or call; other computers stay connected', async () => {
    const c = await clerk();
    const socket = await office.socket({ cookie: c.cookie });
    const elsewhere = await office.socket({ cookie: await c.session() });
    expect(await command(socket, 'callNext', { counterId: '1' })).toMatchObject({ ok: false, error: { code: 'queue/empty' } });
    const gone = closed(socket);
    expect((await callAs(office, 'logout', {}, { cookie: c.cookie })).status).toBe(200);
    await gone;
    await expect(office.socket({ cookie: c.cookie })).rejects.toThrow(/auth\/required/);
    expect(elsewhere.connected).toBe(true);
    expect(await command(elsewhere, 'callNext', { counterId: '1' })).toMatchObject({ ok: false, error: { code: 'queue/empty' } });
  });

  it('an expired session’s socket is refused at its next call and closed', async () => {
    const c = await clerk();
    const socket = await office.socket({ cookie: c.cookie });
    await refused(socket); // visit not found: the call ran
    const gone = closed(socket);
    clock.advance(15 * 86_400_000);
    expect(await command(socket, 'visitForms', { visitId: 'any' })).toMatchObject({ ok: false, error: { code: 'auth/required' } });
    await gone;
  });

  it('expired sessions’ sockets are closed by the office’s regular tick, even when idle', async () => {
    const c = await clerk();
    const socket = await office.socket({ cookie: c.cookie });
    const gone = closed(socket);
    clock.advance(15 * 86_400_000);
    office.server.office.tick();
    await gone;
  });

  it('a new password closes every socket of the account; an admin changing their own keeps this screen’s', async () => {
    const admin = await office.staff('admin');
    const c = await clerk();
    const socket = await office.socket({ cookie: c.cookie });
    const gone = closed(socket);
    await admin('resetPassword', { staffId: c.id, password: 'new-password-456' });
    await gone;

    const self = await admin('me', {});
    const here = await office.socket({ cookie: admin.cookie });
    const res = await login(office, self.kind === 'staff' ? self.username : '', 'password-123');
    const other = await office.socket({ cookie: res.headers.getSetCookie()[0]!.split(';')[0]! });
    const otherGone = closed(other);
    await admin('resetPassword', { staffId: self.id, password: 'my-new-password' });
    await otherGone;
    expect(here.connected).toBe(true);
    expect((await sync(here)).ok).toBe(true);
  });

  it('a disabled account’s and a demoted account’s sockets are closed', async () => {
    const admin = await office.staff('admin');
    const disabled = await clerk();
    const demoted = await clerk();
    const a = await office.socket({ cookie: disabled.cookie });
    const b = await office.socket({ cookie: demoted.cookie });
    const gone = [closed(a), closed(b)];
    await admin('updateStaff', { staffId: disabled.id, disabled: true });
    await admin('updateStaff', { staffId: demoted.id, role: 'manager' });
    await Promise.all(gone);
  });
});
