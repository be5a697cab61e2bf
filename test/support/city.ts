/**
 * The built city server (`city/dist/main.js`) for a browser test: on a throwaway PostgreSQL cluster, at a free port,
 * with a city admin (`cityadmin`) and a city manager (`citymanager`) whose password is `password`; stopped with its
 * cluster after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../scripts/postgres.mjs';
import { freePort, repoRoot, terminate } from './server.js';

const cityMain = join(repoRoot, 'city', 'dist', 'main.js');
const cityCli = join(repoRoot, 'city', 'dist', 'cli.js');

export interface RunningCity {
  url: string;
  stop(): Promise<void>;
}

/** `env`: more of the city's settings, given its address (CITY_PUBLIC_URL, a notice webhook…). */
export async function startBuiltCity(password: string, env: (url: string) => Record<string, string> = () => ({})): Promise<RunningCity> {
  if (!existsSync(cityMain)) throw new Error(`${cityMain} is missing: build the city first (npm run build)`);
  const postgres = await startPostgres();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const settings = {
    ...process.env,
    DATABASE_URL: postgres.url,
    CITY_PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JUNBAN_ADMIN_PASSWORD: password,
    JUNBAN_DATA_DIR: mkdtempSync(join(tmpdir(), 'junban-city-e2e-')),
    ...env(url),
  };
  for (const args of [
    ['create-admin', 'cityadmin'],
    ['create-admin', 'citymanager', '--manager'],
  ]) {
    const made = spawnSync(process.execPath, [cityCli, ...args], { env: settings, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`city ${args.join(' ')}: ${made.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, [cityMain], { env: settings, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let started = Date.now(); ;) {
    const up = await fetch(`${url}/api/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      await terminate(child);
      await postgres.stop();
      throw new Error('the city server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      await terminate(child);
      await postgres.stop();
    },
  };
}
