/**
 * Start a real, built office server on a free port with its own fresh data directory, as the tests need it.
 * The global setup starts one for all tests; a test that needs a clean office starts its own:
 *
 *   const server = await startServer();
 *   try { await page.goto(`${server.baseURL}/kiosk/`); } finally { await server.stop(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const serverMain = join(repoRoot, 'server', 'dist', 'main.js');

export interface StartOptions {
  /** Extra command-line arguments after `--demo`. */
  args?: string[];
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** How long to wait for /api/v1/health (ms). */
  timeoutMs?: number;
}

export interface RunningServer {
  baseURL: string;
  port: number;
  dataDir: string;
  /** The server's recent stdout and stderr, for failure messages. */
  output(): string;
  /** Stop the server and remove its data directory. */
  stop(): Promise<void>;
  /** Stop the server's process (SIGTERM) but keep its data, as when the office's machine goes away. */
  halt(): Promise<void>;
  /** Start it again after `halt()`, on the same port with the same data; resolves once it is healthy. */
  restart(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: build the server first (npm run build -w server).`);
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'junban-e2e-'));
  const baseURL = `http://127.0.0.1:${port}`;

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 200));
  };
  const output = () => lines.join('\n');

  const launch = () => {
    const child = spawn(process.execPath, [serverMain, '--demo', ...(options.args ?? [])], {
      cwd: repoRoot,
      // Phones open the status page at the public address in the ticket's QR code: here, the test's own server.
      // No generated history unless a test asks for it: writing it keeps the server busy for half a minute.
      env: { ...process.env, JUNBAN_PUBLIC_URL: baseURL, JUNBAN_DEMO_HISTORY_DAYS: '0', ...options.env, PORT: String(port), JUNBAN_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return child;
  };
  let child = launch();

  // If the test runner dies without its teardown, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await terminate(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  const healthy = async () => {
    try {
      await waitForHealth(baseURL, child, options.timeoutMs ?? 60_000);
    } catch (err) {
      await stop();
      throw new Error(`${(err as Error).message}\n--- server output ---\n${output()}`, { cause: err });
    }
  };
  const halt = () => terminate(child);
  const restart = async () => {
    await terminate(child);
    child = launch();
    await healthy();
  };

  await healthy();
  return { baseURL, port, dataDir, output, stop, halt, restart };
}

async function waitForHealth(baseURL: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    }
    try {
      const res = await fetch(`${baseURL}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer ${baseURL}/api/v1/health with 200 within ${timeoutMs / 1000} s`);
}

/** SIGTERM, as a service manager stops the office; SIGKILL if it is still there 5 s later (which it should not be). */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
