/**
 * The city's integration tests run the real city: a database (embedded PGlite, and a real PostgreSQL server when
 * CITY_TEST_DATABASE_URL is set), the server on a free port, real HTTP and socket.io clients. A test plays an
 * office by sending the link's protocol messages.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import {
  buildCityRequest,
  createApiClient,
  createCityClient,
  OfficeConfig,
  type CityEndpointName,
  type CityRole,
  type FloorOffice,
  type LinkClientToServerEvents,
  type LinkServerToClientEvents,
  type LogEvent,
  type OfficeLive,
  type StaffServerToClientEvents,
} from '@junban/protocol';
import type { CityDirectorySettings } from '../src/access/directory.js';
import { createCityServer, type CityProcessRole, type CityServer, type NoticeOptions } from '../src/app.js';
import { openPglite, openPostgres, type Db } from '../src/db/engine.js';
import { instantOf } from '../../server/src/queue/business-day.js';
import { startInProcessOffice, type InProcessOffice } from '../../server/src/testing/office.js';

export const demoOffice = OfficeConfig.parse(JSON.parse(readFileSync(new URL('../../server/demo/office.json', import.meta.url), 'utf8')));

/** Every test file runs on each engine: PGlite always, PostgreSQL when the test command started one. */
export const engines: { name: string; url: string | undefined }[] = [
  { name: 'PGlite', url: undefined },
  ...(process.env.CITY_TEST_DATABASE_URL ? [{ name: 'PostgreSQL', url: process.env.CITY_TEST_DATABASE_URL }] : []),
];

