/** Integration tests run the real office: a SQLite file in a temp folder, the server on a free port, real clients. */
import type { FormValues } from '@junban/protocol';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { Logger } from 'pino';
import { afterAll } from 'vitest';
import type { z } from 'zod';
import type { OfficeServer, OfficeServerOptions } from '../src/app.js';
import { repoRoot } from '../src/config/env.js';
import { readDemoFile, startBuiltOffice, startInProcessOffice, type DemoFile } from '../src/testing/office.js';
import { instantOf } from '../src/queue/business-day.js';
import { responseChecker, type OpenApiDocument, type ResponseChecker } from './response-check.js';
import {
  buildRequest,
  createApiClient,
  OfficeConfig,
  type Ack,
  type EndpointName,
  type ClientToServerEvents,
  type Role,
  type ServerToClientEvents,
  type SyncResult,
} from '@junban/protocol';

export const demoOffice = OfficeConfig.parse(JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8')));

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestOffice {
  server: OfficeServer;
  url: string;
  dataDir: string;
  kioskToken: string;
  kioskId: string;
  displayToken: string;
  /**
   * With `checkResponses`: every JSON answer the office's clients (staff, device, callAs) receive, checked against
   * the OpenAPI document the server publishes; stop() fails the suite on a mismatch.
   */
  responses: ResponseChecker | undefined;
  /** fetch, checked when responses are. */
  fetch: typeof fetch;
  /** An API client signed in with a new account of this role. */
  staff(role: Role, username?: string): Promise<ReturnType<typeof createApiClient> & { cookie: string }>;
  device(token: string): ReturnType<typeof createApiClient>;
  socket(auth: { token?: string; cookie?: string }): Promise<ClientSocket>;
  stop(): Promise<void>;
}

/** A clock that starts at a local date and time in Tokyo, runs on with real time, and can be moved forward. */
export function testClock(date: string, time = '10:00') {
  const start = Date.now();
  const base = instantOf(date, time, 'Asia/Tokyo');
  let skipped = 0;
  return { now: () => base + skipped + (Date.now() - start), advance: (ms: number) => void (skipped += ms) };
}

/** Call an endpoint as anyone (a device token, a staff cookie, or nobody) and get the raw status and body. */
export async function callAs(office: TestOffice, name: EndpointName, input: Record<string, unknown>, auth: { token?: string; cookie?: string } = {}) {
  const req = buildRequest(name, input);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await office.fetch(`${office.url}${req.path}`, { method: req.method, headers, body: req.body });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

/** A Wednesday 10:00 in Tokyo that runs on with real time, so no test crosses the day's closing by chance. */
function midMorningClock() {
  const start = Date.now();
  const base = instantOf('2026-04-01', '10:00', 'Asia/Tokyo');
  return { now: () => base + (Date.now() - start) };
}

export async function startOffice(
  options: {
    dataDir?: string;
    config?: z.input<typeof OfficeConfig>;
    clock?: { now(): number };
    logger?: Logger;
    checkResponses?: boolean;
    /** For suites that send thousands of messages from one socket on purpose (the limit has tests of its own). */
    unlimitedSockets?: boolean;
    /** The port to listen on; a free one by default. */
    port?: number;
    /** How the link to the city paces itself. */
    cityLink?: OfficeServerOptions['cityLink'];
    metricsToken?: string;
    backups?: OfficeServerOptions['backups'];
    /** Staff sign-in with the city's directory. */
    directory?: OfficeServerOptions['directory'];
  } = {},
): Promise<TestOffice> {
  const office = await startInProcessOffice({
    initialConfig: options.config ?? demoOffice,
    tickMs: 0,
    printerPollMs: 0,
    clock: options.clock ?? midMorningClock(),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.unlimitedSockets ? { socketMessageLimit: { burst: 1e9, perSecond: 1e9 } } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.cityLink ? { cityLink: options.cityLink } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.backups ? { backups: options.backups } : {}),
    ...(options.directory ? { directory: options.directory } : {}),
  });
  const { server, url, dataDir } = office;
  const responses = options.checkResponses ? responseChecker((await (await fetch(`${url}/api/v1/openapi.json`)).json()) as OpenApiDocument) : undefined;
  const checkedFetch = responses ? responses.fetch(url) : fetch;
  const sockets: ClientSocket[] = [];
  let accounts = 0;
  const kiosk = server.access.createDevice('kiosk', 'test kiosk');
  // Tests issue hundreds of tickets from one kiosk; the limit has tests of its own.
  server.access.setKioskSettings(kiosk.device.id, { printerId: null, ticketsPerMinute: 0 });
  return {
    server,
    url,
    dataDir,
    kioskToken: kiosk.token,
    kioskId: kiosk.device.id,
    displayToken: server.access.createDevice('display', 'test display').token,
    responses,
    fetch: checkedFetch,
    async staff(role, username = `${role}${++accounts}-${Math.random().toString(36).slice(2, 7)}`) {
      await server.access.createStaff({ username, displayName: username, role, password: 'password-123' });
      const res = await checkedFetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'password-123' }),
      });
      const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
      return Object.assign(createApiClient({ baseUrl: url, headers: { cookie }, fetch: checkedFetch }), { cookie });
    },
    device: (token) => createApiClient({ baseUrl: url, token, fetch: checkedFetch }),
    async socket(auth) {
      const s: ClientSocket = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...(auth.token ? { auth: { token: auth.token } } : {}),
        ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
      });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', resolve);
        s.once('connect_error', reject);
      });
      return s;
    },
    async stop() {
      for (const s of sockets) s.disconnect();
      await office.stop();
      if (responses?.mismatches.length) throw new Error(`Answers that do not match the OpenAPI document:\n${responses.mismatches.join('\n')}`);
    },
  };
}

