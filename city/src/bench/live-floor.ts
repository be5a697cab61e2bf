/**
 * Part 3 of the city bench: a ticket issued at a real office linked to the city, until a city staff screen's `floor`
 * shows it. The path: the office commits, its link sends the live view (at most twice a second), the city stores it
 * and gathers changes for a moment (FLOOR_GATHER_MS), reads the floor and pushes it to `/staff`.
 */
import { STAFF_NAMESPACE, type CityLinkView, type CityRole, type FloorOffice, type StaffServerToClientEvents } from '@junban/protocol';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { CityAccess } from '../access/store.js';
import type { Db } from '../db/engine.js';
import { enrolmentCode } from './processes.js';
import { HttpClient, signIn } from '@junban/server/bench/http-client';
import type { ServerProcess } from '@junban/server/bench/server-process';
import { distribution, type Distribution } from '@junban/server/bench/stats';

type StaffSocket = Socket<StaffServerToClientEvents, Record<string, never>>;

export interface FloorResult {
  tickets: number;
  /** Ticket requested at the office → the floor showing it received by the staff screen. */
  toFloorMs: Distribution;
  /** The office's HTTP answer to the kiosk. */
  issueMs: Distribution;
  floorBytes: number;
}

/** A new city manager (or admin), signed in: the session cookie. */
export async function signInStaff(db: Db, cityUrl: string, role: CityRole = 'city-manager'): Promise<string> {
  const username = `bench-${Date.now()}`;
  const password = 'bench password for the floor';
  await new CityAccess(db, Date.now).createStaff({ username, displayName: username, role, password });
  const res = await fetch(`${cityUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
  if (!res.ok || !cookie) throw new Error(`city sign-in failed: ${res.status}`);
  return cookie;
}

/** A city manager's staff screen, connected to `/staff` with a session cookie. */
export async function staffScreen(cityUrl: string, cookie: string): Promise<StaffSocket> {
  const socket: StaffSocket = io(`${cityUrl}${STAFF_NAMESPACE}`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Link a running office to the city as its admin would (Setup › City link), and wait until it is connected. */
export async function linkOffice(office: ServerProcess, client: HttpClient, db: Db, cityUrl: string, officeId: string): Promise<Record<string, string>> {
  const admin = office.demoInfo().accounts.find((a) => a.role === 'admin')!;
  const headers = await signIn(client, admin.username, admin.password);
  const code = await enrolmentCode(db, officeId);
  await client.json('POST', '/api/v1/city-link', { headers, body: { cityUrl, code } });
  const deadline = Date.now() + 30_000;
  while ((await client.json<CityLinkView>('GET', '/api/v1/city-link', { headers })).state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`${officeId} did not connect to the city within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return headers;
}

/** The next `floor` whose line for `officeId` passes `test`. */
function nextFloor(socket: StaffSocket, officeId: string, test: (o: FloorOffice) => boolean, timeoutMs = 10_000): Promise<{ at: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('floor', on);
      reject(new Error(`no floor showing the change at ${officeId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (offices: FloorOffice[]) => {
      const at = performance.now();
      const line = offices.find((o) => o.id === officeId);
      if (!line || !test(line)) return;
      clearTimeout(timer);
      socket.off('floor', on);
      resolve({ at, bytes: JSON.stringify(offices).length });
    };
    socket.on('floor', on);
  });
}

/**
 * Issue `tickets` tickets one at a time at the office (after `warmUp`), each after a random pause of up to
 * `maxPauseMs`, as residents arrive: a ticket lands anywhere within the link's half-second pacing of live views.
 */
export async function runFloorLatency(opts: {
  office: ServerProcess;
  client: HttpClient;
  staff: StaffSocket;
  officeId: string;
  tickets: number;
  warmUp: number;
  maxPauseMs: number;
}): Promise<FloorResult> {
  const { office, client, staff, officeId } = opts;
  const kiosk = { authorization: `Bearer ${office.demoInfo().kioskToken}` };
  const toFloor: number[] = [];
  const issue: number[] = [];
  let bytes = 0;
  let waiting = -1;
  // Where the floor stands now: whatever the office's live view says.
  await new Promise<void>((resolve) => {
    const on = (offices: FloorOffice[]) => {
      const line = offices.find((o) => o.id === officeId);
      if (line?.businessDate) {
        waiting = line.waiting;
        staff.off('floor', on);
        resolve();
      }
    };
    staff.on('floor', on);
    // A live view goes out with any commit; a ticket makes one.
    void client.send('POST', '/api/v1/visits', { headers: kiosk, body: { services: ['juminhyo'] } });
  });
  const services = ['juminhyo', 'tennyu', 'inkan-toroku', 'kokuho'];
  for (let i = 0; i < opts.warmUp + opts.tickets; i++) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * opts.maxPauseMs));
    const expected = waiting + 1;
    const shown = nextFloor(staff, officeId, (o) => o.waiting >= expected);
    const t0 = performance.now();
    const reply = await client.send('POST', '/api/v1/visits', { headers: kiosk, body: { services: [services[i % services.length]] } });
    const t1 = performance.now();
    if (reply.status !== 200) throw new Error(`issuing failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    const floor = await shown;
    waiting = expected;
    if (i >= opts.warmUp) {
      toFloor.push(floor.at - t0);
      issue.push(t1 - t0);
      bytes = floor.bytes;
    }
    office.assertAlive();
  }
  return { tickets: opts.tickets, toFloorMs: distribution(toFloor), issueMs: distribution(issue), floorBytes: bytes };
}
