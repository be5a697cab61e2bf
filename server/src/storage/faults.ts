/**
 * What the office does when its database cannot do what is asked: another process holds the lock, the disk is full,
 * the file went read-only or the disk fails. A request answers at once with a clear 503 that says nothing changed
 * (every write is one transaction), and /health says not-ready until a write succeeds again, so a monitor notices.
 */
import Database from 'better-sqlite3';
import type { CallContext, Handlers } from '../web/calls.js';
import { api, JunbanError, type EndpointName } from '@junban/protocol';

/** SQLite's extended codes start with their primary one: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED … */
const primary = (code: string) => code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1');

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
const UNWRITABLE = new Set(['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB']);

export function isStorageError(err: unknown): err is Error & { code: string } {
  return err instanceof Database.SqliteError && (BUSY.has(primary(err.code)) || UNWRITABLE.has(primary(err.code)));
}

/** The API's error for a storage fault; undefined for any other error. */
export function storageError(err: unknown): JunbanError | undefined {
  if (!isStorageError(err)) return undefined;
  if (BUSY.has(primary(err.code))) {
    return new JunbanError('storage/busy', 'The database is locked by another program (a backup or a tool?); nothing was changed. Try again in a moment.');
  }
  return new JunbanError(
    'storage/unwritable',
    `The server cannot write to its database (${describe(err.code)}); nothing was changed. Tell the office's administrator.`,
  );
}

function describe(code: string): string {
  switch (primary(code)) {
    case 'SQLITE_FULL':
      return 'the disk is full';
    case 'SQLITE_READONLY':
      return 'the file is read-only';
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'the file is damaged';
    default:
      return `disk error ${code}`;
  }
}

/**
 * Whether the database could write the last time it tried. A failed write that no lock explains (full, read-only,
 * I/O error) makes the office not-ready until a later write succeeds. An idle office (no change since the last
 * look, as at night or before opening) is probed with a one-row write, so a monitor learns of a disk gone
 * read-only before the first resident of the morning does.
 */
export class StorageHealth {
  private failure: { code: string; at: number } | undefined;
  private wroteSinceCheck = false;

  constructor(private readonly db: Database.Database) {}

  failed(err: unknown): void {
    if (isStorageError(err) && !BUSY.has(primary(err.code))) this.failure = { code: err.code, at: Date.now() };
  }

  wrote(): void {
    this.failure = undefined;
    this.wroteSinceCheck = true;
  }

  /** Throws the error /health answers with while the last write failed. */
  check(): void {
    if (!this.wroteSinceCheck) this.probe();
    this.wroteSinceCheck = false;
    if (!this.failure) return;
    throw new JunbanError(
      'storage/unwritable',
      `The database's last write failed (${describe(this.failure.code)}, ${new Date(this.failure.at).toISOString()}): the office cannot record tickets or calls.`,
    );
  }

  /**
   * One small write. It does not wait for a lock (a backup holding it says nothing of the disk, and /health must
   * answer at once), so it never holds the event loop.
   */
  private probe(): void {
    const wait = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(Date.now());
      this.failure = undefined;
    } catch (err) {
      if (!isStorageError(err)) throw err;
      this.failed(err);
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }
}

/**
 * The handlers, each answering a storage fault with its clear error; a change that commits tells `health` the
 * database writes again. /health itself answers not-ready while the last write failed.
 */
export function watchingStorage(handlers: Handlers, health: StorageHealth): Handlers {
  const wrapped = { ...handlers } as Record<EndpointName, (input: never, ctx: CallContext) => unknown>;
  for (const name of Object.keys(api) as EndpointName[]) {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    const changes = api[name].method !== 'GET';
    const failed = (err: unknown): never => {
      health.failed(err);
      throw storageError(err) ?? err;
    };
    const succeeded = <T>(output: T): T => {
      if (changes) health.wrote();
      return output;
    };
    // A synchronous handler stays synchronous: its callers (the socket hub, the print agent's link) rely on the
    // change being committed and announced before they go on.
    wrapped[name] = (input: never, ctx: CallContext) => {
      if (name === 'health') health.check();
      let output: unknown;
      try {
        output = handler(input, ctx);
      } catch (err) {
        return failed(err);
      }
      return output instanceof Promise ? output.then(succeeded, failed) : succeeded(output);
    };
  }
  return wrapped as unknown as Handlers;
}
