import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/**
 * How long a statement waits for another connection's lock before it gives up with SQLITE_BUSY. The server runs
 * every statement on its one thread: a long wait would freeze every screen, so a command waits briefly and then
 * answers 503 storage/busy (see faults.ts). Opening waits longer: a backup may be finishing.
 */
const BUSY_TIMEOUT_MS = 200;
const OPEN_BUSY_TIMEOUT_MS = 2000;

/** Why the database could not be opened, worded for whoever starts the server: which file, and what to do. */
export class StorageStartError extends Error {
  override name = 'StorageStartError';
}

/**
 * Open the office database. WAL lets readers (a backup, a report) run beside the writer; synchronous=FULL makes
 * every commit durable before it returns, and must be set on each open because better-sqlite3 reopens WAL
 * databases with NORMAL. The file is checked (quick_check) before the office trusts it; pending migrations run in
 * order, each in its own transaction. The data folder and the files hold personal data: only the server's user
 * may read them.
 */
export function openDatabase(file: string): Db {
  let db: Db | undefined;
  try {
    privateFolder(dirname(file));
    privateFile(file);
    db = new Database(file);
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) ownOnly(f, 0o600);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros rather than left in free pages: a purged form (personal data) must not
    // be recoverable from the file. Costs a little write volume on deletes, which this database rarely does.
    db.pragma('secure_delete = ON');
    const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    if (problems.length !== 1 || problems[0]!.quick_check !== 'ok') {
      throw new StorageStartError(
        damaged(
          file,
          problems
            .slice(0, 3)
            .map((p) => p.quick_check)
            .join('; '),
        ),
      );
    }
    migrate(db);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    return db;
  } catch (err) {
    db?.close();
    throw startFailure(file, err);
  }
}

const damaged = (file: string, detail: string) =>
  `The database ${file} is damaged (${detail}). Stop here: restore the latest backup (made with \`npm run backup\`) in its place, ` +
  'or move the damaged file away to start an empty office. Keep the damaged file for a specialist.';

/** An error opening the database, as a message that names the file and what to do. */
function startFailure(file: string, err: unknown): Error {
  if (err instanceof StorageStartError) return err;
  const code = (err as { code?: string }).code ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return new StorageStartError(damaged(file, detail));
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new StorageStartError(
      `The database ${file} is locked by another program (another junban server, a backup or a database tool). Stop that program, then start again.`,
    );
  }
  if (/^SQLITE_FULL/.test(code) || code === 'ENOSPC') return new StorageStartError(`The disk holding ${file} is full. Free some space, then start again.`);
  return new StorageStartError(
    `The database ${file} cannot be opened (${code ? `${code}: ` : ''}${detail}). Check that the folder exists and that the server's user may read and write it and the file.`,
  );
}

/**
 * The data folder, made if missing, for the server's user only. A folder that exists is left as it is: it may be
 * one the administrator chose to share (never chmod someone's /srv).
 */
function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The database file made 0600 before SQLite opens it: SQLite gives its -wal and -shm files the same mode. */
function privateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  ownOnly(file, 0o600);
}

/** Tighten a file made before (an older version made them world-readable); one the server's user does not own stays as it is. */
function ownOnly(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

/**
 * A second connection to the same database, for records a crash of the server process must not lose but a power cut
 * may (print jobs): with synchronous=NORMAL its commits reach the WAL file without waiting for the disk, so a ticket
 * does not cost the office two more fsyncs. Open it after `openDatabase`, which has run the migrations.
 */
export function openRecordsConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT name FROM migrations').pluck().all() as string[]);
  // A database a newer junban has migrated holds tables this code does not know how to keep: going back is a restore.
  const unknown = [...applied].filter((name) => !migrations.some((m) => m.name === name));
  if (unknown.length) {
    throw new StorageStartError(
      `The database ${db.name} was migrated by a newer junban (${unknown.join(', ')}). Start that version, or restore a backup made before the upgrade (docs/operations.md).`,
    );
  }
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (name, applied_at) VALUES (?, ?)').run(m.name, Date.now());
    })();
  }
}

/** An online copy of the database: consistent as of the moment it starts, taken while the office keeps working. */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  mkdirSync(dirname(destination), { recursive: true });
  await db.backup(destination);
}
