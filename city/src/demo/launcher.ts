/**
 * The city demo on one machine: the city server (in this process, on PGlite in `<data>/city`) and three demo
 * offices, each `server/dist/main.js --demo` in a child process of its own with its own data folder
 * (`<data>/offices/<id>`), so one office's crash never takes the others down.
 *
 * On first start it makes the city's demo accounts (kept in `<data>/city-demo.json`, like an office demo's
 * demo.json) and, for each office, an enrolment code that the office uses at its first start (JUNBAN_CITY_URL and
 * JUNBAN_CITY_CODE, the way an installer links an office). On later starts everything is reused: the offices are
 * linked already and their links resume.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CatalogueEntry, RemoteRule, type CityOffice, type CityRole } from '@junban/protocol';
import type { Logger } from 'pino';
import { createCityServer, type CityServer } from '../app.js';
import { CatalogueStore, EMPTY_CATALOGUE } from '../catalogue/catalogue.js';
import { loadCityKey } from '../notices/seal.js';
import { openPglite, openPostgres, type Db } from '../db/engine.js';
import { DEMO_OFFICES, type DemoOfficePlan } from './plan.js';

/** The built office server, and the Node flags its `serve` script runs it with. */
const serverDir = fileURLToPath(new URL('../../../server', import.meta.url));
const officeMain = join(serverDir, 'dist', 'main.js');

function serveNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { scripts: { serve: string } };
  return pkg.scripts.serve.split(/\s+/).filter((w) => w.startsWith('--') && w !== '--demo');
}

export interface CityDemoOptions {
  dataDir: string;
  cityPort: number;
  /** The first office's port; the others take the next ones. */
  officePort: number;
  host: string;
  /** A PostgreSQL server for the city instead of PGlite in `<dataDir>/city`. */
  databaseUrl?: string | undefined;
  /** The most history days any office writes (JUNBAN_DEMO_HISTORY_DAYS); each office's own by default. */
  historyDaysCap?: number | undefined;
  /** The offices' log level (their JSON log lines are passed through, each with the office's id). */
  officeLogLevel: string;
  log: Logger;
  /** Where the offices' log lines and the launcher's notes go. */
  print: (line: string) => void;
}

export interface DemoAccount {
  role: CityRole;
  username: string;
  password: string;
}

/** An office's demo links and accounts, from the demo.json the office wrote in its data folder. */
interface OfficeDemoFile {
  kioskToken: string;
  displayToken: string;
  accounts: { role: string; username: string; password: string }[];
}

export interface RunningDemoOffice {
  plan: DemoOfficePlan;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Its demo.json, once the office has written it. */
  demo(): OfficeDemoFile | undefined;
}

export interface CityDemo {
  city: CityServer;
  cityPort: number;
  accounts: DemoAccount[];
  offices: RunningDemoOffice[];
  /**
   * Wait until every office still running has its link connected at the city and its demo links written (or
   * `timeoutMs` passed): the city's list then.
   */
  linked(timeoutMs: number): Promise<CityOffice[]>;
  /** Stop the offices (SIGTERM, SIGKILL after 10 s), then the city. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The city's demo accounts: made once, their passwords kept in the data folder (mode 0600). */
async function demoAccounts(city: CityServer, file: string): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { accounts: DemoAccount[] }).accounts
    : [
        { role: 'city-admin', username: 'cityadmin', password: `cityadmin-${randomBytes(4).toString('hex')}` },
        { role: 'city-manager', username: 'citymanager', password: `citymanager-${randomBytes(4).toString('hex')}` },
      ];
  for (const a of accounts) {
    const [known] = await city.db.query('SELECT 1 FROM staff WHERE username = $1', [a.username]);
    if (!known) await city.access.createStaff({ username: a.username, displayName: `Demo ${a.role}`, role: a.role, password: a.password });
  }
  writeFileSync(file, JSON.stringify({ accounts }, null, 2), { mode: 0o600 });
  return accounts;
}

/**
 * A new demo city opens a few procedures to joining from a phone (http://localhost:3100/kiosk/join), and carries the
 * offices' forms for moving in, certificates of residence and health insurance, to fill in at home
 * (http://localhost:3100/kiosk/forms), so the whole resident's journey can be tried: in its first catalogue, which
 * locks nothing, so the demo offices' own setup stays theirs to edit. A city whose admin saved a catalogue keeps it.
 */
async function openJoiningFromPhones(city: CityServer): Promise<void> {
  const catalogue = new CatalogueStore(city.db, Date.now);
  if (await catalogue.latest()) return;
  const open = RemoteRule.parse({ enabled: true });
  await catalogue.put(
    {
      ...EMPTY_CATALOGUE,
      locked: { serviceNames: false, groups: false, closures: false },
      remote: { honcho: { juminhyo: open, kokuho: open }, kita: { juminhyo: open } },
      forms: ['tennyu', 'juminhyo', 'kokuho'].map((id) => CatalogueEntry.parse(JSON.parse(readFileSync(join(serverDir, 'catalogue', `${id}.json`), 'utf8')))),
    },
    'demo',
  );
}

