/**
 * A resident's pre-filled form lives only as long as the office's day: it is never in the database file in plain
 * text, and after the day closes its encrypted row is gone from the file too. Once the resident is served, the
 * office's closing time is moved to the next minute, so the real server closes a real day during the test.
 */
import Database from 'better-sqlite3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

const NAME = '消去 確認子';

const tokyoClock = (at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/** The form's encrypted bytes as stored, read beside the running server (WAL lets a reader in). */
function storedForm(dataDir: string, visitId: string): Buffer {
  const db = new Database(join(dataDir, 'junban.db'), { readonly: true });
  try {
    return (db.prepare('SELECT ciphertext FROM visit_forms WHERE visit_id = ?').pluck().get(visitId) as Buffer).subarray(0, 32);
  } finally {
    db.close();
  }
}

/** Every byte SQLite keeps for the office: the database and its write-ahead log. */
async function databaseBytes(dataDir: string): Promise<Buffer> {
  const parts = await Promise.all(['junban.db', 'junban.db-wal'].map((f) => readFile(join(dataDir, f)).catch(() => Buffer.alloc(0))));
  return Buffer.concat(parts);
}

test('after the day closes the form is gone from the database file', async ({ ownServer }) => {
  test.setTimeout(7 * 60_000);
  // The day must not end (Tokyo's midnight) within the test: in its last ten minutes, wait for the new day first.
  while (tokyoClock(Date.now() + 10 * 60_000) < tokyoClock(Date.now())) await new Promise((r) => setTimeout(r, 5_000));

  const office = await demoOffice(ownServer);
  const admin = await office.as('admin');
  const settings = (await admin<{ settings: Record<string, unknown> }>('GET', '/config')).settings;
  // Open today whatever day it is (a weekend or a holiday would refuse the guide's number).
  const openToday = { closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false };
  const openUntil = (close: string) => admin('PUT', '/config/settings', { ...settings, ...openToday, hours: { open: '00:00', close } });
  await openUntil(tokyoClock(Date.now() + 9 * 60_000));

  const guide = await office.as('guide');
  const { visit } = await guide<{ visit: { id: string; number: string } }>('POST', '/visits/guided', {
    procedures: [
      {
        serviceId: 'tennyu',
        values: {
          name: NAME,
          furigana: 'ショウキョ カクニンコ',
          birthdate: { era: 'heisei', year: 2, month: 5, day: 6 },
          phone: '0466-00-1234',
          'move-date': { era: null, year: 2026, month: 4, day: 1 },
          postal: '251-0052',
          address: 'ひかり市中央1-2-3',
          'previous-address': '東京都千代田区丸の内1-1',
          householder: NAME,
          relationship: '本人',
        },
        documents: ['moving-out-certificate', 'identity-document'],
      },
    ],
    acknowledgeWarnings: true,
  });

  // Encrypted from the start: the name is nowhere in the file, yet the counter reads it.
  const counter = await office.as('counter');
  const forms = await counter<{ values: { name: string } }[]>('GET', `/visits/${visit.id}/forms`);
  expect(forms[0]!.values.name).toBe(NAME);
  expect((await databaseBytes(ownServer.dataDir)).includes(Buffer.from(NAME))).toBe(false);
  const stored = storedForm(ownServer.dataDir, visit.id);
  expect((await databaseBytes(ownServer.dataDir)).includes(stored)).toBe(true);

  // The resident is served; the day closes at the office's next tick after closing time (those still waiting would
  // keep it open until served), and the form goes with it.
  const { visit: called } = await counter<{ visit: { id: string; steps: { id: string; state: string }[] } }>('POST', '/counters/3/call-next');
  expect(called.id).toBe(visit.id);
  const stepId = called.steps.find((s) => s.state === 'called')!.id;
  await counter('POST', '/counters/3/start', { stepId });
  await counter('POST', '/counters/3/finish', { stepId });
  await openUntil(tokyoClock(Date.now() + 60_000));
  await expect
    .poll(
      async () =>
        counter('GET', `/visits/${visit.id}/forms`).then(
          (f: unknown[]) => f.length,
          () => 0,
        ),
      { timeout: 4 * 60_000, intervals: [2_000] },
    )
    .toBe(0);
  const audit = await counter<{ action: string }[]>('GET', `/visits/${visit.id}/forms/audit`);
  expect(audit.map((a) => a.action)).toContain('purged');
  expect(JSON.stringify(audit)).not.toContain(NAME);
  // secure_delete overwrote the freed pages: not even the ciphertext is left in the file.
  expect((await databaseBytes(ownServer.dataDir)).includes(stored)).toBe(false);
});
