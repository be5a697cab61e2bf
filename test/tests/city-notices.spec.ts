/**
 * The city's undelivered notices (issue 18), on its staff pages: a linked office's resident asks for an SMS, the
 * city's SMS gateway refuses it, and the notice shows in the dead-letter list with the gateway's reason. A city
 * manager reads the list; the city admin sends the notice again once the gateway takes it, and it reaches the
 * gateway. A notice whose visit has ended says its contact is erased, and cannot be sent again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

const password = 'city-test-password';
const SECRET = 'the-city-s-sms-gateway-secret-0123456789abcdef';

/** The city's SMS gateway: refuses every message (a 4xx, given up at once) until told to take them. */
let gateway: { url: string; refuse: boolean; taken: { number: string; kind: string }[]; server: Server };
let city: RunningCity;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const state = { refuse: true, taken: [] as { number: string; kind: string }[] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (state.refuse) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('number not in service');
      const { number, kind } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { number: string; kind: string };
      state.taken.push({ number, kind });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    server,
    get refuse() {
      return state.refuse;
    },
    set refuse(value) {
      state.refuse = value;
    },
    taken: state.taken,
  };

  city = await startBuiltCity(password, (url) => ({
    CITY_PUBLIC_URL: url,
    JUNBAN_NOTICE_WEBHOOK_URL: gateway.url,
    JUNBAN_NOTICE_WEBHOOK_SECRET: SECRET,
  }));
});

test.afterAll(async () => {
  await city?.stop();
  gateway?.server.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${city.url}/`);
  await page.getByLabel('ユーザー名 / Username').fill(username);
  await page.getByLabel('パスワード / Password').fill(password);
  await page.getByRole('button', { name: 'サインイン / Sign in' }).click();
  await expect(page.getByRole('heading', { name: /市のページ/ })).toBeVisible();
}

/** The dead-letter list's row for a ticket number, once it is there (the page is reloaded until it is). */
async function deadRow(page: Page, number: string) {
  const row = page.locator(`tr[data-number="${number}"]`);
  await expect(async () => {
    await page.getByRole('button', { name: '再読み込み / Reload' }).click();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return row;
}

test('a refused SMS is listed for city staff with its reason; the admin sends it again once the gateway takes it', async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const login = await fetch(`${city.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cityadmin', password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const enrolment = await fetch(`${city.url}/api/v1/offices/honcho/enrolment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: city.url },
    body: JSON.stringify({ officeId: 'honcho', name: { ja: '本庁舎', en: 'City Hall' } }),
  });
  const { code } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');

  // Two residents ask for an SMS from their page at the city (told at 10 ahead: the first notice goes at once).
  const follow = async () => {
    const issued = await office.kiosk<{ statusUrl: string; visit: { id: string; number: string } }>('POST', '/visits', { services: ['kokuho'] });
    expect(issued.statusUrl.startsWith(`${city.url}/kiosk/status/`)).toBe(true);
    const token = issued.statusUrl.split('/').pop()!;
    const res = await fetch(`${city.url}/api/v1/status/${token}/notices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: city.url },
      body: JSON.stringify({ target: { channel: 'webhook', phone: '09012345678' }, ahead: 10, language: 'ja' }),
    });
    expect(res.status).toBe(200);
    return issued.visit;
  };
  const kept = await follow();
  const ended = await follow();

  // A city manager reads the list: office, channel, kind, number, attempts and the gateway's reason; no phone number.
  const manager = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(manager, 'citymanager');
  await manager
    .getByRole('link', { name: /未配信のお知らせ Undelivered notices/ })
    .first()
    .click();
  await expect(manager.getByRole('heading', { name: /未配信のお知らせ/ })).toBeVisible();
  const managerRow = await deadRow(manager, kept.number);
  await expect(managerRow).toContainText('本庁舎');
  await expect(managerRow).toContainText('SMS（Webhook）');
  await expect(managerRow).toContainText('順番が近い');
  await expect(managerRow).toContainText('400');
  await expect(managerRow).toContainText('連絡先あり');
  await expect(manager.locator('table')).not.toContainText('09012345678');
  await expect(manager.getByText('再送は市のシステム管理者が行います。')).toBeVisible();
  await expect(manager.getByRole('button', { name: /再送する/ })).toHaveCount(0);

  // The second visit ends at the office: its contact detail is erased, and its notice cannot go again.
  const counter = await office.as('counter');
  await counter('POST', `/visits/${ended.id}/cancel`, {});

  // The gateway is fixed; the city admin sends the first notice again and it reaches the gateway.
  gateway.refuse = false;
  const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(admin, 'cityadmin');
  await admin.goto(`${city.url}/notices`);
  const endedRow = await deadRow(admin, ended.number);
  await expect(endedRow).toContainText('消去済み', { timeout: 15_000 });
  await expect(async () => {
    await admin.getByRole('button', { name: '再読み込み / Reload' }).click();
    await expect(endedRow.getByRole('button', { name: /再送する/ })).toHaveCount(0, { timeout: 1_000 });
    await expect(endedRow).toContainText('再送できません', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const row = await deadRow(admin, kept.number);
  // The list fits a 1366 px screen, the reasons and both languages included.
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  const picture = testInfo.outputPath('undelivered-notices-1366x768.png');
  await admin.screenshot({ path: picture });
  await testInfo.attach('undelivered-notices-1366x768', { path: picture, contentType: 'image/png' });
  await row.getByRole('button', { name: '再送する / Send again' }).click();
  await expect(admin.getByRole('status')).toContainText(`${kept.number} のお知らせを送り直しています`);
  await expect.poll(() => gateway.taken, { timeout: 15_000 }).toEqual([{ number: kept.number, kind: 'ahead' }]);
  await admin.getByRole('button', { name: '再読み込み / Reload' }).click();
  await expect(admin.locator(`tr[data-number="${kept.number}"]`)).toHaveCount(0);
  await officeAdmin('DELETE', '/city-link');
});
