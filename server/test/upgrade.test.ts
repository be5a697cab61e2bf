/**
 * Upgrading keeps everything: the database of the previous release (made by `fixtures/make-release-db.mjs` at that
 * release and kept here) opens with this version, its migrations run in order, and the office carries on. Staff sign
 * in with their passwords, every visit and event is there, forms still open with the same key, and the day's
 * numbering goes on without giving a number twice.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '@junban/protocol';
import { openDatabase } from '../src/storage/database.js';
import { migrations } from '../src/storage/migrations.js';
import { startOffice, testClock, type TestOffice } from './support.js';

const RELEASE = join(import.meta.dirname, 'fixtures', 'office-2026-12-06');
const contents = JSON.parse(readFileSync(join(RELEASE, 'contents.json'), 'utf8')) as {
  migrations: string[];
  visits: number;
  events: number;
  staff: string[];
  password: string;
  numbers: string[];
};

describe("the previous release's database", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'junban-upgrade-'));
  let office: TestOffice;
  beforeAll(async () => {
    cpSync(RELEASE, dataDir, { recursive: true });
    // The same morning, an hour on: the upgrade was made during the day (the worst case for numbering).
    office = await startOffice({ dataDir, clock: testClock('2026-04-01', '11:00') });
  });
  afterAll(async () => {
    await office.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs this version's migrations in order on it, and keeps every visit and event", () => {
    const db = new Database(join(dataDir, 'junban.db'), { readonly: true });
    const applied = db.prepare('SELECT name FROM migrations ORDER BY name').pluck().all() as string[];
    expect(applied).toEqual(migrations.map((m) => m.name));
    expect(applied.slice(0, contents.migrations.length)).toEqual(contents.migrations);
    expect(db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(contents.visits);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBeGreaterThanOrEqual(contents.events);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it("lets the release's staff sign in with their passwords and see the day as it was", async () => {
    for (const username of contents.staff) {
      const res = await fetch(`${office.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: contents.password }),
      });
      expect(res.status, username).toBe(200);
    }
    const counter = await office.staff('counter');
    const view = await counter('staffView', {});
    const waiting = view.queues.reduce((n, q) => n + q.waiting, 0);
    // Seven issued: one finished, one cancelled.
    expect(waiting).toBe(5);
    // Counter 3 calls the guide's resident by number: their move-in form opens with the release's key.
    const { visit } = await counter('callNumber', { counterId: '3', number: contents.numbers.at(-1)! });
    const forms = await counter('visitForms', { visitId: visit.id });
    expect(forms[0]!.values.name).toBe('轟木 凜太郎');
  });

  it('goes on numbering the day from where the release left it', async () => {
    const kiosk = createApiClient({ baseUrl: office.url, token: office.kioskToken });
    const { visit } = await kiosk('issueVisit', { services: ['juminhyo'] });
    expect(contents.numbers).not.toContain(visit.number);
    const sameLetter = contents.numbers.filter((n) => n[0] === visit.number[0]).map((n) => Number(n.slice(1)));
    expect(Number(visit.number.slice(1))).toBe(Math.max(...sameLetter) + 1);
  });
});

describe('a database from a newer release', () => {
  it('is refused at start with what to do, and left as it was', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-newer-'));
    cpSync(RELEASE, dataDir, { recursive: true });
    const file = join(dataDir, 'junban.db');
    const db = new Database(file);
    db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run('999_from_the_future', Date.now());
    db.close();
    const before = readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/newer junban \(999_from_the_future\).*restore a backup/);
    expect(readFileSync(file).equals(before)).toBe(true);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
