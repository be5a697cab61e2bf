import type { CityEnv } from '../config.js';
import { openPglite, openPostgres, type Db } from './engine.js';

/** PostgreSQL when `DATABASE_URL` is set, else embedded PGlite in the data folder. */
export function openDatabase(env: Pick<CityEnv, 'databaseUrl' | 'pgliteDir'>): Promise<Db> {
  return env.databaseUrl ? Promise.resolve(openPostgres(env.databaseUrl)) : openPglite(env.pgliteDir);
}