export function sync(socket: ClientSocket, since?: number): Promise<Ack<SyncResult>> {
  return new Promise((resolve) => socket.emit('sync', since === undefined ? {} : { since }, resolve));
}

export function command(socket: ClientSocket, name: string, input: unknown): Promise<Ack<unknown>> {
  return new Promise((resolve) => socket.emit('command', { name: name as 'callNext', input }, resolve as never));
}

/** Resolves with the first update that satisfies `match`. */
export function nextUpdate(socket: ClientSocket, match: (u: Parameters<ServerToClientEvents['update']>[0]) => boolean = () => true) {
  return new Promise<Parameters<ServerToClientEvents['update']>[0]>((resolve) => {
    const on = (u: Parameters<ServerToClientEvents['update']>[0]) => {
      if (!match(u)) return;
      socket.off('update', on);
      resolve(u);
    };
    socket.on('update', on);
  });
}

/** Every row of every table, to prove a rejected request changed nothing. */
export function databaseContents(server: OfficeServer): string {
  const tables = server.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  return JSON.stringify(
    tables.map((t) => [
      t,
      server.db
        .prepare(`SELECT * FROM "${t}"`)
        .all()
        .map((r) => JSON.stringify(r))
        .sort(),
    ]),
  );
}

export { freePort, type DemoFile } from '../src/testing/office.js';

/**
 * The real built server (`main.js --demo`) in a child process on `port`, as an office runs it (with the `serve`
 * script's Node flags); resolves once it answers. The data folder is the caller's, and kept.
 */
export async function startServerProcess(dataDir: string, port: number): Promise<ChildProcess> {
  return (await startBuiltOffice({ dataDir, port, serveFlags: true })).child;
}

/**
 * A data folder of the suite's own for the real server process (see startServerProcess); after the suite the
 * process last started is killed and the folder removed.
 */
export function serverProcessSuite(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `junban-${name}-`));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    /** Starts the server on `port`, or starts it again after a kill: same folder, same office. */
    start: async (port: number) => (child = await startServerProcess(dataDir, port)),
    demo: () => readDemoFile(dataDir),
  };
}

/** An API client signed in as the demo's account of `role` at `url`, with its session cookie. */
export async function signInAs(url: string, demo: DemoFile, role: string) {
  const { username, password } = demo.accounts.find((a) => a.role === role)!;
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  return Object.assign(createApiClient({ baseUrl: url, headers: { cookie } }), { cookie });
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request exactly as written: the path is not normalised and any header (Origin, Sec-Fetch-Site) can be set. */
export function raw(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method, path, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The move-in form's resident as the tests fill it in: the name, a child and a phone to look for where they must not be. */
export const MOVING_IN = { NAME: '轟木 凜太郎', CHILD: '轟木 澪', PHONE: '090-8765-4321' } as const;
const { NAME, CHILD, PHONE } = MOVING_IN;

/** A valid move-in form (`tennyu`), with `over` changing some answers. */
export const movingInForm = (over: FormValues = {}): FormValues => ({
  name: NAME,
  furigana: 'トドロキ リンタロウ',
  birthdate: { era: 'showa', year: 60, month: 5, day: 1 },
  phone: PHONE,
  // Seven days before the test's day (2026-04-01): within the 14 days the law gives.
  'move-date': { era: 'reiwa', year: 8, month: 3, day: 25 },
  postal: '123-4567',
  address: '東京都千代田区千代田1-1-101',
  'previous-address': '大阪府大阪市北区梅田2-2-2',
  householder: NAME,
  relationship: '本人',
  household: [{ name: CHILD, furigana: 'トドロキ ミオ', relationship: '子', birthdate: { era: 'reiwa', year: 2, month: 1, day: 1 } }],
  ...over,
});
