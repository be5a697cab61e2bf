import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calendarDays } from '../calendar/calendar.js';
import { repoRoot } from '../config/env.js';
import { EventLog } from '../event-log/event-log.js';
import { OfficeConfig } from '@junban/protocol';
import { openDatabase, type Db } from '../storage/database.js';
import { writeDemoHistory } from './demo-history.js';

const demo = OfficeConfig.parse(JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8')));

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = dir = undefined;
});

function historyDates(config: OfficeConfig, from: string, to: string): string[] {
  dir = mkdtempSync(join(tmpdir(), 'junban-demo-history-'));
  db = openDatabase(join(dir, 'junban.db'));
  writeDemoHistory(db, config, { from, to, visitsPerDay: 40, seed: 0.5 });
  const events = new EventLog(db);
  return events.datesBetween(0, events.lastSeq()).sort();
}

describe('the demo history', () => {
  it("the demo office keeps a real city office's calendar: weekdays, closed on holidays and over the New Year", () => {
    const around = calendarDays('2026-12-26', '2027-01-06', demo.settings);
    expect(around.filter((d) => d.open).map((d) => d.date)).toEqual(['2026-12-28', '2027-01-04', '2027-01-05', '2027-01-06']);
    expect(around.find((d) => d.date === '2026-12-29')!.closedBecause).toEqual({ kind: 'closure', reason: '年末年始休業 (New Year holidays)' });
    expect(calendarDays('2026-11-23', '2026-11-23', demo.settings)[0]).toMatchObject({ open: false, closedBecause: { kind: 'holiday' } });
    expect(demo.settings.openForTrying).toBe(false);
  });

  it("is written on the office's open days only: none on weekends, holidays, the New Year break or its own closures", () => {
    const config = OfficeConfig.parse({ ...demo, settings: { ...demo.settings, closures: [{ date: '2025-01-08', reason: 'システム更新' }] } });
    const written = historyDates(config, '2024-12-25', '2025-01-15');
    // 2025-01-13 is 成人の日 (Coming of Age Day).
    expect(written).toEqual(['2024-12-25', '2024-12-26', '2024-12-27', '2025-01-06', '2025-01-07', '2025-01-09', '2025-01-10', '2025-01-14', '2025-01-15']);
  });

  it('follows the calendar, not whether the office is open for trying', () => {
    const config = OfficeConfig.parse({ ...demo, settings: { ...demo.settings, openForTrying: true } });
    expect(historyDates(config, '2025-01-03', '2025-01-06')).toEqual(['2025-01-06']);
  });
});
