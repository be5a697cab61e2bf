/**
 * The built city server (`city/dist/main.js`) for a browser test: on a throwaway PostgreSQL cluster, at a free port,
 * with a city admin (`cityadmin`) and a city manager (`citymanager`) whose password is `password`; stopped with its
 * cluster after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../scripts/postgres.mjs';
import type { demoOffice } from './office.js';
import { freePort, repoRoot, terminate } from './server.js';

const cityMain = join(repoRoot, 'city', 'dist', 'main.js');
const cityCli = join(repoRoot, 'city', 'dist', 'cli.js');

export interface RunningCity {
  url: string;
  /** Its PostgreSQL database, for a test to look into (or to arrange what a real clock would take a day to). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * `env`: more of the city's settings, given its address (CITY_PUBLIC_URL, a notice webhook…); `port`: one known
 * before the start (an OpenID provider's redirect address), a free one otherwise.
 */
export async function startBuiltCity(password: string, env: (url: string) => Record<string, string> = () => ({}), port?: number): Promise<RunningCity> {
  if (!existsSync(cityMain)) throw new Error(`${cityMain} is missing: build the city first (npm run build)`);
  const postgres = await startPostgres();
  port ??= await freePort();
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
    databaseUrl: postgres.url,
    stop: async () => {
      await terminate(child);
      await postgres.stop();
    },
  };
}

/** The offices' own move-in form, as a city's catalogue carries it. */
export const MOVE_IN = JSON.parse(readFileSync(join(repoRoot, 'server/catalogue/tennyu.json'), 'utf8')) as unknown;

/**
 * Link a demo office to the city as their admins would: the city's admin puts `forms` in the catalogue and enrols
 * the office; the office's admin links it with the code. Answers how to unlink it.
 */
export async function linkToCity(
  city: RunningCity,
  password: string,
  office: Awaited<ReturnType<typeof demoOffice>>,
  as: { id: string; name: { ja: string; en: string } },
  forms: unknown[] = [],
): Promise<{ unlink: () => Promise<unknown> }> {
  const login = await fetch(`${city.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cityadmin', password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const cityCall = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${city.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, origin: city.url },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  if (forms.length) await cityCall('PUT', '/catalogue', { ...(await cityCall('GET', '/catalogue')), forms });
  const { code } = (await cityCall('POST', `/offices/${as.id}/enrolment`, { officeId: as.id, name: as.name })) as { code: string };
  const officeAdmin = await office.as('admin');
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  for (const deadline = Date.now() + 20_000; (await officeAdmin<{ state: string }>('GET', '/city-link')).state !== 'connected';) {
    if (Date.now() > deadline) throw new Error(`${as.id} did not connect to the city within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { unlink: () => officeAdmin('DELETE', '/city-link') };
}
