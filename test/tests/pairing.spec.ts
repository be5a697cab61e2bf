import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page, TestInfo } from '@playwright/test';
import jsQRModule from 'jsqr';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, type Caller } from '../support/office.js';
import type { RunningServer } from '../support/server.js';

type Device = { id: string; kind: string; name: string; revokedAt: number | null };
type Visit = { number: string };

// jsqr is CommonJS; under Node's ESM rules its default export is the module, which also carries the function as `default`.
const jsQR = jsQRModule.default;

const TOKEN_KEY = 'junban.deviceToken';
const storedToken = (page: Page) => page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
const code = (page: Page) => page.locator('.pairing .code');

/** The code as the installer reads it out, in two groups of three; the admin types it with the space. */
async function shownCode(page: Page): Promise<string> {
  await expect(code(page)).toHaveText(/^\d{3} \d{3}$/);
  return (await code(page).textContent())!;
}

/** Read the pairing QR code as an admin's phone would, from the pixels on screen. */
async function shownQr(page: Page): Promise<string | null> {
  const image = await loadImage(await page.locator('.pairing .qr .image').screenshot());
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return jsQR(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height)?.data ?? null;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function issueAndCall(kiosk: Caller, counter: Caller, service: string, counterId: string): Promise<Visit> {
  await kiosk('POST', '/visits', { services: [service] });
  return (await counter<{ visit: Visit }>('POST', `/counters/${counterId}/call-next`)).visit;
}

async function setup(server: RunningServer) {
  const office = await demoOffice(server);
  return { office, admin: await office.as('admin') };
}

test('a new display pairs by its code and starts showing only its counters', async ({ page, ownServer }, testInfo) => {
  const { office, admin } = await setup(ownServer);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${ownServer.baseURL}/display/`);

  const spoken = await shownCode(page);
  await expect(page.locator('.pairing')).toContainText('管理画面で このコードを入力してください');
  await expect(page.locator('.pairing')).toContainText('Enter this code in Setup › Devices');
  await expect(page.locator('.pairing .left')).toContainText(/残り [0-9]:[0-5][0-9]/);
  const adminUrl = `${ownServer.baseURL}/admin/setup/devices?pair=${spoken.replace(' ', '')}&kind=display`;
  await expect(page.locator('.pairing figcaption')).toHaveText(adminUrl);
  expect(await shownQr(page)).toBe(adminUrl);
  await screenshot(page, testInfo, 'pairing-display');

  const device = await admin<Device>('POST', '/pairing/confirm', {
    code: spoken,
    name: '2階 待合',
    display: { counters: ['6', '7', '8'], services: [], secondLanguage: 'en' },
  });
  expect(device.kind).toBe('display');

  // No reload: the display starts as the new device on its next poll, and asks for sound like any new display.
  await page.getByRole('button', { name: /音声を有効にする/ }).click();
  await expect(page.locator('header .office')).not.toBeEmpty();
  await expect(page.locator('.pairing')).toHaveCount(0);
  expect(await storedToken(page)).toBeTruthy();

  const counter = await office.as('counter');
  const atThree = await issueAndCall(office.kiosk, counter, 'tennyu', '3');
  const atSeven = await issueAndCall(office.kiosk, counter, 'mynumber-pin', '7');
  await expect(page.locator('.tiles .call')).toHaveCount(1);
  await expect(page.locator('.tiles .call')).toHaveAttribute('data-counter', '7');
  await expect(page.locator('.tiles .call')).toContainText(atSeven.number);
  await expect(page.locator('.calls')).not.toContainText(atThree.number);

  // The token was kept as a device link's would be: a reload is the same display.
  await page.reload();
  await expect(page.locator('.tiles .call')).toHaveAttribute('data-counter', '7');
  await expect(page.locator('.pairing')).toHaveCount(0);
});

test('a revoked kiosk says so, forgets its token and offers pairing again', async ({ page, ownServer }, testInfo) => {
  const { admin } = await setup(ownServer);
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(`${ownServer.baseURL}/kiosk/`);

  const spoken = await shownCode(page);
  await screenshot(page, testInfo, 'pairing-kiosk');
  const device = await admin<Device>('POST', '/pairing/confirm', { code: spoken, name: '1階 入口 2台目' });
  expect(device.kind).toBe('kiosk');
  await expect(page.locator('[data-service]').first()).toBeVisible();
  const token = (await storedToken(page))!;
  const view = (t: string) => fetch(`${ownServer.baseURL}/api/v1/view`, { headers: { authorization: `Bearer ${t}` } });
  expect((await view(token)).status).toBe(200);

  await admin('POST', `/devices/${device.id}/revoke`);
  await expect(page.locator('.pairing h1')).toContainText('この発券機の登録は管理者により取り消されました');
  await expect(page.locator('.pairing')).toContainText('An administrator revoked this kiosk.');
  await expect(page.locator('[data-service]')).toHaveCount(0);
  expect(await storedToken(page)).toBeNull();
  await screenshot(page, testInfo, 'pairing-kiosk-revoked');
  expect((await view(token)).status).toBe(401);

  // After a reload it does not try the old token again: it asks for a new code straight away.
  const sockets: string[] = [];
  page.on('request', (request) => request.url().includes('/socket.io/') && sockets.push(request.url()));
  await page.reload();
  await shownCode(page);
  await expect(page.locator('.pairing h1')).toContainText('管理画面で このコードを入力してください');
  expect(sockets).toEqual([]);
  expect(await storedToken(page)).toBeNull();
});

test('a kiosk opened with a revoked device link offers pairing, and "pair again" shows a new code', async ({ page, ownServer }) => {
  const { office, admin } = await setup(ownServer);
  const kiosk = (await admin<Device[]>('GET', '/devices')).find((d) => d.kind === 'kiosk')!;
  await admin('POST', `/devices/${kiosk.id}/revoke`);

  await page.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await expect(page.locator('.pairing h1')).toContainText('取り消されました');
  // The dead link is out of the address, so a reload cannot bring it back.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(await storedToken(page)).toBeNull();

  await page.getByRole('button', { name: /もう一度登録する/ }).click();
  await shownCode(page);
});

test('an expired code is replaced by a new one with one touch', async ({ page, ownServer }, testInfo) => {
  await page.clock.install();
  await page.goto(`${ownServer.baseURL}/display/`);
  const first = await shownCode(page);

  await page.clock.fastForward('10:01');
  await expect(page.locator('.pairing h1')).toContainText('このコードは有効期限が切れました');
  await expect(code(page)).toHaveCount(0);
  await screenshot(page, testInfo, 'pairing-display-expired');

  await page.getByRole('button', { name: /新しいコードを表示/ }).click();
  expect(await shownCode(page)).not.toBe(first);
});

test('a device whose network asked for too many codes says so and when it asks again, not that the server is unreachable', async ({ page, ownServer }) => {
  // Something on the same network (here the test itself, from the browser's address) used up the codes it may ask for.
  let refused = false;
  for (let i = 0; i < 30 && !refused; i++) {
    const res = await fetch(`${ownServer.baseURL}/api/v1/pairing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"kiosk"}',
    });
    refused = res.status === 429;
  }
  expect(refused).toBe(true);

  await page.goto(`${ownServer.baseURL}/kiosk/`);
  const screen = page.locator('.pairing');
  await expect(screen).toContainText('登録の要求が多すぎるため');
  await expect(screen).toContainText('Too many pairing requests from this device or its network.');
  await expect(screen.locator('[role="status"]')).toContainText(/It asks again by itself in \d+:[0-5]\d/);
  await expect(screen).not.toContainText('Cannot reach the server');
  await expect(code(page)).toHaveCount(0);
});
