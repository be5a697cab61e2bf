/**
 * Starts the city server: `node city/dist/main.js`. Options from the environment: CITY_PORT (3100), HOST,
 * DATABASE_URL (a PostgreSQL server; without it, embedded PGlite in JUNBAN_DATA_DIR/city-pglite), LOG_LEVEL,
 * JUNBAN_SECURE_COOKIES, JUNBAN_HSTS, CITY_TRUST_PROXY; for notices to residents JUNBAN_CITY_KEY_FILE (the key that
 * seals their contact details; JUNBAN_DATA_DIR/city.key, made if missing), JUNBAN_NOTICE_WEBHOOK_URL and _SECRET,
 * JUNBAN_SMTP_URL and JUNBAN_NOTICE_FROM, JUNBAN_VAPID_SUBJECT (Web Push), JUNBAN_LINE_CHANNEL_TOKEN, _SECRET and JUNBAN_LINE_ACCOUNT_ID (LINE); CITY_ROLE
 * (all, public or staff: see docs/city.md), CITY_JOINS_PER_ADDRESS, CITY_BOOKINGS_PER_ADDRESS, CITY_PICKUPS_PER_ADDRESS and CITY_NOTICES_PER_CONTACT,
 * CITY_HOME_FORM_DAYS and CITY_HOME_FORMS_PER_ADDRESS; CITY_METRICS_TOKEN (the bearer token for /metrics); CITY_LDAP_*,
 * CITY_OIDC_* and CITY_DIRECTORY_GROUPS (staff sign-in with the city's directory: docs/operations.md).
 */
import { pino } from 'pino';
import { createCityServer } from './app.js';
import { readEnv } from './config.js';
import { openDatabase } from './db/open.js';
import { createLineChannel, readLineEnv } from './notices/channels/line.js';
import { createWebPushChannel, readWebPushEnv } from './notices/channels/webpush.js';
import { loadCityKey } from './notices/seal.js';

const env = readEnv();
const log = pino({ level: env.logLevel });
const key = loadCityKey(env.keyFile);
const line = readLineEnv();
const db = await openDatabase(env);
const city = await createCityServer({
  db,
  logger: log,
  secureCookies: env.secureCookies,
  hsts: env.hsts,
  trustProxy: env.trustProxy,
  publicUrl: () => env.publicUrl,
  role: env.role,
  phoneLimits: {
    joinsPerAddress: env.joinsPerAddress,
    noticesPerContact: env.noticesPerContact,
    bookingsPerAddress: env.bookingsPerAddress,
    pickupsPerAddress: env.pickupsPerAddress,
  },
  homeForms: env.homeForms,
  metricsToken: env.metricsToken,
  directory: env.directory,
  notices: {
    key,
    webhook: env.noticeWebhook,
    email: env.noticeEmail,
    // Web Push needs nothing from outside (its key pair is the city's, in PostgreSQL); LINE needs the channel's token.
    channels: [createWebPushChannel({ db, subject: readWebPushEnv().subject }), ...(line ? [createLineChannel(line)] : [])],
    line,
  },
});
const port = await city.listen(env.port, env.host);
log.info({ port, role: env.role, database: env.databaseUrl ? 'postgresql' : `pglite:${env.pgliteDir}` }, `city server on http://localhost:${port}`);

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
