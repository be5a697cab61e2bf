/**
 * The one way tests and benchmarks start an office: the built server (`server/dist/main.js --demo`) in a child
 * process, or the app in this process, on a free loopback port with a data folder of its own, and stopped cleanly
 * (SIGTERM, then SIGKILL if it lingers). Used by the server's tests (server/test/support.ts), the browser tests
 * (test/support/server.ts) and the benchmarks (server/src/bench, test/bench).
 *
 * It imports nothing from the server at load time (the in-process office is imported when asked for), so the
 * browser tests can load it without the server's dependencies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OfficeServer, OfficeServerOptions } from '../config/server-options.js';
import type { DemoInfo } from '../screens/landing.js';

/** The device tokens and staff accounts `main.js --demo` keeps in its data folder (demo.json). */
export type DemoFile = DemoInfo;

/** The server package's folder, from src/testing or dist/testing alike. */
const serverDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoRoot = join(serverDir, '..');
/** The built server's entry point. */
export const serverMain = join(serverDir, 'dist', 'main.js');

/** Enough of the server's output to explain a failure, without keeping a long run's logs. */
const KEEP_OUTPUT = 16_384;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The Node flags in server/package.json's "serve" script, the one place they are set. */
export function serveNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { scripts: { serve: string } };
  const words = pkg.scripts.serve.split(/\s+/);
  return words.slice(1, words.indexOf('dist/main.js')).filter((w) => w.startsWith('--'));
}

export function readDemoFile(dataDir: string): DemoFile {
  return JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoFile;
}

/** SIGTERM, as a service manager stops the office; SIGKILL if it is still there `killAfterMs` later (which it should not be). */
export async function terminate(child: ChildProcess, killAfterMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

export interface BuiltOfficeOptions {
  /** The data folder; a fresh temp folder (removed by `stop()`) by default. A given folder is kept. */
  dataDir?: string;
  /** The port; a free one by default. */
  port?: number;
  /** Extra command-line arguments after `--demo`. */
  args?: string[];
  /** Node flags before the script; with `serveFlags`, after the "serve" script's. */
  nodeArgs?: string[];
  /** Run with the Node flags of `npm start` (the "serve" script), as an office runs it. */
  serveFlags?: boolean;
  /** Extra environment, given the office's address (e.g. JUNBAN_PUBLIC_URL). */
  env?: (baseURL: string) => Record<string, string>;
  /** How long to wait for /api/v1/health (ms). */
  timeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (ms). */
  killAfterMs?: number;
  /** How much of the server's latest output to keep, in characters; 16 kB by default. */
  keepOutput?: number;
}

export interface BuiltOffice {
  baseURL: string;
  port: number;
  dataDir: string;
  /** The running process (it changes with `restart()`). */
  readonly child: ChildProcess;
  /** The server's recent stdout and stderr, for failure messages. */
  output(): string;
  demo(): DemoFile;
  /** Throws if the server died: a crash is reported as a crash and not as slowness. */
  assertAlive(): void;
  /** Stop the server (SIGTERM, then SIGKILL) and remove its data folder unless it was given. */
  stop(): Promise<void>;
  /** Stop the server's process but keep its data, as when the office's machine goes away. */
  halt(): Promise<void>;
  /** Kill it at once (SIGKILL), as a power cut would; the data stays. */
  kill(): Promise<void>;
  /** Start it again after `halt()` or `kill()`, on the same port with the same data; resolves once it is healthy. */
  restart(): Promise<void>;
}

/** The built server, `main.js --demo`, in a child process; resolves once it answers /api/v1/health. */
export async function startBuiltOffice(options: BuiltOfficeOptions = {}): Promise<BuiltOffice> {
  const port = options.port ?? (await freePort());
  const ownFolder = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'junban-office-'));
  const baseURL = `http://127.0.0.1:${port}`;
  let text = '';
  const keep = (chunk: Buffer) => void (text = (text + chunk.toString('utf8')).slice(-(options.keepOutput ?? KEEP_OUTPUT)));
  const output = () => text.trim();

  const launch = () => {
    const nodeArgs = [...(options.serveFlags ? serveNodeFlags() : []), ...(options.nodeArgs ?? [])];
    const child = spawn(process.execPath, [...nodeArgs, serverMain, '--demo', ...(options.args ?? [])], {
      cwd: repoRoot,
      // No generated history unless asked for: writing it keeps the server busy for half a minute.
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        JUNBAN_DEMO_HISTORY_DAYS: '0',
        HOST: '127.0.0.1',
        ...options.env?.(baseURL),
        PORT: String(port),
        JUNBAN_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // If the test runner or the bench dies without its teardown, the server must not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.on('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    // Spawning failed: there is no process to wait for; say why.
    child.on('error', (err) => keep(Buffer.from(`\n${String(err)}`)));
    return child;
  };
  let child = launch();
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const assertAlive = () => {
    if (exited()) throw new Error(`the server exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`);
  };

  const removeFolder = () => {
    try {
      if (ownFolder) rmSync(dataDir, { recursive: true, force: true });
    } catch {
      // A killed server may still be writing its last file; a leftover temp folder is the lesser harm here.
    }
  };
  process.on('exit', removeFolder);

  const stop = async () => {
    await terminate(child, options.killAfterMs);
    process.off('exit', removeFolder);
    removeFolder();
  };
  const healthy = async () => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (exited()) break;
      try {
        const res = await fetch(`${baseURL}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = String(err);
      }
      await sleep(100);
    }
    const why = exited()
      ? `the server exited (${child.exitCode ?? child.signalCode}) before it was healthy`
      : `the server did not answer ${baseURL}/api/v1/health with 200 within ${timeoutMs / 1000} s (${last})`;
    const said = output();
    await stop();
    throw new Error(`${why}\n--- server output ---\n${said}`);
  };
  const kill = async () => {
    if (exited()) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };

  await healthy();
  return {
    baseURL,
    port,
    dataDir,
    output,
    assertAlive,
    stop,
    kill,
    get child() {
      return child;
    },
    demo: () => readDemoFile(dataDir),
    halt: () => terminate(child, options.killAfterMs),
    async restart() {
      await terminate(child, options.killAfterMs);
      child = launch();
      await healthy();
    },
  };
}

export interface InProcessOffice {
  server: OfficeServer;
  url: string;
  port: number;
  dataDir: string;
  /** Close the office and remove its data folder unless it was given. */
  stop(): Promise<void>;
}

/** The app in this process (`createOfficeServer`), on a free loopback port, with a fresh data folder unless one is given. */
export async function startInProcessOffice(
  options: Omit<OfficeServerOptions, 'dataDir'> & { dataDir?: string; /** A free one by default. */ port?: number },
): Promise<InProcessOffice> {
  const { createOfficeServer } = await import('../app.js');
  const { port: wanted, ...rest } = options;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'junban-test-'));
  const server = createOfficeServer({ ...rest, dataDir });
  const port = await server.listen(wanted ?? 0);
  return {
    server,
    port,
    dataDir,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
