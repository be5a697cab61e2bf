/**
 * Ethernet printers: raw ESC/POS over TCP, port 9100 by convention. One connection at a time, opened on first use,
 * dropped on the first failure or after a quiet spell, and opened again by the next call.
 */
import net, { type Socket } from 'node:net';
import { PrinterError, type PrinterTransport } from './printer.js';
import { statusRequest } from './status.js';

export interface NetworkPrinterOptions {
  connectTimeoutMs?: number;
  /** Budget for handing over one job, confirmation included; a printer with a full buffer takes its time. */
  writeTimeoutMs?: number;
  /**
   * A quiet connection is closed after this long: an Epson accepts one connection on 9100 at a time, so holding it
   * would lock out other hosts, and a connection idle across a printer reboot is dead without anyone noticing.
   */
  idleMs?: number;
}

/** Bits 1 and 4 are set, bits 0 and 7 clear in every DLE EOT answer. */
const looksLikeStatus = (b: number) => (b & 0x93) === 0x12;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is this the printer, and is its port 9100 open?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host name';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable (check the cable and the IP address)';
    case 'ECONNRESET':
      return 'connection reset (printer switched off or restarted?)';
    case 'EPIPE':
      return 'connection broken';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** One TCP connection and the bytes the printer has sent back on it. Never reused after it closes. */
class Link {
  closed = false;
  private failure: PrinterError | null = null;
  private inbox: number[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    readonly socket: Socket,
    private readonly where: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) this.inbox.push(b);
      this.signal();
    });
    socket.on('error', (err) => {
      this.failure ??= new PrinterError(`printer at ${where}: ${describe(err)}`, { cause: err });
    });
    socket.on('close', () => {
      this.closed = true;
      this.failure ??= new PrinterError(`printer at ${where} closed the connection (unplugged or switched off?)`);
      this.signal();
    });
  }

  get error(): PrinterError {
    return this.failure ?? new PrinterError(`printer at ${this.where}: connection lost`);
  }

  /** Resolves once the kernel has taken the last byte; rejects if the connection dies first. */
  async send(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.closed) throw this.error;
    let timer: NodeJS.Timeout | undefined;
    let onClose = () => {};
    try {
      await new Promise<void>((resolve, reject) => {
        onClose = () => reject(this.error);
        this.socket.once('close', onClose);
        timer = setTimeout(
          () => reject(new PrinterError(`printer at ${this.where} did not take the data within ${seconds(timeoutMs)}`)),
          Math.max(0, timeoutMs),
        );
        this.socket.write(bytes, (err) => {
          if (!err) resolve();
          else reject(this.failure ?? new PrinterError(`printer at ${this.where}: ${describe(err)}`, { cause: err }));
        });
      });
    } finally {
      clearTimeout(timer);
      this.socket.off('close', onClose);
    }
  }

  /** Forgets whatever the printer sent unasked, so it cannot pass for the answer to the next question. */
  drain(): void {
    this.inbox.length = 0;
  }

  async nextByte(timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const b = this.inbox.shift();
      if (b !== undefined) return b;
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private signal(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export class NetworkPrinter implements PrinterTransport {
  private link: Link | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly where: string;
  private readonly connectTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly idleMs: number;

  constructor(
    readonly host: string,
    readonly port = 9100,
    options: NetworkPrinterOptions = {},
  ) {
    this.where = `${host}:${port}`;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 20_000;
    this.idleMs = options.idleMs ?? 10_000;
  }

  /**
   * The kernel taking the bytes proves nothing: a ticket fits in the socket buffer, so a cable pulled now would go
   * unnoticed. The job is therefore followed by DLE EOT 1: the printer answers real-time requests as they arrive,
   * in order, so its answer means every byte before it reached the printer. What the answer says is not judged
   * here: whether the printer can go on printing is status.ts's business.
   */
  write(bytes: Uint8Array): Promise<void> {
    return this.serially(async () => {
      const deadline = Date.now() + this.writeTimeoutMs;
      const link = await this.connect(this.connectTimeoutMs);
      try {
        await link.send(bytes, deadline - Date.now());
        link.drain();
        await link.send(statusRequest(1), deadline - Date.now());
        for (;;) {
          const answer = await link.nextByte(deadline - Date.now());
          if (answer === null) {
            throw link.closed
              ? link.error
              : new PrinterError(`printer at ${this.where} did not confirm the job within ${seconds(this.writeTimeoutMs)} (is it an ESC/POS printer?)`);
          }
          // Anything else (an HTTP error page from a wrong port, automatic status) is no confirmation.
          if (looksLikeStatus(answer)) break;
        }
      } catch (err) {
        this.drop(link);
        throw err instanceof PrinterError ? err : new PrinterError(`printer at ${this.where}: ${describe(err)}`, { cause: err });
      }
    });
  }

  query(request: Uint8Array, timeoutMs: number): Promise<number | null> {
    return this.serially(async () => {
      const deadline = Date.now() + timeoutMs;
      let link: Link;
      try {
        link = await this.connect(Math.min(this.connectTimeoutMs, timeoutMs));
      } catch {
        return null;
      }
      try {
        link.drain();
        await link.send(request, deadline - Date.now());
        const answer = await link.nextByte(deadline - Date.now());
        // A late answer would be read as the answer to the next question; a fresh connection cannot carry one.
        if (answer === null) this.drop(link);
        return answer;
      } catch {
        this.drop(link);
        return null;
      }
    });
  }

  /** Ends the connection (bytes already written still go out); an operation still running may fail. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const link = this.link;
    this.link = null;
    if (!link || link.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => link.socket.destroy(), 1000);
      link.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      link.socket.end();
    });
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      clearTimeout(this.idleTimer);
      try {
        return await operation();
      } finally {
        this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
        this.idleTimer.unref();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async connect(timeoutMs: number): Promise<Link> {
    if (this.link && !this.link.closed) return this.link;
    this.link = null;
    const socket = net.connect({ host: this.host, port: this.port });
    // Real-time requests are three bytes; Nagle would hold them back waiting for more.
    socket.setNoDelay(true);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new PrinterError(`no answer from the printer at ${this.where} within ${seconds(timeoutMs)} (switched off, or wrong address?)`)),
          Math.max(0, timeoutMs),
        );
        const onError = (err: Error) => {
          clearTimeout(timer);
          reject(new PrinterError(`cannot reach the printer at ${this.where}: ${describe(err)}`, { cause: err }));
        };
        socket.once('error', onError);
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.off('error', onError);
          resolve();
        });
      });
    } catch (err) {
      socket.destroy();
      throw err;
    }
    this.link = new Link(socket, this.where);
    return this.link;
  }

  private drop(link: Link): void {
    link.socket.destroy();
    if (this.link === link) this.link = null;
  }
}
