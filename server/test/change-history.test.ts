/** The change history: who changed the setup or the accounts, when and what; never a password or a token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type EndpointName } from '@junban/protocol';
import { isRecorded } from '../src/setup/changes.js';
import { command, startOffice, type TestOffice } from './support.js';

describe('change history', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
  });
  afterAll(() => office.stop());

  it('records who changed what, newest first, over HTTP and the socket, without passwords or tokens', async () => {
    const admin = await office.staff('admin', 'chief');
    const adminId = (await admin('me', {})).id;
    const counter = await admin('getConfig', {}).then((c) => c.counters.find((x) => x.id === '1')!);

    await admin('putCounter', { ...counter, counterId: '1', name: { ja: '1番窓口（証明）', en: 'Counter 1 (certificates)' } });
    const account = await admin('createStaff', { username: 'ito', displayName: '伊藤', role: 'counter', password: 'secret-password-1' });
    await admin('resetPassword', { staffId: account.id, password: 'secret-password-2' });
    const { token } = await admin('createDevice', { kind: 'display', name: 'Lobby' });
    const pairing = await fetch(`${office.url}/api/v1/pairing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"kiosk"}',
    }).then((r) => r.json() as Promise<{ code: string; pairingId: string }>);
    const paired = await admin('confirmPairing', { code: pairing.code, name: 'Kiosk 2' });
    const socket = await office.socket({ cookie: admin.cookie });
    expect(await command(socket, 'putGroup', { groupId: 'seasonal', name: { ja: '繁忙期', en: 'Busy season' } })).toMatchObject({ ok: true });
    // Reads, previews and failed calls are not changes.
    await admin('listStaff', {});
    await admin('importConfig', { file: await admin('exportConfig', {}), apply: false });
    await admin('deleteCounter', { counterId: 'no-such' }).catch(() => {});

    const changes = await admin('listChanges', {});
    expect(changes.map((c) => [c.endpoint, c.target])).toEqual([
      ['putGroup', 'seasonal'],
      ['confirmPairing', paired.id],
      ['createDevice', expect.any(String)],
      ['resetPassword', account.id],
      ['createStaff', account.id],
      ['putCounter', '1'],
    ]);
    for (const c of changes) expect(c).toMatchObject({ actor: `staff:${adminId}`, actorName: 'chief', at: expect.any(Number) });
    expect(changes.at(-1)!.summary).toMatchObject({ name: { ja: '1番窓口（証明）' }, services: counter.services });
    expect(changes.find((c) => c.endpoint === 'createStaff')!.summary).toEqual({ username: 'ito', displayName: '伊藤', role: 'counter', password: '(hidden)' });

    const text = JSON.stringify(changes) + JSON.stringify(office.server.db.prepare('SELECT * FROM config_changes').all());
    for (const secret of ['secret-password-1', 'secret-password-2', token, pairing.code, pairing.pairingId]) expect(text).not.toContain(secret);

    const older = await admin('listChanges', { limit: 2, beforeSeq: changes[1]!.seq });
    expect(older.map((c) => c.endpoint)).toEqual(['createDevice', 'resetPassword']);
  });

  it('keeps the history append-only', () => {
    expect(() => office.server.db.prepare('DELETE FROM config_changes').run()).toThrow(/append-only/);
    expect(() => office.server.db.prepare("UPDATE config_changes SET actor = 'x'").run()).toThrow(/append-only/);
  });

  it('records every endpoint that changes the setup or the accounts, decided by its permission alone', () => {
    const recorded = (Object.keys(api) as EndpointName[]).filter(isRecorded);
    expect(recorded).toEqual(
      expect.arrayContaining([
        'setSettings',
        'putService',
        'reorderServices',
        'putCounter',
        'deleteCounter',
        'putGroup',
        'deleteGroup',
        'importConfig',
        'createDevice',
        'confirmPairing',
        'renameDevice',
        'revokeDevice',
        'createStaff',
        'updateStaff',
        'resetPassword',
      ]),
    );
    expect(recorded).not.toContain('exportConfig');
    expect(recorded).not.toContain('listChanges');
    expect(recorded).not.toContain('issueVisit');
  });
});
