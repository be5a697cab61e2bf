/**
 * One of the bench's phone processes (part 6): thousands of residents' status pages, each its own socket.io
 * connection to a city's `/status` namespace (WebSocket only, as the page connects), each with its ticket's token.
 * The phones are spread over a few such processes because one Node process holding all of them would itself be the
 * bottleneck (and would need more file descriptors than a process is allowed by default).
 *
 * Driven over IPC by phones.ts:
 * - `connect`: open the phones (at most `window` waiting for their first status at once, as residents do not all
 *   scan their tickets in the same second), each until its first `status`;
 * - `mark`: from now on, note when each phone receives the call's news: the resident called, or one place up;
 * - `collect`: once every phone that was waiting at the mark has it (or `timeoutMs` passed), answer each one's
 *   arrival, in ms after `t0` (the wall clock, which the bench's processes share). Other statuses meanwhile (a
 *   clerk's finish changes every estimate) are counted, not taken for the call's;
 * - `quiet`: when any of its phones last received a status, and whether the called ticket's page shows it closed (the
 *   bench waits for the clerk's finish to reach the pages before the next call);
 * - `close`.
 */
import { performance } from 'node:perf_hooks';
import { moveAlong, type VisitStatus } from '@junban/protocol';
import { openPhone, type PhoneClient, type PhoneSocket } from './phone-socket.js';

export type PhoneCommand =
  | { type: 'connect'; client: PhoneClient; cities: string[]; phones: { city: number; token: string }[]; window: number; timeoutMs: number }
  | { type: 'mark' }
  | { type: 'collect'; t0: number; timeoutMs: number }
  | { type: 'quiet'; number: string }
  | { type: 'close' };

export type PhoneReport =
  /** `reloads`: pages opened again after the city answered "unknown" (as a resident reloads the page). */
  | { type: 'connected'; connected: number; failed: number; reloads: number; firstError: string | null }
  | { type: 'marked'; watching: number }
  /**
   * `byCity[i]`: arrivals of the phones on the i-th city given; `madeMs`: when the office made each status (its `at`,
   * after `t0`), to tell the office's part from the city's; `unexpected`: statuses meanwhile that were not the call's.
   */
  | { type: 'collected'; byCity: number[][]; madeMs: number[]; missing: number; unexpected: number; dropped: number }
  /**
   * When a phone of this process last received anything (the wall clock; 0: never); whether it holds the page of
   * ticket `number`, and whether that page shows the visit closed.
   */
  | { type: 'quiet'; lastAt: number; holds: boolean; closed: boolean }
  | { type: 'error'; message: string };

interface Phone {
  socket: PhoneSocket;
  city: number;
  last: VisitStatus | undefined;
  /** What it showed at the mark; undefined: not watched for this call (its visit is over, or it is not connected). */
  atMark: VisitStatus | undefined;
  /** When the call's status arrived. */
  nextAt: number | undefined;
  next: VisitStatus | undefined;
  /** Statuses after the mark that were not the call's. */
  other: number;
}

/** The wall clock in ms, to the microsecond: comparable with the bench's and the other phone processes' readings. */
const wallNow = () => performance.timeOrigin + performance.now();
const FINAL = new Set(['done', 'cancelled', 'expired']);

const phones: Phone[] = [];
let cities: string[] = [];
let dropped = 0;
let lastAt = 0;
let marked = false;
let allArrived: (() => void) | undefined;
let pending = 0;

const report = (r: PhoneReport) => process.send?.(r);

class UnknownPage extends Error {}

/** A page's new status, from its own message or its line's move. */
function receive(phone: Phone, status: VisitStatus): void {
  lastAt = wallNow();
  if (marked && phone.atMark && phone.nextAt === undefined) {
    const ahead = phone.atMark.peopleAhead;
    if (status.state === 'called' || (ahead !== null && status.peopleAhead === ahead - 1)) {
      phone.nextAt = wallNow();
      phone.next = status;
      if (--pending === 0) allArrived?.();
    } else phone.other += 1;
  }
  phone.last = status;
}

