/**
 * Scheduled online backups, and restoring one. A backup is SQLite's own online copy (consistent as of the moment it
 * starts, taken while the office keeps issuing), written under a temporary name and renamed once complete, so the
 * backup folder never holds half a file under a real name. The newest `keep` are kept.
 *
 * Restoring puts a backup in place of the office's database with the server stopped. What happened between the
 * backup and the restore is lost from the office, but no number given out in that time may be given again: the
 * restored day's numbering goes on from the highest number either file knows, or, when the replaced database cannot
 * be read, jumps ahead by a margin.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { backupDatabase, type Db } from './database.js';
import { migrations } from './migrations.js';
import type { OfficeConfig } from '@junban/protocol';
import { businessDateOf } from '../queue/business-day.js';

export interface BackupSchedule {
  /** The folder the backups go to: another disk, or a mounted network share. */
  dir: string;
  /** Minutes between backups. */
  everyMin: number;
  /** How many of the newest backups to keep. */
  keep: number;
}

const NAME = /^junban-(\d{8}T\d{6}Z)\.db$/;
const stamp = (at: number) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
const instantOfStamp = (s: string) => Date.parse(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);

/** The backups in a folder, oldest first, with when each was taken. */
export function listBackups(dir: string): { file: string; at: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const m = NAME.exec(name);
      return m ? [{ file: join(dir, name), at: instantOfStamp(m[1]!) }] : [];
    })
    .sort((a, b) => a.at - b.at);
}

export class Backups {
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly schedule: BackupSchedule,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /** Take a backup if the last one is `everyMin` old (or there is none); called on the office's tick. */
  async ifDue(): Promise<string | undefined> {
    if (this.running) return undefined;
    const last = listBackups(this.schedule.dir).at(-1);
    if (last && this.now() - last.at < this.schedule.everyMin * 60_000) return undefined;
    this.running = true;
    try {
      return await this.take();
    } finally {
      this.running = false;
    }
  }

  private async take(): Promise<string> {
    const at = this.now();
    const file = join(this.schedule.dir, `junban-${stamp(at)}.db`);
    const partial = `${file}.partial`;
    mkdirSync(this.schedule.dir, { recursive: true, mode: 0o700 });
    const started = performance.now();
    try {
      await backupDatabase(this.db, partial);
      renameSync(partial, file);
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    const old = listBackups(this.schedule.dir).slice(0, -this.schedule.keep);
    for (const { file: gone } of old) rmSync(gone, { force: true });
    this.log.info({ file, ms: Math.round(performance.now() - started), removed: old.length }, 'backup taken');
    return file;
  }
}

export interface RestoreReport {
  replacedBy: string;
  /** Where the database that was replaced now is (kept, never deleted), or null if there was none. */
  keptAs: string | null;
  /** The numbering of the restored file's newest day, moved on so no number is given twice. */
  numbering: { businessDate: string; prefix: string; from: number; to: number }[];
}

/**
 * Put `backup` in place of `<dataDir>/junban.db`, with the server stopped. Refuses a file that is not a sound junban
 * database, or that comes from a newer junban than this one (its migrations unknown here).
 */
export function restoreBackup(dataDir: string, backup: string, options: { margin: number; now: number }): RestoreReport {
  const target = join(dataDir, 'junban.db');
  const known = new Set(migrations.map((m) => m.name));
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  let restoredSeqs: Sequence[];
  try {
    const check = source.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`${backup} is damaged (${String(check)}): pick an older backup.`);
    const applied = source.prepare('SELECT name FROM migrations').pluck().all() as string[];
    const newer = applied.filter((name) => !known.has(name));
    if (newer.length) throw new Error(`${backup} comes from a newer junban (${newer.join(', ')}): restore it with that version.`);
    restoredSeqs = sequencesOf(source);
  } catch (err) {
    source.close();
    if (err instanceof Database.SqliteError) throw new Error(`${backup} is not a junban database (${err.message}).`, { cause: err });
    throw err;
  }
  source.close();

  // The numbers the replaced database gave out since the backup, when it can still be read.
  let replacedSeqs: Sequence[] | null = null;
  if (existsSync(target)) {
    try {
      const replaced = new Database(target, { readonly: true, fileMustExist: true });
      try {
        replacedSeqs = sequencesOf(replaced);
      } finally {
        replaced.close();
      }
    } catch {
      replacedSeqs = null;
    }
  }

  const keptAs = existsSync(target) ? `${target}.replaced-${stamp(options.now)}` : null;
  if (keptAs) for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, keptAs + suffix);
  copyFileSync(backup, target);

  // The numbering of the backup's newest day and of today goes on past every number that may be in a resident's hand:
  // up to what the replaced file reached, or, when it cannot be read, by the margin.
  const newestDay =
    restoredSeqs
      .map((q) => q.business_date)
      .sort()
      .at(-1) ?? '';
  const restored = new Database(target);
  const numbering: RestoreReport['numbering'] = [];
  try {
    const config = restored.prepare('SELECT data FROM office_config WHERE id = 1').pluck().get() as string | undefined;
    const today = config ? businessDateOf(options.now, (JSON.parse(config) as OfficeConfig).settings) : newestDay;
    const prefixes = [...new Set(restoredSeqs.map((q) => q.prefix))];
    const wanted = new Map<string, Sequence>();
    if (replacedSeqs) {
      for (const r of replacedSeqs) if (r.business_date >= newestDay) wanted.set(`${r.business_date}|${r.prefix}`, r);
    } else {
      for (const q of restoredSeqs) if (q.business_date === newestDay) wanted.set(`${q.business_date}|${q.prefix}`, { ...q, last: q.last + options.margin });
      if (today > newestDay) for (const prefix of prefixes) wanted.set(`${today}|${prefix}`, { business_date: today, prefix, last: options.margin });
    }
    restored.transaction(() => {
      for (const w of wanted.values()) {
        const from = restoredSeqs.find((q) => q.business_date === w.business_date && q.prefix === w.prefix)?.last ?? 0;
        if (w.last <= from) continue;
        restored
          .prepare(
            'INSERT INTO number_sequences (business_date, prefix, last) VALUES (?, ?, ?) ON CONFLICT (business_date, prefix) DO UPDATE SET last = excluded.last',
          )
          .run(w.business_date, w.prefix, w.last);
        numbering.push({ businessDate: w.business_date, prefix: w.prefix, from, to: w.last });
      }
    })();
  } finally {
    restored.close();
  }
  return { replacedBy: backup, keptAs, numbering };
}

interface Sequence {
  business_date: string;
  prefix: string;
  last: number;
}

const sequencesOf = (db: Database.Database) => db.prepare('SELECT business_date, prefix, last FROM number_sequences').all() as Sequence[];
