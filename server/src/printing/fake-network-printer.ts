/**
 * An Ethernet receipt printer played on a local port, for the tests and the benchmark: it keeps what it would
 * have printed, answers DLE EOT like an Epson TM in a state set by hand, and can have its cable pulled mid-ticket.
 * It lives in src so that code running from dist (the benchmark, the browser tests) can start one.
 */
import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { statusAnswer, type ScriptedState } from './virtual.js';

const DLE = 0x10;
const EOT = 0x04;
const GS = 0x1d;

export interface FakeJob {
  /** Everything from the previous cut (or the connection's start) to this job's cut command, included. */
  bytes: Buffer;
  /** performance.now() of this process when the job's first and last bytes arrived. */
  firstByteAt: number;
  lastByteAt: number;
}

/** Per connection: a real-time request can be split across TCP chunks, and so can a job. */
interface Conn {
  socket: Socket;
  /** How much of "DLE EOT" the previous chunk ended with. */
  held: 0 | 1 | 2;
  pending: Buffer;
  firstByteAt: number;
}

/** Index of the first GS V 65/66 n (cut, with its n) at or after `from`; -1 if none is complete. */
function findCut(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(GS, from); i >= 0 && i + 3 < buf.length; i = buf.indexOf(GS, i + 1)) {
    if (buf[i + 1] === 0x56 && (buf[i + 2] === 0x41 || buf[i + 2] === 0x42)) return i;
  }
  return -1;
}

export class FakeNetworkPrinter {
  state: ScriptedState = 'ready';
  /** Real-time requests answered or ignored so far. */
  queries = 0;
  private chunks: Buffer[] = [];
  private done: FakeJob[] = [];
  private cutShort: FakeJob[] = [];
  private unplugBudget: number | null = null;
  private readonly conns = new Set<Conn>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: { port?: number } = {}): Promise<FakeNetworkPrinter> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new FakeNetworkPrinter(server, (server.address() as net.AddressInfo).port);
  }

  /** Every print byte received, status requests left out, cut-short jobs included. */
  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Jobs that ended with a cut, in order of arrival. */
  jobs(): FakeJob[] {
    return [...this.done];
  }

  /** Jobs whose connection closed before their cut: what a printer prints when its cable is pulled. */
  interrupted(): FakeJob[] {
    return [...this.cutShort];
  }

  get connections(): number {
    return this.conns.size;
  }

  setState(state: ScriptedState): void {
    this.state = state;
  }

  /** After `bytes` more print bytes, the connection carrying them is cut (RST), as when the cable is pulled. */
  unplugAfter(bytes: number): void {
    this.unplugBudget = bytes;
  }

  /** Forgets what was printed so far (between benchmark rounds). */
  reset(): void {
    this.chunks = [];
    this.done = [];
    this.cutShort = [];
    this.queries = 0;
  }

  async waitForJobs(count: number, timeoutMs = 5000): Promise<FakeJob[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.done.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake printer: ${this.done.length} of ${count} jobs after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.jobs();
  }

  async close(): Promise<void> {
    for (const conn of this.conns) conn.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const conn: Conn = { socket, held: 0, pending: Buffer.alloc(0), firstByteAt: 0 };
    this.conns.add(conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(conn, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.conns.delete(conn);
      if (conn.pending.length > 0) this.cutShort.push({ bytes: conn.pending, firstByteAt: conn.firstByteAt, lastByteAt: performance.now() });
      conn.pending = Buffer.alloc(0);
    });
  }

  private receive(conn: Conn, chunk: Buffer): void {
    if (conn.socket.destroyed) return;
    const at = performance.now();
    const budget = this.unplugBudget;
    // Real-time requests are taken out of the stream and answered at once, as a TM does on reception.
    const out = Buffer.allocUnsafe(chunk.length + 2);
    let n = 0;
    for (const b of chunk) {
      // A pulled cable carries nothing more: no later byte is printed and no later request answered.
      if (budget !== null && n >= budget) break;
      if (conn.held === 2) {
        conn.held = 0;
        if (b >= 1 && b <= 4) {
          this.answer(conn, b);
          continue;
        }
        out[n++] = DLE;
        out[n++] = EOT;
      } else if (conn.held === 1) {
        conn.held = 0;
        if (b === EOT) {
          conn.held = 2;
          continue;
        }
        out[n++] = DLE;
      }
      if (b === DLE) conn.held = 1;
      else out[n++] = b;
    }
    const unplug = budget !== null && n >= budget;
    if (budget !== null) this.unplugBudget = unplug ? null : budget - n;
    this.keep(conn, Buffer.from(out.subarray(0, unplug ? budget : n)), at);
    if (unplug) conn.socket.resetAndDestroy();
  }

  private answer(conn: Conn, n: number): void {
    this.queries++;
    const answer = statusAnswer(this.state, Uint8Array.of(DLE, EOT, n));
    if (answer !== null) conn.socket.write(Uint8Array.of(answer));
  }

  private keep(conn: Conn, print: Buffer, at: number): void {
    if (print.length === 0) return;
    this.chunks.push(print);
    if (conn.pending.length === 0) conn.firstByteAt = at;
    let buf = Buffer.concat([conn.pending, print]);
    let from = Math.max(0, conn.pending.length - 3);
    for (let cut = findCut(buf, from); cut >= 0; cut = findCut(buf, from)) {
      this.done.push({ bytes: buf.subarray(0, cut + 4), firstByteAt: conn.firstByteAt, lastByteAt: at });
      buf = buf.subarray(cut + 4);
      from = 0;
      conn.firstByteAt = at;
    }
    conn.pending = buf;
    if (this.done.length > 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }
}

export const startFakeNetworkPrinter = (options: { port?: number } = {}) => FakeNetworkPrinter.start(options);