function open(client: PhoneClient, city: number, token: string, timeoutMs: number): Promise<void> {
  const socket = openPhone(client, cities[city]!, token, timeoutMs);
  const phone: Phone = { socket, city, last: undefined, atMark: undefined, nextAt: undefined, next: undefined, other: 0 };
  phones.push(phone);
  // A call reaches most pages as a move of their line, which each page applies to its place, as the status page does.
  socket.on('line', (move) => {
    if (!phone.last) return;
    const moved = moveAlong(phone.last, move);
    if (moved === 'gap') phone.other += 1;
    else if (moved !== phone.last) receive(phone, moved);
  });
  socket.on('status', (status) => receive(phone, status));
  socket.on('disconnect', () => {
    if (phone.last) dropped += 1;
  });
  return new Promise<void>((resolve, rejected) => {
    // A phone that did not open is closed and forgotten (a reload opens a new one).
    const reject = (err: Error) => {
      socket.disconnect();
      phones.splice(phones.indexOf(phone), 1);
      rejected(err);
    };
    const timer = setTimeout(() => reject(new Error(`no status within ${timeoutMs} ms`)), timeoutMs);
    socket.once('status', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('unknown', () => {
      clearTimeout(timer);
      reject(new UnknownPage('the city answered "unknown" for a token'));
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function connect(command: Extract<PhoneCommand, { type: 'connect' }>): Promise<void> {
  let connected = 0;
  let failed = 0;
  let reloads = 0;
  let firstError: string | null = null;
  let next = 0;
  cities = command.cities;
  const lane = async () => {
    while (next < command.phones.length) {
      const { city, token } = command.phones[next++]!;
      // A page the city could not answer in time says "not valid"; its resident reloads it, up to twice.
      for (let attempt = 0; ; attempt++) {
        try {
          await open(command.client, city, token, command.timeoutMs);
          connected += 1;
          break;
        } catch (err) {
          if (err instanceof UnknownPage && attempt < 2) {
            reloads += 1;
            await new Promise((resolve) => setTimeout(resolve, 2_000));
            continue;
          }
          failed += 1;
          firstError ??= err instanceof Error ? err.message : String(err);
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.window) }, lane));
  report({ type: 'connected', connected, failed, reloads, firstError });
}

function mark(): void {
  pending = 0;
  for (const phone of phones) {
    phone.nextAt = undefined;
    phone.next = undefined;
    phone.other = 0;
    // A visit that is over is no longer sent; a phone that was cut receives nothing: neither is waited for.
    phone.atMark = phone.socket.connected && phone.last && !FINAL.has(phone.last.state) ? phone.last : undefined;
    if (phone.atMark) pending += 1;
  }
  marked = true;
  report({ type: 'marked', watching: pending });
}

async function collect(command: Extract<PhoneCommand, { type: 'collect' }>): Promise<void> {
  if (pending > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, command.timeoutMs);
      allArrived = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  allArrived = undefined;
  marked = false;
  const byCity: number[][] = cities.map(() => []);
  const madeMs: number[] = [];
  let missing = 0;
  let unexpected = 0;
  for (const phone of phones) {
    if (!phone.atMark) continue;
    unexpected += phone.other;
    if (phone.nextAt === undefined || !phone.next) {
      missing += 1;
      continue;
    }
    byCity[phone.city]!.push(phone.nextAt - command.t0);
    madeMs.push(phone.next.at - command.t0);
  }
  report({ type: 'collected', byCity, madeMs, missing, unexpected, dropped });
}

process.on('message', (command: PhoneCommand) => {
  const run = async () => {
    if (command.type === 'connect') await connect(command);
    else if (command.type === 'mark') mark();
    else if (command.type === 'collect') await collect(command);
    else if (command.type === 'quiet') {
      const page = phones.find((p) => p.last?.number === command.number);
      report({ type: 'quiet', lastAt, holds: !!page, closed: !!page?.last && FINAL.has(page.last.state) });
    } else {
      for (const phone of phones) phone.socket.disconnect();
      process.exit(0);
    }
  };
  run().catch((err: unknown) => report({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
process.on('disconnect', () => process.exit(0));
