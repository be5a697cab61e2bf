/**
 * The office server under test, run as a child process exactly as an office runs it (`main.js --demo`), so its
 * memory and CPU are its own and not mixed with the load generator's.
 */
import { readFileSync } from 'node:fs';
import { startBuiltOffice, type BuiltOffice, type BuiltOfficeOptions, type DemoFile } from '../testing/office.js';

export { serveNodeFlags } from '../testing/office.js';

export interface Memory {
  /** Peak resident set size so far, in bytes. */
  peakRss: number;
  rss: number;
}

/** Linux reports CPU time in clock ticks; every mainstream kernel config uses 100 per second. */
const TICKS_PER_SEC = 100;

/** What the phases sample from the server while it runs. */
export type ServerProbe = Pick<ServerProcess, 'cpuMs' | 'mainThread' | 'assertAlive'>;

export class ServerProcess {
  private constructor(private readonly office: BuiltOffice) {}

  /**
   * Start a demo office on a free loopback port in a fresh data folder, and wait until it answers. It runs with the
   * Node flags of `npm start` (the "serve" script), so the bench measures the server as it is deployed.
   * The office harness (testing/office.ts) kills it and removes its folder if the bench exits without `stop()`.
   * `options` choose its port, data folder (then kept) or extra environment, for benches that need them (the city's).
   */
  static async start(extraNodeArgs: string[] = [], options: Pick<BuiltOfficeOptions, 'port' | 'dataDir' | 'env'> = {}): Promise<ServerProcess> {
    // A clean stop gives the server time to flush a CPU profile, if one was asked for.
    return new ServerProcess(await startBuiltOffice({ ...options, serveFlags: true, nodeArgs: extraNodeArgs, timeoutMs: 30_000, killAfterMs: 10_000 }));
  }

  get child() {
    return this.office.child;
  }

  get port(): number {
    return this.office.port;
  }

  get dataDir(): string {
    return this.office.dataDir;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the server printed, for an error report. */
  get recentOutput(): string {
    return this.office.output();
  }

  /** Throws if the server died: every phase checks, so a crash is reported as a crash and not as slowness. */
  assertAlive(): void {
    this.office.assertAlive();
  }

  /** The demo's tokens and accounts; main.ts writes them before it starts listening. */
  demoInfo(): DemoFile {
    return this.office.demo();
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

  /** Ask the server to shut down cleanly, then insist; its data folder is removed. */
  stop(): Promise<void> {
    return this.office.stop();
  }
}
