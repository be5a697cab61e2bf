/**
 * What the city bench runs beside itself: ports in the bench's range, the city server as a child process (as a city
 * runs it, so its CPU is its own and not the load generator's), and enrolling offices through the city's database.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/engine.js';
import { Offices } from '../offices/offices.js';

/**
 * The bench's ports: from 47000 up to 47999, or the range in CITY_BENCH_PORTS (`4700-4799`) on a machine where other
 * work owns that one.
 */
const [PORT_FIRST, PORT_LAST] = benchPortRange(process.env.CITY_BENCH_PORTS);
// Two benches at once start apart in the range.
let nextPort = PORT_FIRST + ((process.pid * 10) % (PORT_LAST - PORT_FIRST));

function benchPortRange(setting: string | undefined): [number, number] {
  if (!setting) return [47000, 47999];
  const m = /^(\d+)-(\d+)$/.exec(setting.trim());
  const [first, last] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(first >= 1024 && last <= 65535 && last - first >= 20)) throw new Error(`CITY_BENCH_PORTS must be a range like 4700-4799, not "${setting}"`);
  return [first, last];
}

/** A port of 127.0.0.1 in the bench's range that was free a moment ago. */
export async function benchPort(): Promise<number> {
  for (let tries = 0; tries < PORT_LAST - PORT_FIRST; tries++) {
    const port = nextPort;
    nextPort = nextPort >= PORT_LAST ? PORT_FIRST : nextPort + 1;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${PORT_FIRST} and ${PORT_LAST}`);
}

const TICKS_PER_SEC = 100;

/**
 * User + system CPU time of a process from /proc/<pid>/stat, in ms; its parent's pid too, and the time of its children
 * that exited and that it waited for.
 */
function procStat(pid: number | string): { ppid: number; cpuMs: number; reapedMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; the fields after it are fixed (ppid is the 4th, utime and stime 14 and 15,
  // cutime and cstime 16 and 17).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (i: number) => (Number(fields[i]) * 1000) / TICKS_PER_SEC;
  return { ppid: Number(fields[1]), cpuMs: ms(11) + ms(12), reapedMs: ms(13) + ms(14) };
}

/** User + system CPU time of a process so far, in ms. */
export function processCpuMs(pid: number): number {
  return procStat(pid).cpuMs;
}

/**
 * CPU time of a PostgreSQL server: its postmaster, the backends it runs, and those that exited (the postmaster reaps
 * them: their time is its children's), in ms. A pool closes idle connections, so backends come and go during a run.
 */
export function postgresCpuMs(postmasterPid: number): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { ppid, cpuMs, reapedMs } = procStat(name);
      if (Number(name) === postmasterPid) total += cpuMs + reapedMs;
      else if (ppid === postmasterPid) total += cpuMs;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

const cityMain = fileURLToPath(new URL('../main.js', import.meta.url));
const memoryProbe = new URL('./memory-probe.js', import.meta.url).href;

/** A city process's memory (process.memoryUsage(), after a full garbage collection), in bytes. */
export interface CityMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export interface CityProcess {
  url: string;
  /** User + system CPU time of the city process so far, in ms. */
  cpuMs(): number;
  /** Its memory after a full collection: only for a process started with `probe`. */
  memory(): Promise<CityMemory>;
  assertAlive(): void;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `node city/dist/main.js` on PostgreSQL at `databaseUrl`; resolves once /api/v1/health answers. `env` adds to its
 * environment (notice channels, a key file shared by several processes). `probe`: the bench may ask it for its
 * memory (see memory-probe.ts).
 */
export async function startCityProcess(
  databaseUrl: string,
  dataDir: string,
  options: { env?: Record<string, string>; probe?: boolean } = {},
): Promise<CityProcess> {
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, options.probe ? ['--expose-gc', '--import', memoryProbe, cityMain] : [cityMain], {
    env: {
      ...process.env,
      CITY_PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      JUNBAN_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', options.probe ? 'ipc' : 'ignore'],
  });
  let text = '';
  const keep = (chunk: Buffer) => void (text = (text + chunk.toString('utf8')).slice(-16_384));
  // Piped above (the type cannot tell, the fourth stream being chosen at run time).
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const assertAlive = () => {
    if (exited()) throw new Error(`the city server exited (${child.exitCode ?? child.signalCode}):\n${text}`);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    assertAlive();
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the city server did not answer within 30 s:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    cpuMs: () => procStat(child.pid!).cpuMs,
    memory: () =>
      new Promise<CityMemory>((resolve, reject) => {
        if (!child.send) return reject(new Error('this city process was started without the memory probe'));
        const timer = setTimeout(() => reject(new Error('the city process did not report its memory within 30 s')), 30_000);
        child.once('message', (m: { memory?: CityMemory }) => {
          clearTimeout(timer);
          if (m.memory) resolve(m.memory);
          else reject(new Error(`the city process answered ${JSON.stringify(m)}`));
        });
        child.send('memory');
      }),
    assertAlive,
    output: () => text.trim(),
    async stop() {
      process.off('exit', killOnExit);
      if (exited()) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A one-time code for a new office, made in the city's database as the city admin's page would. */
export async function enrolmentCode(db: Db, officeId: string): Promise<string> {
  const enrolment = await new Offices(db, Date.now).createEnrolment(officeId, { ja: `${officeId} 窓口`, en: `${officeId} office` });
  return enrolment.code;
}

/** Add and enrol an office the way a linking office does (POST /link/enrol): its credential. */
export async function enrolOffice(db: Db, cityUrl: string, officeId: string): Promise<string> {
  const code = await enrolmentCode(db, officeId);
  const res = await fetch(`${cityUrl}/api/v1/link/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || typeof body.token !== 'string') throw new Error(`enrolling ${officeId} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}