/**
 * Where browsers reach an office listening on `host`: this machine's LAN address when it listens on every address
 * (as the office's own default does), so phones on the same network can open the tickets' QR codes.
 */
function publicHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return 'localhost';
}

/** Each line of a child's output, with the office's id in front. */
function prefixLines(stream: NodeJS.ReadableStream, prefix: string, keep: (line: string) => boolean, print: (line: string) => void) {
  createInterface({ input: stream }).on('line', (line) => {
    if (keep(line)) print(`${prefix} ${line}`);
  });
}

export async function startCityDemo(options: CityDemoOptions): Promise<CityDemo> {
  const { dataDir, log, print } = options;
  mkdirSync(join(dataDir, 'offices'), { recursive: true });
  const db: Db = options.databaseUrl ? openPostgres(options.databaseUrl) : await openPglite(join(dataDir, 'city'));
  // The city's key, made in the demo's folder on first start (JUNBAN_CITY_KEY_FILE for another place).
  const key = loadCityKey(process.env.JUNBAN_CITY_KEY_FILE || join(dataDir, 'city.key'));
  // The demo city is its own public face: its offices' tickets send phones to it (CITY_PUBLIC_URL in production).
  const publicFace: { url?: string } = {};
  const city = await createCityServer({ db, logger: log, notices: { key }, publicUrl: () => publicFace.url });
  const cityPort = await city.listen(options.cityPort, options.host);
  publicFace.url = `http://${publicHost(options.host)}:${cityPort}`;
  const accounts = await demoAccounts(city, join(dataDir, 'city-demo.json'));
  await openJoiningFromPhones(city);
  const cityUrl = `http://127.0.0.1:${cityPort}`;
  const known = new Map((await city.offices.list()).map((o) => [o.id, o]));
  let stopping = false;

  const offices: RunningDemoOffice[] = [];
  for (const [i, plan] of DEMO_OFFICES.entries()) {
    const officeDir = join(dataDir, 'offices', plan.id);
    const port = options.officePort + i;
    const atCity = known.get(plan.id);
    // A code only for an office not linked yet: a new data folder, or one the city never enrolled (or revoked).
    // A linked office would ignore it anyway; not making one leaves no unused code lying at the city.
    const enrolled = atCity !== undefined && atCity.enrolledAt !== null && atCity.revokedAt === null;
    const code = existsSync(join(officeDir, 'junban.db')) && enrolled ? undefined : (await city.offices.createEnrolment(plan.id, plan.name)).code;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: options.host,
      JUNBAN_DATA_DIR: officeDir,
      // Each office at its own port, told to the city for its links (and printed in its tickets' QR codes).
      JUNBAN_PUBLIC_URL: `http://${publicHost(options.host)}:${port}`,
      LOG_LEVEL: options.officeLogLevel,
      JUNBAN_DEMO_OFFICE_NAME: `${plan.name.ja} / ${plan.name.en}`,
      JUNBAN_DEMO_HISTORY_DAYS: String(Math.min(plan.historyDays, options.historyDaysCap ?? Infinity)),
      JUNBAN_DEMO_VISITS_PER_DAY: String(plan.visitsPerDay),
      JUNBAN_DEMO_SEED: String(plan.seed),
      ...(code ? { JUNBAN_CITY_URL: cityUrl, JUNBAN_CITY_CODE: code } : {}),
    };
    if (!code) {
      delete env.JUNBAN_CITY_URL;
      delete env.JUNBAN_CITY_CODE;
    }
    // With a channel the office watches: if this launcher is killed, the office stops too (see server/src/main.ts).
    const child = spawn(process.execPath, [...serveNodeFlags(), officeMain, '--demo'], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const prefix = `[${plan.id}]`;
    // The offices' own banners are left out (the launcher prints every link once all are up); their log lines and
    // errors are passed on.
    prefixLines(child.stdout!, prefix, (line) => line.startsWith('{'), print);
    prefixLines(child.stderr!, prefix, () => true, print);
    child.on('exit', (exitCode, signal) => {
      if (!stopping) print(`${prefix} the office stopped (${signal ?? `exit code ${exitCode}`}); the city and the other offices go on`);
    });
    offices.push({
      plan,
      port,
      dataDir: officeDir,
      child,
      demo: () => {
        const file = join(officeDir, 'demo.json');
        return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OfficeDemoFile) : undefined;
      },
    });
  }

  return {
    city,
    cityPort,
    accounts,
    offices,
    async linked(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = await city.offices.list();
        const exited = (o: RunningDemoOffice) => o.child.exitCode !== null || o.child.signalCode !== null;
        const connected = offices.every((o) => exited(o) || (list.find((c) => c.id === o.plan.id)?.link === 'connected' && o.demo()));
        if (connected || Date.now() > deadline) return list;
        await sleep(250);
      }
    },
    async close() {
      stopping = true;
      await Promise.all(offices.map((o) => stopChild(o.child)));
      await city.close();
      await db.close();
    },
  };
}

/** SIGTERM, as a service manager stops an office; SIGKILL if it is still there 10 s later. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
