/**
 * `npm run city` (city/dist/demo/main.js, built): the city and its three demo offices start on free ports in a
 * folder of their own, the offices enrol themselves and link, the city's landing page lists each office with links
 * to its screens, one office killed leaves the rest running, and after a stop (SIGTERM) and a new start every link
 * resumes without a new enrolment; and the launcher killed outright takes its offices with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCityClient, type CityOffice } from '@junban/protocol';
import { expect, test } from '../support/fixtures.js';
import { freePort, repoRoot, terminate } from '../support/server.js';

const launcher = join(repoRoot, 'city', 'dist', 'demo', 'main.js');
const OFFICES = [
  { id: 'honcho', ja: 'ひかり市役所 本庁舎' },
  { id: 'kita', ja: 'ひかり市 北支所' },
  { id: 'ekimae-mall', ja: 'ひかり市 駅前モール臨時窓口' },
];

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A port whose next two are free as well: the offices take PORT, PORT+1 and PORT+2. */
async function threeFreePorts(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65533 && (await portIsFree(port + 1)) && (await portIsFree(port + 2))) return port;
  }
}

interface Launched {
  child: ChildProcess;
  output: () => string;
}

/** Start the launcher and wait for its summary (printed once every office is linked, or it gave up waiting). */
async function launch(env: Record<string, string>): Promise<Launched> {
  const child = spawn(process.execPath, [launcher], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await expect
    .poll(
      () => {
        if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
        return output.includes('Ctrl-C stops the city');
      },
      { timeout: 50_000, intervals: [200] },
    )
    .toBe(true);
  return { child, output: () => output };
}

test('npm run city: three offices linked to the city, listed with their screens, one killed alone, all resuming after a restart, none left behind by a killed launcher', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'city-demo-e2e-'));
  const officePort = await threeFreePorts();
  const cityPort = await freePort();
  const env = {
    CITY_PORT: String(cityPort),
    PORT: String(officePort),
    JUNBAN_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    // A few days each, so that the start stays quick; the offices' own sizes still differ.
    JUNBAN_DEMO_HISTORY_DAYS: '2',
    LOG_LEVEL: 'warn',
  };
  const cityUrl = `http://127.0.0.1:${cityPort}`;
  let running: Launched | undefined;
  try {
    running = await launch(env);
    const { accounts } = JSON.parse(readFileSync(join(dataDir, 'city-demo.json'), 'utf8')) as { accounts: { username: string; password: string }[] };
    const admin = accounts.find((a) => a.username === 'cityadmin')!;
    const signIn = async () => {
      const res = await fetch(`${cityUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: admin.username, password: admin.password }),
      });
      expect(res.status).toBe(200);
      return createCityClient({ baseUrl: cityUrl, headers: { cookie: res.headers.getSetCookie()[0]!.split(';')[0]! } });
    };
    const listed = async () => {
      const list = await (await signIn())('listOffices', {});
      return new Map(list.map((o): [string, CityOffice] => [o.id, o]));
    };

    // Every office enrolled itself at its first start and links.
    const first = await listed();
    OFFICES.forEach(({ id }, i) => {
      expect(first.get(id)).toMatchObject({ link: 'connected', revokedAt: null, publicUrl: `http://127.0.0.1:${officePort + i}` });
      expect(first.get(id)!.enrolledAt).not.toBeNull();
    });
    // Each runs under its own name, with its own data folder.
    for (const [i, { id, ja }] of OFFICES.entries()) {
      const { kioskToken } = JSON.parse(readFileSync(join(dataDir, 'offices', id, 'demo.json'), 'utf8')) as { kioskToken: string };
      const view = await fetch(`http://127.0.0.1:${officePort + i}/api/v1/view`, { headers: { authorization: `Bearer ${kioskToken}` } });
      expect(((await view.json()) as { config: { settings: { name: { ja: string } } } }).config.settings.name.ja).toBe(ja);
    }

    // The city's landing page: each office, and links to its screens at its own address.
    await page.goto(`${cityUrl}/`);
    await page.getByLabel('ユーザー名 / Username').fill(admin.username);
    await page.getByLabel('パスワード / Password').fill(admin.password);
    await page.getByRole('button', { name: 'サインイン / Sign in' }).click();
    for (const [i, { id, ja }] of OFFICES.entries()) {
      const office = page.locator(`li[data-office="${id}"]`);
      await expect(office).toContainText(ja);
      await expect(office).toContainText('接続中');
      const base = `http://127.0.0.1:${officePort + i}`;
      for (const path of ['/', '/kiosk/', '/display/', '/admin/', '/display/congestion']) {
        await expect(office.locator(`a[href="${base}${path}"]`)).toHaveCount(1);
      }
      // No device token leaves the office: the city's links carry none.
      await expect(office.locator('a[href*="token"]')).toHaveCount(0);
    }
    const front = page.locator('li[data-office="kita"] a').first();
    const [opened] = await Promise.all([page.context().waitForEvent('page'), front.click()]);
    await expect(opened.getByRole('heading', { name: /junban/ })).toBeVisible();

    // One office killed: the city marks its link down, the others and the launcher go on.
    const kitaPid = Number(/北支所[^\n]*pid (\d+)/.exec(running.output())?.[1]);
    expect(kitaPid).toBeGreaterThan(0);
    process.kill(kitaPid, 'SIGKILL');
    await expect.poll(async () => (await listed()).get('kita')?.link, { timeout: 15_000 }).toBe('disconnected');
    expect(running.output()).toContain('[kita] the office stopped (SIGKILL)');
    expect((await listed()).get('honcho')?.link).toBe('connected');
    expect((await fetch(`http://127.0.0.1:${officePort}/api/v1/health`)).status).toBe(200);
    expect(running.child.exitCode).toBeNull();

    // Stopped and started again: the same offices, linked with the credentials they have, no new enrolment.
    running.child.kill('SIGTERM');
    await expect.poll(() => running!.child.exitCode, { timeout: 20_000 }).toBe(0);
    const closed = await fetch(`http://127.0.0.1:${officePort}/api/v1/health`).then(
      () => false,
      () => true,
    );
    expect(closed).toBe(true);
    running = await launch(env);
    const second = await listed();
    for (const { id } of OFFICES) {
      expect(second.get(id)).toMatchObject({ link: 'connected', enrolledAt: first.get(id)!.enrolledAt });
    }

    // The launcher killed outright (no Ctrl-C): its offices do not linger holding their ports.
    running.child.kill('SIGKILL');
    await expect.poll(async () => (await Promise.all(OFFICES.map((_, i) => portIsFree(officePort + i)))).every(Boolean), { timeout: 15_000 }).toBe(true);
  } finally {
    if (running) await terminate(running.child, 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
