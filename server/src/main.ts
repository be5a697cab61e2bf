/**
 * Starts the office server. With --demo it sets up the demo office on first start (procedures and counters of a
 * citizen window centre, one account per role, a kiosk and a display) and prints how to open every screen.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { createOfficeServer } from './app.js';
import { OFFICE_ROLES } from './access/directory/mapping.js';
import { directoryFromEnv } from './access/directory/settings.js';
import { lanAddress, readEnv } from './config/env.js';
import { demoFile, demoLeftoverMessage, demoOfficeConfig, prepareDemo, writeDemoHistoryDays } from './demo.js';
import { languagesTicketsCannotDraw } from './printing/font-check.js';
import { StorageStartError } from './storage/database.js';

// Everything the server writes (database, form key, demo.json, backups) holds personal data or secrets: only the
// server's user may read it.
process.umask(0o077);

/** A start that cannot go on: the message says what is wrong and what to do; a stack trace would only hide it. */
function refuseToStart(message: string): never {
  console.error(`\njunban cannot start: ${message}\n`);
  process.exit(1);
}

const env = readEnv();
const directory = readDirectory();
function readDirectory() {
  try {
    return directoryFromEnv(process.env, OFFICE_ROLES);
  } catch (err) {
    refuseToStart((err as Error).message);
  }
}
const log = pino({ level: env.LOG_LEVEL });
const demoMode = process.argv.includes('--demo');

if (!demoMode && existsSync(demoFile(env.JUNBAN_DATA_DIR))) refuseToStart(demoLeftoverMessage(env.JUNBAN_DATA_DIR));
const demoConfig = demoMode ? demoOfficeConfig(env.JUNBAN_DEMO_OFFICE_NAME) : undefined;
const demo = demoMode ? await prepareDemo(env.JUNBAN_DATA_DIR) : undefined;
const lan = lanAddress();
const server = startOffice();
function startOffice() {
  try {
    return createOfficeServer({
      dataDir: env.JUNBAN_DATA_DIR,
      publicUrl: env.JUNBAN_PUBLIC_URL ?? (lan ? `http://${lan}:${env.PORT}` : undefined),
      logger: log,
      secureCookies: env.JUNBAN_SECURE_COOKIES,
      hsts: env.JUNBAN_HSTS,
      ...(env.JUNBAN_FORM_KEY ? { formKey: env.JUNBAN_FORM_KEY } : {}),
      ...(directory ? { directory } : {}),
      ...(env.JUNBAN_METRICS_TOKEN ? { metricsToken: env.JUNBAN_METRICS_TOKEN } : {}),
      ...(env.JUNBAN_BACKUP_DIR ? { backups: { dir: env.JUNBAN_BACKUP_DIR, everyMin: env.JUNBAN_BACKUP_EVERY_MIN, keep: env.JUNBAN_BACKUP_KEEP } } : {}),
      ...(demoConfig ? { initialConfig: demoConfig } : {}),
      ...(demo ? { demo: demo.info } : {}),
    });
  } catch (err) {
    if (err instanceof StorageStartError) refuseToStart(err.message);
    throw err;
  }
}
if (demo) await demo.seed(server);

const port = await server.listen(env.PORT, env.HOST);
// `junban restore` refuses to replace the database under a running server: this file says one is.
const pidFile = join(env.JUNBAN_DATA_DIR, 'server.pid');
writeFileSync(pidFile, `${process.pid}\n`);
const url = `http://localhost:${port}`;
log.info({ port, dataDir: env.JUNBAN_DATA_DIR }, 'office server started');
for (const [language, missing] of Object.entries(languagesTicketsCannotDraw(server.office.config))) {
  log.warn(
    { language, missing: missing.join('') },
    `tickets in "${language}" cannot be drawn: no font the server ships has these characters, so they would print as empty boxes`,
  );
}
if (demo) {
  console.log(`\njunban demo office: ${url}\n`);
  console.log(`  kiosk    ${url}/kiosk/?token=${demo.info.kioskToken}`);
  console.log(`  display  ${url}/display/?token=${demo.info.displayToken}`);
  console.log(`  staff    ${url}/admin/  — accounts (username / password):`);
  for (const a of demo.info.accounts) console.log(`           ${a.role.padEnd(8)} ${a.username} / ${a.password}`);
  console.log('');
  const size = { days: env.JUNBAN_DEMO_HISTORY_DAYS, visitsPerDay: env.JUNBAN_DEMO_VISITS_PER_DAY, seed: env.JUNBAN_DEMO_SEED };
  void writeDemoHistoryDays(server, size, (message) => log.info(message)).catch((err: unknown) => log.error({ err }, 'demo history failed'));
}
// An installer (or the city demo) links a new office to its city at first start; a linked office ignores this.
if (env.JUNBAN_CITY_URL && env.JUNBAN_CITY_CODE) void server.cityLink.enrolAtStart(env.JUNBAN_CITY_URL, env.JUNBAN_CITY_CODE);

let closing = false;
function shutDown(reason: string): void {
  if (closing) return;
  closing = true;
  log.info({ reason }, 'shutting down');
  // Every change is committed as it happens, so exiting before close() ends loses nothing; lingering would
  // only make the service manager kill the office less politely.
  setTimeout(() => {
    log.error({ reason }, 'shutdown took over 10 s; exiting anyway');
    process.exit(1);
  }, 10_000).unref();
  void server.close().then(() => {
    rmSync(pidFile, { force: true });
    process.exit(0);
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutDown(signal));
// Started by a launcher with a channel to it (the city demo): when the launcher is gone, even killed outright, the
// office goes too, rather than holding its port against the next start.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => shutDown('the launcher is gone'));
}
