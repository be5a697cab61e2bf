/**
 * Card pick-up (issue 19), in a browser on a phone's screen: a resident types their reference number on the city's
 * pick-up page before the card is ready and asks to be told by SMS; city staff mark it ready; the SMS gateway is told
 * with the page's link; the page then says it is ready, lists the office taking bookings for the pick-up procedure,
 * and the resident books a time there: an ordinary booking the office keeps, for the pick-up procedure.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

const password = 'city-test-password';
const SECRET = 'the-city-s-sms-gateway-secret-0123456789abcdef';

let city: RunningCity;
let gateway: Server;
const texts: { kind: string; number: string; phone: string; text: string; statusUrl: string }[] = [];

test.beforeAll(async () => {
  test.setTimeout(90_000);
  gateway = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      texts.push(JSON.parse(raw) as (typeof texts)[number]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  city = await startBuiltCity(password, (url) => ({
    CITY_PUBLIC_URL: url,
    JUNBAN_NOTICE_WEBHOOK_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
    JUNBAN_NOTICE_WEBHOOK_SECRET: SECRET,
  }));
});

test.afterAll(async () => {
  await city?.stop();
  gateway?.close();
});

interface Reservation {
  code: string;
  serviceId: string;
  status: string;
}

test('a resident is told their card is ready and books its pick-up at the office they choose', async ({ browser, ownServer }) => {
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const login = await fetch(`${city.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cityadmin', password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const cityAdmin = (path: string, body: unknown) =>
    fetch(`${city.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: city.url },
      body: JSON.stringify(body),
    });
  const enrolment = await cityAdmin('/offices/kita/enrolment', { officeId: 'kita', name: { ja: '北支所', en: 'North Branch' } });
  const { code: enrolmentCode } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code: enrolmentCode });
  await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');

  // A phone set to Japanese reads the page in Japanese; a malformed reference is refused on the page.
  const japanese = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  await japanese.goto(`${city.url}/kiosk/pickup`);
  await expect(japanese.getByRole('heading', { name: 'カード・書類の受け取り' })).toBeVisible();
  await japanese.getByLabel('受付番号').fill('山田');
  await japanese.getByRole('button', { name: '確認する' }).click();
  await expect(japanese.getByRole('alert')).toHaveText('受付番号は英数字4〜20文字で入力してください。');
  await japanese.close();

  // Before it is ready: not ready yet, and "tell me" by SMS.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(`${city.url}/kiosk/pickup`);
  await expect(phone.getByRole('heading', { name: 'Collect your card or document' })).toBeVisible();
  await phone.getByLabel('Reference number').fill('ｒ－２０２６－００４２');
  await phone.getByRole('button', { name: 'Check' }).click();
  await expect(phone.getByText('The card or document with this reference number is not ready to collect yet.')).toBeVisible({ timeout: 15_000 });
  await phone.getByRole('radio', { name: 'Mobile number (SMS)' }).check();
  await phone.getByRole('textbox', { name: 'Mobile number (SMS)' }).fill('090-1234-5678');
  await phone.getByRole('button', { name: 'Tell me' }).click();
  await expect(phone.getByText('We will tell you when it is ready. Your contact is erased once you are told.')).toBeVisible({ timeout: 15_000 });

  // The city admin marks it ready on the staff pages, at the office it is at: the SMS gateway gets "ready to
  // collect" with the page's link.
  const staff = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await staff.goto(`${city.url}/`);
  await staff.getByLabel('ユーザー名 / Username').fill('cityadmin');
  await staff.getByLabel('パスワード / Password').fill(password);
  await staff.getByRole('button', { name: 'サインイン / Sign in' }).click();
  await staff
    .getByRole('link', { name: /カードの受け取り Card pick-up/ })
    .first()
    .click();
  await expect(staff.getByRole('heading', { name: /カードの受け取り/ })).toBeVisible();
  await staff.getByLabel(/保管している拠点/).selectOption('kita');
  await staff.getByLabel(/受付番号/).fill('R-2026-0042\nR-2026-0043');
  await staff.getByRole('button', { name: '受け取り準備完了にする / Mark ready' }).click();
  await expect(staff.getByRole('status')).toContainText('2 marked ready. Residents being told: 1.');
  await staff.close();
  await expect
    .poll(() => texts.find((t) => t.kind === 'card_ready'), { timeout: 20_000 })
    .toMatchObject({
      number: 'R20260042',
      phone: '09012345678',
      statusUrl: `${city.url}/kiosk/pickup`,
    });

  // The page now says it is ready; the resident picks the office and a time, and books.
  await phone.getByRole('button', { name: 'Check' }).click();
  await expect(phone.getByText('It is ready to collect. Choose the office and a time to collect it.')).toBeVisible({ timeout: 15_000 });
  await phone.getByRole('button', { name: 'North Branch' }).click();
  const times = phone.locator('.slots .times button:not([disabled])');
  await expect(times.first()).toBeVisible({ timeout: 15_000 });
  await times.first().click();
  await phone.getByRole('button', { name: /^Book / }).click();
  await expect(phone).toHaveURL(new RegExp(`^${city.url}/kiosk/book/[A-Za-z0-9_-]{43}$`), { timeout: 15_000 });
  const code = (await phone.getByTestId('booking-code').textContent())!.trim();

  // The office keeps it: an ordinary booking, for the pick-up procedure.
  const day = new Date().toISOString().slice(0, 10);
  const all: Reservation[] = [];
  for (let i = 0; i < 21; i++) {
    const date = new Date(Date.parse(`${day}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    all.push(...(await officeAdmin<Reservation[]>('GET', `/reservations?date=${date}`)));
  }
  expect(all.find((r) => r.code === code)).toMatchObject({ serviceId: 'mynumber-pickup', status: 'booked' });
  await officeAdmin('DELETE', '/city-link');
});
