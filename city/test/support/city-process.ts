/**
 * The built city (`city/dist/main.js`) in a child process, as a city runs it: on a PostgreSQL database, on a port
 * of its own that it keeps across restarts, stopped politely (SIGTERM) or killed (SIGKILL) as a crash would.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const cityDir = fileURLToPath(new URL('../..', import.meta.url));
export const cityMain = `${cityDir}dist/main.js`;
export const cityCli = `${cityDir}dist/cli.js`;

/** Enough of the city's output to explain a failure. */
const KEEP_OUTPUT = 16_384;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first port from `from` on that nobody listens on (this suite's ports are 45000-45999). */
export async function freePortFrom(from: number, to = from + 99): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** `junban-city create-admin`, as a city's admin runs it once. */
export async function createCityAdmin(databaseUrl: string, username: string, password: string): Promise<void> {
  await promisify(execFile)(process.execPath, [cityCli, 'create-admin', username], {
    env: { ...process.env, DATABASE_URL: databaseUrl, JUNBAN_ADMIN_PASSWORD: password },
  });
}

export interface CityProcess {
  url: string;
  port: number;
  readonly child: ChildProcess;
  output(): string;
  /** Start it (again), on the same port and database; resolves once /api/v1/health answers. */
  start(): Promise<void>;
  /** SIGKILL, as a crash or a pulled plug would; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>;
}

export function cityProcess(options: { port: number; databaseUrl: string }): CityProcess {
  const { port, databaseUrl } = options;
  const url = `http://127.0.0.1:${port}`;
  let text = '';
  let child: ChildProcess | undefined;
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const gone = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || exited(c)) return;
    const done = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    const insist = setTimeout(() => c.kill('SIGKILL'), 5_000);
    await done;
    clearTimeout(insist);
  };

  return {
    url,
    port,
    get child() {
      if (!child) throw new Error('the city was not started');
      return child;
    },
    output: () => text.trim(),
    async start() {
      const c = spawn(process.execPath, [cityMain], {
        env: { ...process.env, CITY_PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => void (text = (text + chunk.toString('utf8')).slice(-KEEP_OUTPUT));
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      child = c;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (exited(c)) break;
        try {
          const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
          await res.arrayBuffer();
          if (res.ok) return;
        } catch {
          // Not listening yet.
        }
        await sleep(50);
      }
      throw new Error(`the city did not start on ${url}:\n${text}`);
    },
    kill: () => gone('SIGKILL'),
    async stop() {
      await gone('SIGTERM');
      process.off('exit', killOnExit);
    },
  };
}
