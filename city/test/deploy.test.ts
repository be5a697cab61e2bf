/**
 * The city server's containers as `deploy/city` ships them. Docker cannot run here, so this checks what it would
 * build and run: every setting the compose file gives is one the city reads, every file the image copies exists
 * once the repository is built, and the image's command with the compose file's settings, run for both roles on a
 * real PostgreSQL, starts a staff process and a public face that answer the image's own health check.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { freshPostgresDatabase } from './support.js';

const root = join(import.meta.dirname, '../..');
const deploy = join(root, 'deploy/city');
const compose = parse(readFileSync(join(deploy, 'compose.yaml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; build?: { context: string; dockerfile: string }; image?: string }>;
};
const dockerfile = readFileSync(join(deploy, 'Dockerfile'), 'utf8');
/** The runtime stage's instructions: what follows the last FROM. */
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const jsonArray = (instruction: string) => JSON.parse(new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(runtime)![1]!) as string[];

/** Every environment variable the city's code reads (its sources, tests aside). */
function settingsTheCityReads(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.test.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/\b((?:CITY|JUNBAN)_[A-Z_]+|DATABASE_URL|HOST|LOG_LEVEL)\b/g)) names.add(m[1]!);
    }
  };
  walk(join(root, 'city/src'));
  return names;
}

describe('the city image and compose file as deploy/city ships them', () => {
  it('gives each city service only settings the city reads, and builds the image from the repository root', () => {
    const known = settingsTheCityReads();
    const cities = Object.entries(compose.services).filter(([name]) => name.startsWith('city-'));
    expect(cities.map(([, s]) => s.environment!.CITY_ROLE).sort()).toEqual(['public', 'staff']);
    for (const [name, service] of cities) {
      for (const key of Object.keys(service.environment ?? {})) expect(known.has(key), `${name}: ${key}`).toBe(true);
      expect(service.environment!.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    }
    const built = compose.services['city-staff']!.build!;
    expect(join(deploy, built.context, built.dockerfile)).toBe(join(deploy, 'Dockerfile'));
    expect(compose.services['city-public']!.image).toBe(compose.services['city-staff']!.image);
  });

  const sources = [...dockerfile.matchAll(/^COPY (?:--from=build )?(\S+(?: \S+)*?) (\S+)$/gm)].flatMap((m) => m[1]!.split(' ')).filter((s) => s !== '.');

  it('copies only files that exist in a built repository, and runs one that does', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) expect(existsSync(join(root, source.replace(/^\/src\//, ''))), source).toBe(true);
    expect(existsSync(join(root, jsonArray('CMD')[1]!))).toBe(true);
  });

  it("carries the packages of the office's code the city runs, wherever npm put them (the directory sign-in's clients)", () => {
    // Node looks for them from server/dist: in server/node_modules first, then the root's.
    for (const pkg of ['ldapts', 'openid-client']) {
      const at = ['server/node_modules', 'node_modules'].find((dir) => existsSync(join(root, dir, pkg)));
      expect(at, pkg).toBeDefined();
      expect(sources, `${pkg} is in ${at}`).toContain(`/src/${at}`);
    }
  });

  describe.skipIf(!process.env.CITY_TEST_DATABASE_URL)('on PostgreSQL', () => {
    const running: ChildProcess[] = [];
    const drops: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const child of running) child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      for (const drop of drops) await drop();
    });

    /** The image's command, as the compose file runs it for `service`, on this machine. */
    function start(service: string, env: NodeJS.ProcessEnv): { url: string; port: number } {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const [node, ...args] = jsonArray('CMD');
      const child = spawn(node === 'node' ? process.execPath : node!, args, {
        cwd: root,
        env: { PATH: process.env.PATH, ...compose.services[service]!.environment, ...env, CITY_PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      running.push(child);
      return { url: `http://127.0.0.1:${port}`, port };
    }

    it("starts a staff process and a public face on one PostgreSQL that pass the image's health check", async () => {
      const database = await freshPostgresDatabase(process.env.CITY_TEST_DATABASE_URL!);
      drops.push(database.drop);
      const folder = mkdtempSync(join(tmpdir(), 'junban-city-deploy-'));
      const keyFile = join(folder, 'city.key');
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      const shared = { DATABASE_URL: database.url, JUNBAN_CITY_KEY_FILE: keyFile, JUNBAN_DATA_DIR: folder, JUNBAN_SECURE_COOKIES: 'false' };
      const staff = start('city-staff', shared);
      await expect.poll(async () => (await fetch(`${staff.url}/api/v1/health`).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);
      const publicFace = start('city-public', { ...shared, CITY_METRICS_TOKEN: 'prometheus-scrape-token-0123' });
      await expect.poll(async () => (await fetch(`${publicFace.url}/api/v1/health`).catch(() => null))?.status, { timeout: 30_000 }).toBe(200);

      // The image's HEALTHCHECK command, run as Docker would, for each.
      const healthcheck = (JSON.parse(/^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(runtime)![1]!) as string[]).slice(1);
      for (const { port } of [staff, publicFace]) {
        const probe = spawnSync(process.execPath, healthcheck, { env: { ...process.env, CITY_PORT: String(port) } });
        expect(probe.status).toBe(0);
      }
      // Each role serves its own side: the staff's pages inside, residents' status pages and metrics-with-a-token outside.
      expect((await fetch(`${staff.url}/api/v1/auth/me`)).status).toBe(401);
      expect((await fetch(`${publicFace.url}/api/v1/auth/me`)).status).toBe(404);
      expect((await fetch(`${publicFace.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${publicFace.url}/metrics`, { headers: { authorization: 'Bearer prometheus-scrape-token-0123' } })).status).toBe(200);
    });
  });
});
