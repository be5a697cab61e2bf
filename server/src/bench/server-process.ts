/**
 * The office server under test, run as a child process exactly as an office runs it (`main.js --demo`), so its
 * memory and CPU are its own and not mixed with the load generator's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DemoInfo {
  kioskToken: string;
  displayToken: string;
  accounts: { role: string; username: string; password: string }[];
}

export interface Memory {
  /** Peak resident set size so far, in bytes. */
  peakRss: number;
  rss: number;
}

const mainScript = fileURLToPath(new URL('../main.js', import.meta.url));
/** Enough of the server's output to explain a crash, without keeping a long run's logs. */
const KEEP_OUTPUT = 16_384;
/** Linux reports CPU time in clock ticks; every mainstream kernel config uses 100 per second. */
const TICKS_PER_SEC = 100;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the phases sample from the server while it runs. */
export type ServerProbe = Pick<ServerProcess, 'cpuMs' | 'mainThread' | 'assertAlive'>;

/** The Node flags in server/package.json's "serve" script, the one place they are set. */
export function serveNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { serve: string } };
  const words = pkg.scripts.serve.split(/\s+/);
  return words.slice(1, words.indexOf('dist/main.js')).filter((w) => w.startsWith('--'));
}

export class ServerProcess {
  private output = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitHandler = () => this.killNow();

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-KEEP_OUTPUT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
    });
    child.on('error', (err) => {
      // Spawning failed: there is no process to wait for, so say so as if it had exited.
      this.output += `\n${String(err)}`;
      this.exited ??= { code: null, signal: null };
    });
    // A crash or Ctrl-C of the bench must not leave a server holding a port and a temp folder.
    process.on('exit', this.exitHandler);
  }

  /**
   * Start a demo office on a free loopback port in a fresh data folder, and wait until it answers. It runs with the
   * Node flags of `npm start` (the "serve" script), so the bench measures the server as it is deployed.
   */
  static async start(extraNodeArgs: string[] = []): Promise<ServerProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-bench-'));
    const child = spawn(process.execPath, [...serveNodeFlags(), ...extraNodeArgs, mainScript, '--demo'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', JUNBAN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', JUNBAN_DEMO_HISTORY_DAYS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, port, dataDir);
    try {
      await server.waitHealthy(30_000);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the server printed, for an error report. */
  get recentOutput(): string {
    return this.output.trim();
  }

  /** Throws if the server died: every phase checks, so a crash is reported as a crash and not as slowness. */
  assertAlive(): void {
    if (this.exited) {
      throw new Error(`the server exited (code ${this.exited.code}, signal ${this.exited.signal}):\n${this.recentOutput}`);
    }
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      this.assertAlive();
      try {
        const res = await fetch(`${this.origin}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = String(err);
      }
      await sleep(100);
    }
    throw new Error(`the server did not answer /api/v1/health within ${timeoutMs} ms (${last}):\n${this.recentOutput}`);
  }

  /** The demo's tokens and accounts; main.ts writes them before it starts listening. */
  demoInfo(): DemoInfo {
    return JSON.parse(readFileSync(join(this.dataDir, 'demo.json'), 'utf8')) as DemoInfo;
  }

  memory(): Memory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      if (!m) throw new Error(`no ${field} in /proc/${this.pid}/status`);
      return Number(m[1]) * 1024;
    };
    return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
  }

  /** User + system CPU time of the whole process (all threads, SQLite's fsyncs included), in ms. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields after it are fixed. utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SEC;
  }

  /**
   * The main thread's time on a core and waiting for one, in ms (from the scheduler). What remains of the wall
   * time it was blocked in a system call or idle: under load, mostly SQLite waiting for the disk to flush.
   */
  mainThread(): { cpuMs: number; runQueueMs: number } {
    const [onCpu = 0, waiting = 0] = readFileSync(`/proc/${this.pid}/task/${this.pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return { cpuMs: onCpu / 1e6, runQueueMs: waiting / 1e6 };
  }

  /** Ask the server to shut down cleanly (it flushes a CPU profile if one was asked for), then insist. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const clean = await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]);
      if (!clean) {
        this.child.kill('SIGKILL');
        await Promise.race([gone, sleep(5_000)]);
      }
    }
    this.removeDataDir();
    process.off('exit', this.exitHandler);
  }

  private killNow(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    try {
      this.removeDataDir();
    } catch {
      // The killed server may still be writing its last file; a leftover temp folder is the lesser harm here.
    }
  }

  private removeDataDir(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