/** A throwaway database on the PostgreSQL server of `url`, dropped by `drop`. */
export async function freshPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `city_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A clock the test moves forward. */
export function testClock() {
  let skipped = 0;
  return { now: () => Date.now() + skipped, advance: (ms: number) => void (skipped += ms) };
}

export type OfficeSocket = Socket<LinkServerToClientEvents, LinkClientToServerEvents>;
export type StaffSocket = Socket<StaffServerToClientEvents, Record<string, never>>;

export interface TestCity {
  server: CityServer;
  url: string;
  db: Db;
  clock: ReturnType<typeof testClock>;
  /** A client signed in with a new account of this role, and its cookie. */
  staff(role: CityRole): Promise<{ call: ReturnType<typeof createCityClient>; cookie: string }>;
  /** Call an endpoint with a cookie or none; the raw status and body. */
  callAs(
    name: CityEndpointName,
    input: Record<string, unknown>,
    cookie?: string,
  ): Promise<{ status: number; body: Record<string, unknown> & { error?: { code: string } } }>;
  /** Add an office and enrol it: its credential. */
  enrolOffice(officeId: string): Promise<string>;
  /** Connect as an office with this credential (resolves once connected). */
  link(token: string, url?: string): Promise<OfficeSocket>;
  staffSocket(cookie: string, url?: string, headers?: Record<string, string>): Promise<StaffSocket>;
  stop(): Promise<void>;
}

let staffCount = 0;

/**
 * Start a city on `engine`, in a database of its own. `share` starts another city process on the database of a city
 * already started on PostgreSQL, with its own connections, as a second process behind a load balancer would.
 */
export async function startCity(
  engine: { url: string | undefined },
  share?: { databaseUrl: string },
  options: {
    pagesDir?: string;
    historyDebounceMs?: number;
    notices?: NoticeOptions;
    publicUrl?: string;
    role?: CityProcessRole;
    phoneLimits?: { joinsPerAddress?: number; noticesPerContact?: number; bookingsPerAddress?: number; pickupsPerAddress?: number };
    bookingReminderMs?: number;
    metricsToken?: string;
    directory?: CityDirectorySettings;
    /** A port known before the start (an OpenID provider's redirect address); a free one otherwise. */
    port?: number;
  } = {},
): Promise<TestCity & { databaseUrl?: string }> {
  let dropDatabase: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  let db: Db;
  if (share) db = openPostgres(share.databaseUrl);
  else if (engine.url) {
    const fresh = await freshPostgresDatabase(engine.url);
    dropDatabase = fresh.drop;
    databaseUrl = fresh.url;
    db = openPostgres(fresh.url);
  } else db = await openPglite(undefined);
  const clock = testClock();
  const server = await createCityServer({
    db,
    now: clock.now,
    pagesDir: options.pagesDir ?? '/nonexistent',
    ...(options.historyDebounceMs !== undefined ? { historyDebounceMs: options.historyDebounceMs } : {}),
    ...(options.notices ? { notices: options.notices } : {}),
    ...(options.publicUrl ? { publicUrl: () => options.publicUrl } : {}),
    ...(options.role ? { role: options.role } : {}),
    ...(options.phoneLimits ? { phoneLimits: options.phoneLimits } : {}),
    ...(options.bookingReminderMs !== undefined ? { bookingReminderMs: options.bookingReminderMs } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  });
  const port = await server.listen(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];

  const callAs: TestCity['callAs'] = async (name, input, cookie) => {
    const req = buildCityRequest(name, input);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cookie) headers.cookie = cookie;
    const res = await fetch(`${url}${req.path}`, { method: req.method, headers, body: req.body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };

  const city: TestCity & { databaseUrl?: string } = {
    server,
    url,
    db,
    clock,
    ...(databaseUrl ? { databaseUrl } : {}),
    async staff(role) {
      const username = `${role}-${++staffCount}-${randomBytes(3).toString('hex')}`;
      const password = 'correct horse battery';
      await server.access.createStaff({ username, displayName: username, role, password });
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      return { call: createCityClient({ baseUrl: url, headers: { cookie } }), cookie };
    },
    callAs,
    async enrolOffice(officeId) {
      const enrolment = await server.offices.createEnrolment(officeId, { ja: `${officeId} 窓口`, en: `${officeId} office` });
      const enrolled = await callAs('enrol', { code: enrolment.code });
      if (enrolled.status !== 200) throw new Error(`enrol failed: ${JSON.stringify(enrolled.body)}`);
      return enrolled.body.token as string;
    },
    async link(token, at = url) {
      const socket: OfficeSocket = connect(`${at}/link`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async staffSocket(cookie, at = url, headers = {}) {
      const socket: StaffSocket = connect(`${at}/staff`, {
        extraHeaders: { cookie, ...headers },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      // The floor sent at connect may arrive before the test listens: keep the latest.
      socket.on('floor', (offices) => latestFloor.set(socket, offices));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async stop() {
      for (const s of sockets) s.disconnect();
      await server.close();
      await db.close();
      await dropDatabase?.();
    },
  };
  return city;
}

/** `count` events from `from` on, as an office's log would hold them: numbers taken, then called. */
export function officeEvents(from: number, count: number, options: { businessDate?: string; at?: number; waitSec?: number } = {}): LogEvent[] {
  const businessDate = options.businessDate ?? '2026-04-01';
  const at = options.at ?? Date.parse('2026-04-01T01:00:00Z');
  return Array.from({ length: count }, (_, i): LogEvent => {
    const seq = from + i;
    const visit = { visitId: `v${seq}`, number: `A${seq}`, stepId: `s${seq}`, serviceId: 'juminhyo', actor: 'system', businessDate, at: at + seq * 1000, seq };
    return seq % 2 === 1
      ? { ...visit, type: 'issued', data: { services: ['juminhyo'], source: 'kiosk', assistance: false, priority: false, peopleAhead: 0, estimateSec: 300 } }
      : { ...visit, type: 'called', counterId: 'c1', data: { waitSec: options.waitSec ?? 120, priority: false, calls: 1 } };
  });
}

/** A live public view of an office with `waiting` people, the oldest having joined `oldestAgoSec` before `at`. */
export function liveView(
  options: { at?: number; businessDate?: string; waiting?: number; oldestAgoSec?: number; printerState?: 'ready' | 'paper_out' } = {},
): OfficeLive {
  const at = options.at ?? Date.now();
  const waiting = options.waiting ?? 3;
  return {
    version: 1,
    businessDate: options.businessDate ?? '2026-04-01',
    at,
    counters: [
      { id: 'c1', status: 'open' },
      { id: 'c2', status: 'open' },
      { id: 'c3', status: 'closed' },
    ],
    queues: [
      {
        serviceId: 'juminhyo',
        waiting,
        priorityWaiting: 0,
        oldestEnteredAt: waiting ? at - (options.oldestAgoSec ?? 600) * 1000 : null,
        countersOpen: 2,
        estimateSec: 300,
        lastCalled: 'A2',
      },
    ],
    recentCalls: [],
    printers: [{ id: 'kiosk-1', name: '受付1', state: options.printerState ?? 'ready', checkedAt: at, failed: [] }],
    limitedKiosks: [],
    opening: { open: true, closed: null, hours: { open: '08:30', close: '17:15' }, closedBecause: null },
  };
}

const latestFloor = new WeakMap<StaffSocket, FloorOffice[]>();

/** The latest or the next `floor` a staff socket receives that satisfies `test`. */
export function nextFloor(socket: StaffSocket, test: (offices: FloorOffice[]) => boolean, timeoutMs = 5_000): Promise<FloorOffice[]> {
  const latest = latestFloor.get(socket);
  if (latest && test(latest)) return Promise.resolve(latest);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('floor', on);
      reject(new Error('no such floor update in time'));
    }, timeoutMs);
    const on = (offices: FloorOffice[]) => {
      if (!test(offices)) return;
      clearTimeout(timer);
      socket.off('floor', on);
      resolve(offices);
    };
    socket.on('floor', on);
  });
}

/** Wait until `probe` answers something truthy (checked every 50 ms), or fail naming `what`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A real office (the office's own app, in this process) enrolled at and linked to `city` as `officeId`, with a paired
 * kiosk and a signed-in counter clerk to drive it. Its clock is a Wednesday 10:00 in Tokyo running on in real time,
 * unless one is given.
 */
export async function linkedOffice(
  city: TestCity,
  officeId: string,
  options: { clock?: { now(): number }; logger?: Logger } = {},
): Promise<{ office: InProcessOffice; kiosk: ReturnType<typeof createApiClient>; counter: ReturnType<typeof createApiClient> }> {
  const started = Date.now();
  const base = instantOf('2026-04-01', '10:00', 'Asia/Tokyo');
  const office = await startInProcessOffice({
    initialConfig: demoOffice,
    tickMs: 0,
    printerPollMs: 0,
    clock: options.clock ?? { now: () => base + (Date.now() - started) },
    logger: options.logger ?? pino({ level: 'silent' }),
    cityLink: { ackTimeoutMs: 2_000, retryMs: 50, retryMaxMs: 300 },
  });
  const enrolment = await city.server.offices.createEnrolment(officeId, { ja: '本庁舎', en: 'City hall' });
  await office.server.cityLink.enrolAtStart(city.url, enrolment.code);
  const device = office.server.access.createDevice('kiosk', 'entrance kiosk');
  office.server.access.setKioskSettings(device.device.id, { printerId: null, ticketsPerMinute: 0 });
  await office.server.access.createStaff({ username: 'madoguchi', displayName: '窓口 一郎', role: 'counter', password: 'password-123' });
  const res = await fetch(`${office.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'madoguchi', password: 'password-123' }),
  });
  return {
    office,
    kiosk: createApiClient({ baseUrl: office.url, token: device.token }),
    counter: createApiClient({ baseUrl: office.url, headers: { cookie: res.headers.getSetCookie()[0]!.split(';')[0]! } }),
  };
}
