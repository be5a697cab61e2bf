/**
 * Starts the city server: `node city/dist/main.js`. Options from the environment: CITY_PORT (3100), HOST,
 * DATABASE_URL (a PostgreSQL server; without it, embedded PGlite in JUNBAN_DATA_DIR/city-pglite), LOG_LEVEL,
 * JUNBAN_SECURE_COOKIES, JUNBAN_HSTS, CITY_TRUST_PROXY.
 */
import { pino } from 'pino';
import { createCityServer } from './app.js';
import { readEnv } from './config.js';
import { openDatabase } from './db/open.js';

const env = readEnv();
const log = pino({ level: env.logLevel });
const db = await openDatabase(env);
const city = await createCityServer({ db, logger: log, secureCookies: env.secureCookies, hsts: env.hsts, trustProxy: env.trustProxy, publicUrl: () => env.publicUrl });
const port = await city.listen(env.port, env.host);
log.info({ port, database: env.databaseUrl ? 'postgresql' : `pglite:${env.pgliteDir}` }, `city server on http://localhost:${port}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void city
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  });
}
