/**
 * Backups an office can count on: taken on schedule while kiosks issue, the oldest let go, and a restore drill on the
 * real server process: a backup put back in place of a damaged database, the office started on it, and no number
 * that a resident may hold given out a second time.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '@junban/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/env.js';
import { listBackups } from '../src/storage/backups.js';
import { freePort, serverProcessSuite, signInAs, startOffice, testClock, type TestOffice } from './support.js';

describe('scheduled backups', () => {
  const clock = testClock('2026-04-01', '10:00');
  const dir = mkdtempSync(join(tmpdir(), 'junban-backups-'));
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ clock, backups: { dir, everyMin: 60, keep: 2 } });
  });
  afterAll(() => office.stop());

  it('are taken every interval while the office works, keep the newest few, and show in /metrics', async () => {
    const kiosk = office.device(office.kioskToken);
    office.server.office.tick();
    await expect.poll(() => listBackups(dir).length).toBe(1);
    await kiosk('issueVisit', { services: ['juminhyo'] });
    // Not yet an hour: no new backup.
    office.server.office.tick();
    await new Promise((r) => setTimeout(r, 200));
    expect(listBackups(dir)).toHaveLength(1);

    for (const expected of [2, 2]) {
      clock.advance(61 * 60_000);
      await kiosk('issueVisit', { services: ['juminhyo'] });
      const before = listBackups(dir).at(-1)!.at;
      office.server.office.tick();
      await expect.poll(() => listBackups(dir).at(-1)!.at).toBeGreaterThan(before);
      expect(listBackups(dir)).toHaveLength(expected);
    }
    // Each is a whole database: the newest has both visits.
    const newest = listBackups(dir).at(-1)!;
    const Database = (await import('better-sqlite3')).default;
    const copy = new Database(newest.file, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(3);
    copy.close();
    expect(await (await fetch(`${office.url}/metrics`)).text()).toContain(`junban_backup_last_timestamp_seconds{dir="${dir}"} ${newest.at / 1000}`);
  });
});

describe('a restore drill on the real server', () => {
  const server = serverProcessSuite('restore');
  const { dataDir } = server;
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, [join(repoRoot, 'server/dist/cli.js'), ...args], {
      env: { ...process.env, JUNBAN_DATA_DIR: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const stop = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  it('puts a backup back, keeps the replaced file, and never gives a number twice', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await server.start(port);
    const demo = server.demo();
    const admin = await signInAs(url, demo, 'admin');
    for (const d of await admin('listDevices', {}))
      if (d.kind === 'kiosk') await admin('setKioskSettings', { deviceId: d.id, printerId: null, ticketsPerMinute: 0 });
    const kiosk = createApiClient({ baseUrl: url, token: demo.kioskToken });
    const issue = async () => (await kiosk('issueVisit', { services: ['juminhyo'] })).visit.number;
    const before = [await issue(), await issue(), await issue()];
    const backup = join(mkdtempSync(join(tmpdir(), 'junban-drill-')), 'office.db');
    cli('backup', backup);
    const after = [await issue(), await issue()];

    // Not under a running server.
    expect(() => cli('restore', backup)).toThrow(/running/);

    // 1. The database is sound (a mistake was made, say): the numbering goes on from what it had reached.
    await stop(child);
    const report = cli('restore', backup);
    expect(report).toMatch(/kept as .*junban\.db\.replaced-/);
    child = await server.start(port);
    const seen = createApiClient({ baseUrl: url, token: demo.kioskToken });
    const numbersNow = async () =>
      ((await seen('publicView', {})) as unknown as { queues: { serviceId: string; waiting: number }[] }).queues.find((q) => q.serviceId === 'juminhyo')!
        .waiting;
    expect(await numbersNow()).toBe(3);
    const next = (await seen('issueVisit', { services: ['juminhyo'] })).visit.number;
    expect([...before, ...after]).not.toContain(next);
    expect(Number(next.replace(/\D/g, ''))).toBe(Number(after.at(-1)!.replace(/\D/g, '')) + 1);

    // 2. The disk damaged the database: it cannot be read, so the numbering jumps ahead by the margin.
    await stop(child);
    const fd = openSync(join(dataDir, 'junban.db'), 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 0);
    closeSync(fd);
    const second = cli('restore', backup, '--margin', '100');
    expect(second).toMatch(/go on from/);
    child = await server.start(port);
    const jumped = (await createApiClient({ baseUrl: url, token: demo.kioskToken })('issueVisit', { services: ['juminhyo'] })).visit.number;
    expect(Number(jumped.replace(/\D/g, ''))).toBe(Number(before.at(-1)!.replace(/\D/g, '')) + 100 + 1);
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(true);
    await stop(child);
  });

  it('refuses a file that is not a junban database', () => {
    const bogus = join(mkdtempSync(join(tmpdir(), 'junban-bogus-')), 'notes.txt');
    const fd = openSync(bogus, 'w');
    writeSync(fd, 'not a database');
    closeSync(fd);
    expect(() => cli('restore', bogus)).toThrow(/not a junban database|damaged/);
  });
});
