/**
 * `npm run city`: the city server and three demo offices on this machine, linked (see launcher.ts). Options from the
 * environment: CITY_PORT (3100), PORT (the first office, 3000; the others take 3001 and 3002), JUNBAN_DATA_DIR
 * (./data: the city in `city/`, each office in `offices/<id>/`), HOST, DATABASE_URL (a PostgreSQL server for the city
 * instead of PGlite), LOG_LEVEL (warn), JUNBAN_DEMO_HISTORY_DAYS (caps each office's generated history).
 */
import { resolve } from 'node:path';
import { pino } from 'pino';
import type { CityOffice } from '@junban/protocol';
import { readEnv } from '../config.js';
import { startCityDemo, type CityDemo } from './launcher.js';

// The data folder holds the demo's passwords and tokens: only this user may read it.
process.umask(0o077);

/** How long the summary waits for every office to link before printing what it has. */
const LINK_WAIT_MS = 90_000;

function port(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65533) throw new Error(`${name} must be a port number, not "${process.env[name]}".`);
  return value;
}

function summary(demo: CityDemo, dataDir: string, list: CityOffice[]): string {
  const city = `http://localhost:${demo.cityPort}`;
  const lines = [
    '',
    `junban city demo — data in ${dataDir}`,
    '',
    `  city     ${city}/   (live floor ${city}/floor, offices ${city}/offices)`,
    `  phones   ${city}/kiosk/join   (take a number from a phone)`,
    `  phones   ${city}/kiosk/forms  (fill in a form at home, check in with its code at the kiosk)`,
  ];
  for (const a of demo.accounts) lines.push(`           ${a.role.padEnd(13)} ${a.username} / ${a.password}`);
  for (const o of demo.offices) {
    const url = `http://localhost:${o.port}`;
    const state = list.find((c) => c.id === o.plan.id)?.link ?? 'never';
    lines.push('', `  ${o.plan.name.ja} / ${o.plan.name.en}   ${url}/   (link to the city: ${state}; pid ${o.child.pid})`);
    const info = o.demo();
    if (!info) {
      lines.push('           (not started: see its lines above)');
      continue;
    }
    lines.push(`           kiosk    ${url}/kiosk/?token=${info.kioskToken}`);
    lines.push(`           display  ${url}/display/?token=${info.displayToken}`);
    lines.push(`           staff    ${url}/admin/   ${info.accounts.map((a) => `${a.username} / ${a.password}`).join(', ')}`);
  }
  lines.push('', 'Ctrl-C stops the city and the offices; the next `npm run city` resumes them.', '');
  return lines.join('\n');
}

const env = readEnv();
const dataDir = resolve(process.env.JUNBAN_DATA_DIR ?? './data');
const logLevel = process.env.LOG_LEVEL ?? 'warn';
const cap = process.env.JUNBAN_DEMO_HISTORY_DAYS;

// A stop asked for while starting waits until the offices are started, then stops them all.
let stopAsked = false;
let stop = () => void (stopAsked = true);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop());

const demo = await startCityDemo({
  dataDir,
  cityPort: env.port,
  officePort: port('PORT', 3000),
  host: env.host,
  databaseUrl: env.databaseUrl,
  historyDaysCap: cap === undefined ? undefined : Math.max(0, Number(cap) || 0),
  officeLogLevel: logLevel,
  log: pino({ level: logLevel }),
  print: (line) => console.log(line),
});
let stopping = false;
stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping the offices and the city…');
  demo.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
if (stopAsked) stop();
else {
  const list = await demo.linked(LINK_WAIT_MS);
  if (!stopping) console.log(summary(demo, dataDir, list));
}
