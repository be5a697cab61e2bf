/**
 * Phase 2: how long a resident waits between the clerk pressing "call next" and their number showing on every
 * waiting-room screen. Calls go one at a time, each finished before the next, so what is measured is the path
 * of one call and not a queue of them.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PublicView, ServerToClientEvents, Update, Visit } from '@junban/protocol';
import type { HttpClient } from './http-client.js';
import type { ServerProbe } from './server-process.js';
import { distribution, ownCpuMs, type Distribution } from './stats.js';

type DisplaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Longer than any sane delivery: reaching it means an update was lost, which is a failure, not a slow result. */
const DELIVERY_TIMEOUT_MS = 10_000;

interface Arrivals {
  count: number;
  firstAt: number;
  lastAt: number;
}

/** Counts, per event, how many displays have received it, and resolves once every one of them has. */
class Fanout {
  private readonly seen = new Map<string, Arrivals>();
  private readonly waiters = new Map<string, (a: Arrivals) => void>();

  constructor(private readonly displays: number) {}

  arrive(key: string, at: number): void {
    let a = this.seen.get(key);
    if (!a) this.seen.set(key, (a = { count: 0, firstAt: at, lastAt: at }));
    a.count += 1;
    a.lastAt = at;
    if (a.count === this.displays) {
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.seen.delete(key);
        this.waiters.delete(key);
        waiter(a);
      }
    }
  }

  /** The update may reach the displays before the HTTP answer reaches the clerk, so arrivals are kept until asked. */
  allReceived(key: string): Promise<Arrivals> {
    const a = this.seen.get(key);
    if (a && a.count >= this.displays) {
      this.seen.delete(key);
      return Promise.resolve(a);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`only ${this.seen.get(key)?.count ?? 0} of ${this.displays} displays received ${key} within ${DELIVERY_TIMEOUT_MS} ms`));
      }, DELIVERY_TIMEOUT_MS);
      this.waiters.set(key, (arrivals) => {
        clearTimeout(timer);
        resolve(arrivals);
      });
    });
  }
}

export interface Displays {
  sockets: DisplaySocket[];
  fanout: Fanout;
  /** Updates whose `previous` did not match the display's version: each would force a real screen to resync. */
  gaps: () => number;
  /** The size of the last update as JSON, to judge what the server sends to each screen. */
  lastUpdateBytes: () => number;
  close(): void;
}

async function connectDisplay(origin: string, token: string): Promise<{ socket: DisplaySocket; version: number }> {
  const socket: DisplaySocket = io(origin, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000 });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(10_000).emitWithAck('sync', {});
    if (!ack.ok) throw new Error(`sync refused: ${ack.error.code} ${ack.error.message}`);
    return { socket, version: ack.data.view.version };
  } catch (err) {
    socket.disconnect();
    throw err;
  }
}

/** Connect the displays the way the display screen does: token in the handshake, websocket only, sync first. */
export async function connectDisplays(origin: string, token: string, count: number): Promise<Displays> {
  const fanout = new Fanout(count);
  let gaps = 0;
  let lastUpdateBytes = 0;
  const settled = await Promise.allSettled(Array.from({ length: count }, () => connectDisplay(origin, token)));
  const connected = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const close = () => connected.forEach((c) => c.socket.disconnect());
  if (failed) {
    close();
    throw new Error(`${count - connected.length} of ${count} displays could not connect: ${String(failed.reason)}`);
  }
  connected.forEach((display, i) => {
    let version = display.version;
    display.socket.on('update', (update: Update) => {
      const at = performance.now();
      if (update.previous !== version && update.version > version) gaps += 1;
      version = Math.max(version, update.version);
      for (const e of update.events) {
        if ((e.type === 'called' || e.type === 'finished') && e.stepId) fanout.arrive(`${e.type}:${e.stepId}`, at);
      }
      if (i === 0) lastUpdateBytes = JSON.stringify(update).length;
    });
  });
  return { sockets: connected.map((c) => c.socket), fanout, gaps: () => gaps, lastUpdateBytes: () => lastUpdateBytes, close };
}

