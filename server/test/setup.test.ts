import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/env.js';
import { backupDatabase } from '../src/storage/database.js';
import { nextUpdate, startOffice, sync, type TestOffice } from './support.js';

const run = promisify(execFile);

describe('setting up the office while it runs', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  it('an admin adds a procedure and a counter; screens hear of it and the counter can call it at once', async () => {
    const admin = await office.staff('admin');
    const display = await office.socket({ token: office.displayToken });
    await sync(display);
    const changed = nextUpdate(display, (u) => u.config?.services.some((s) => s.id === 'campaign') ?? false);
    await admin('putService', { serviceId: 'campaign', id: 'campaign', name: { ja: 'マイナポイント', en: 'Campaign desk' }, prefix: 'M', active: true });
    await admin('putCounter', { counterId: '9', id: '9', name: { ja: '9番窓口', en: 'Counter 9' }, services: ['campaign'] });
    expect((await changed).config!.services.at(-1)!.name.ja).toBe('マイナポイント');

    const { visit } = await office.device(office.kioskToken)('issueVisit', { services: ['campaign'] });
    expect(visit.number).toBe('M1');
    const counter = await office.staff('counter');
    expect((await counter('callNext', { counterId: '9' })).visit.id).toBe(visit.id);
    await expect(admin('deleteCounter', { counterId: '9' })).rejects.toMatchObject({ code: 'office/in_use' });
    await expect(admin('putCounter', { counterId: '10', id: '10', name: { ja: '10', en: '10' }, services: ['nope'] })).rejects.toMatchObject({
      code: 'input/invalid',
    });
  });

  it('keeps the event log append-only', () => {
    expect(() => office.server.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(() => office.server.db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/);
  });

  it('an online backup taken while the office works opens and holds every visit committed before it', async () => {
    const kiosk = office.device(office.kioskToken);
    for (let i = 0; i < 20; i++) await kiosk('issueVisit', { services: ['juminhyo'] });
    const committed = office.server.db.prepare('SELECT COUNT(*) FROM visits').pluck().get() as number;
    const file = join(office.dataDir, 'backup', 'copy.db');
    const issuing = Promise.all(Array.from({ length: 20 }, () => kiosk('issueVisit', { services: ['tennyu'] })));
    await backupDatabase(office.server.db, file);
    await issuing;
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare('SELECT COUNT(*) FROM visits').pluck().get()).toBeGreaterThanOrEqual(committed);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });
});

describe('the first admin', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'junban-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is created from the shell and can sign in', async () => {
    const env = { ...process.env, JUNBAN_DATA_DIR: dataDir, JUNBAN_ADMIN_PASSWORD: 'a-long-password' };
    const { stdout } = await run(process.execPath, [join(repoRoot, 'server/dist/cli.js'), 'create-admin', 'chief'], { env });
    expect(stdout).toContain('Created admin "chief"');
    const office = await startOffice({ dataDir });
    try {
      const res = await fetch(`${office.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chief', password: 'a-long-password' }),
      });
      expect(await res.json()).toMatchObject({ kind: 'staff', role: 'admin' });
      const wrong = await fetch(`${office.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chief', password: 'nope' }),
      });
      expect(wrong.status).toBe(401);
    } finally {
      await office.stop();
    }
  });
});
