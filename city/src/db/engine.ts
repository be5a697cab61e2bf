/**
 * The city's one door to PostgreSQL: `query` and `transaction`, over node-postgres (a real server, shared by every
 * city process) or PGlite (Postgres compiled to WebAssembly, embedded, for the demo and the tests). The same SQL and
 * the same migrations run on both.
 *
 * Conventions the callers keep, so both engines answer alike: numbers that may exceed 2^31 (instants, sequences)
 * are `bigint` columns read through `Number()`; JSON goes in as text cast to `jsonb` (`$1::jsonb`) and comes out parsed.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const INT8 = 20;

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly engine: 'postgres' | 'pglite';
  /** The node-postgres pool, when on a real server (socket.io's PostgreSQL adapter shares it). */
  readonly pool?: pg.Pool;
}

/** A real PostgreSQL server, e.g. `postgres://junban@db.city.lg.jp/junban_city`. */
export function openPostgres(url: string): Db {
  // bigint columns come back as numbers, as PGlite gives them (every instant and seq fits in 2^53).
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client losing its connection (the server restarted) must not end the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    engine: 'postgres',
    pool,
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query(sql, params as unknown[])).rows as R[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Embedded PGlite in `dir` (created if missing), or in memory when `dir` is undefined. */
export async function openPglite(dir: string | undefined): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create(dir ? { dataDir: dir } : {});
  return {
    engine: 'pglite',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<R>(sql, params as unknown[])).rows;
    },
    // PGlite runs one transaction at a time: the others wait for it, as they would for a row lock on a server.
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      db.transaction((tx) => fn({ query: async <R>(sql: string, params: readonly unknown[] = []) => (await tx.query<R>(sql, params as unknown[])).rows })),
    close: () => db.close(),
  };
}
