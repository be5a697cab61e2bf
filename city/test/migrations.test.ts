/** The schema: ordered migrations, applied once, also when two city processes start at the same moment. */
import { describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../src/db/engine.js';
import { migrate, migrations } from '../src/db/migrations.js';
import { freshPostgresDatabase } from './support.js';

const url = process.env.CITY_TEST_DATABASE_URL;

describe('migrations', () => {
  it('on PGlite: applied in order, once, and a second start changes nothing', async () => {
    const db = await openPglite(undefined);
    await migrate(db);
    await migrate(db);
    const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    await db.close();
  });

  it.skipIf(!url)('on PostgreSQL: three processes starting at once on an empty database end with one schema', async () => {
    const fresh = await freshPostgresDatabase(url!);
    const processes = [openPostgres(fresh.url), openPostgres(fresh.url), openPostgres(fresh.url)];
    try {
      await Promise.all(processes.map((db) => migrate(db)));
      const applied = await processes[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    } finally {
      await Promise.all(processes.map((db) => db.close()));
      await fresh.drop();
    }
  });
});
