/**
 * Realistic office days for benchmarks outside the office (the city's): the demo office's calendar, and days of its
 * generated history (demo-history.ts, the same simulation the demo and the insights bench use) read back as the
 * event log holds them.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OfficeConfig, type LogEvent } from '@junban/protocol';
import { addDays, calendarDay } from '../calendar/calendar.js';
import { databaseFile, repoRoot } from '../config/env.js';
import { EventLog } from '../event-log/event-log.js';
import { writeDemoHistory } from '../insights/demo-history.js';
import { openDatabase } from '../storage/database.js';

/** The demo office's setup (server/demo/office.json). */
export function demoConfig(): OfficeConfig {
  return OfficeConfig.parse(JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8')));
}

/** The demo office's business days from `from` to `to`, both included: weekdays, no public holidays, no New Year. */
export function demoOpenDates(from: string, to: string): string[] {
  const settings = demoConfig().settings;
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (calendarDay(d, settings).open) dates.push(d);
  return dates;
}

/**
 * The events of the demo office's generated history on `dates` (business days), at `visitsPerDay` on an ordinary
 * day, one list per date in log order. Written into a temporary SQLite file, read back, and removed.
 */
export function demoHistoryDays(dates: readonly string[], visitsPerDay: number, seed = 0.4242): { date: string; events: LogEvent[] }[] {
  const dir = mkdtempSync(join(tmpdir(), 'junban-history-days-'));
  try {
    const db = openDatabase(join(dir, 'junban.db'));
    try {
      const config = demoConfig();
      for (const [i, date] of dates.entries()) writeDemoHistory(db, config, { from: date, to: date, visitsPerDay, seed: (seed + i * 0.618034) % 1 });
      const log = new EventLog(db);
      return dates.map((date) => ({ date, events: [...log.iterate({ from: date, to: date })] }));
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The last seq in the event log of a running office with data folder `dataDir`, read beside it (read-only, WAL). The
 * demo writes its history straight into the log, which the office's own counters do not see until it restarts.
 */
export function officeLastSeq(dataDir: string): number {
  return officeLog(dataDir).lastSeq;
}

/** The last seq and the last business date in a running office's event log (see officeLastSeq). */
export function officeLog(dataDir: string): { lastSeq: number; lastDate: string | null } {
  const db = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT coalesce(max(seq), 0) AS lastSeq, max(business_date) AS lastDate FROM events').get() as {
      lastSeq: number;
      lastDate: string | null;
    };
    return row;
  } finally {
    db.close();
  }
}