/**
 * Make sure every service has at least `perService` residents waiting, whatever ran before: a call-next that finds
 * the queue empty would end the phase early.
 */
export async function ensureWaiting(client: HttpClient, kioskToken: string, perService: number): Promise<number> {
  const headers = { authorization: `Bearer ${kioskToken}` };
  const view = await client.json<PublicView>('GET', '/api/v1/view', { headers });
  let issued = 0;
  for (const q of view.queues) {
    for (let n = q.waiting; n < perService; n++, issued++) {
      await client.json('POST', '/api/v1/visits', { body: { services: [q.serviceId] }, headers });
    }
  }
  return issued;
}

export interface CallLatencyOptions {
  client: HttpClient;
  /** The signed-in counter staff member's session cookie. */
  staffHeaders: Record<string, string>;
  displays: Displays;
  counters: readonly string[];
  calls: number;
  warmUp: number;
  server: ServerProbe;
}

export interface CallLatencyResult {
  calls: number;
  displays: number;
  /** From just before sending call-next until the last display received the `called` event. */
  toAllDisplaysMs: Distribution;
  /** Until the clerk's HTTP answer arrived: the commit, without the broadcast. */
  httpAnswerMs: Distribution;
  /** Between the first and the last display receiving the same update. */
  spreadMs: Distribution;
  gaps: number;
  updateBytes: number;
  serverCpuMs: number;
  benchCpuMs: number;
}

async function post(client: HttpClient, path: string, headers: Record<string, string>, body?: unknown): Promise<Visit> {
  const reply = await client.send('POST', path, { headers, body: body ?? {} });
  const visit = (reply.body as { visit?: Visit } | null)?.visit;
  if (reply.status !== 200 || !visit) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return visit;
}

export async function runCallLatency(opts: CallLatencyOptions): Promise<CallLatencyResult> {
  const toAll: number[] = [];
  const http: number[] = [];
  const spread: number[] = [];
  let serverCpu0 = 0;
  let benchCpu0 = 0;
  for (let i = 0; i < opts.warmUp + opts.calls; i++) {
    if (i === opts.warmUp) {
      serverCpu0 = opts.server.cpuMs();
      benchCpu0 = ownCpuMs();
    }
    const counterId = opts.counters[i % opts.counters.length]!;
    const counterPath = `/api/v1/counters/${encodeURIComponent(counterId)}`;

    const t0 = performance.now();
    const visit = await post(opts.client, `${counterPath}/call-next`, opts.staffHeaders);
    const answered = performance.now();
    const step = visit.steps.find((s) => s.state === 'called' && s.counterId === counterId);
    if (!step) throw new Error(`call-next at counter ${counterId} answered a visit without a called step: ${JSON.stringify(visit)}`);
    const called = await opts.displays.fanout.allReceived(`called:${step.id}`);
    if (i >= opts.warmUp) {
      toAll.push(called.lastAt - t0);
      http.push(answered - t0);
      spread.push(called.lastAt - called.firstAt);
    }

    // Free the counter, and let every display take in that update too, so the next call starts from quiet.
    await post(opts.client, `${counterPath}/finish`, opts.staffHeaders, { stepId: step.id });
    await opts.displays.fanout.allReceived(`finished:${step.id}`);
  }
  return {
    calls: opts.calls,
    displays: opts.displays.sockets.length,
    toAllDisplaysMs: distribution(toAll),
    httpAnswerMs: distribution(http),
    spreadMs: distribution(spread),
    gaps: opts.displays.gaps(),
    updateBytes: opts.displays.lastUpdateBytes(),
    serverCpuMs: opts.server.cpuMs() - serverCpu0,
    benchCpuMs: ownCpuMs() - benchCpu0,
  };
}
