import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/**
 * Open the office database. WAL lets readers (a backup, a report) run beside the writer; synchronous=FULL makes
 * every commit durable before it returns, and must be set on each open because better-sqlite3 reopens WAL
 * databases with NORMAL. Pending migrations run in order, each in its own transaction.
 */
export function openDatabase(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros rather than left in free pages: a purged form (personal data) must not
  // be recoverable from the file. Costs a little write volume on deletes, which this database rarely does.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

/**
 * A second connection to the same database, for records a crash of the server process must not lose but a power cut
 * may (print jobs): with synchronous=NORMAL its commits reach the WAL file without waiting for the disk, so a ticket
 * does not cost the office two more fsyncs. Open it after `openDatabase`, which has run the migrations.
 */
export function openRecordsConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(db.prepare('SELECT name FROM migrations').pluck().all() as string[]);
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
