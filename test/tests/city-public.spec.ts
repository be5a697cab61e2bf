/**
 * A resident's phone, through the city's public face (issue 18): a linked office's ticket points at the city; the
 * phone opens its page there, asks to be told by SMS (the city's webhook, checked here as its SMS gateway would),
 * gets the "N ahead" and the "called" notices, and sees the call on its page, without the office ever being
 * reached from outside. And a resident who takes their number from the phone before coming: the office keeps
 * their place without calling it, until they check in at the kiosk with the code their page shows.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { readQr } from '../support/qr.js';
import { expectInstallable } from '../support/status-app.js';

const password = 'city-test-password';
const SECRET = 'the-city-s-sms-gateway-secret-0123456789abcdef';

interface Sms {
  kind: string;
  phone: string;
  text: string;
  statusUrl: string;
  signed: boolean;
}

let city: RunningCity;
let gateway: { url: string; received: Sms[]; server: Server };

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const received: Sms[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', SECRET)
          .update(`${String(req.headers['x-junban-timestamp'])}.${raw}`)
          .digest('hex')}`,
      );
      const given = Buffer.from(String(req.headers['x-junban-signature']));
      received.push({ ...(JSON.parse(raw) as Omit<Sms, 'signed'>), signed: given.length === expected.length && timingSafeEqual(given, expected) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received, server };

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

/** Sign in as the city's admin and link this office to the city under `officeId`; answers the admin's cookie. */
async function linkOffice(office: Awaited<ReturnType<typeof demoOffice>>, officeId: string, name: { ja: string; en: string }): Promise<string> {
  const login = await fetch(`${city.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cityadmin', password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const enrolment = await fetch(`${city.url}/api/v1/offices/${officeId}/enrolment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: city.url },
    body: JSON.stringify({ officeId, name }),
  });
  const { code } = (await enrolment.json()) as { code: string };
  const officeAdmin = await office.as('admin');
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');
  return cookie;
}

test('a resident opens their ticket’s page at the city, asks for an SMS, and is told when near and when called', async ({ browser, ownServer }) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  // The city's admin gives the office its code; the office links out to the city.
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

  // At the kiosk: a number for health insurance. Its screen tells the resident they may leave and be told on their
  // phone, and its QR code points at the city, not at the office.
  const kiosk = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await kiosk.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await kiosk.locator('[data-service="kokuho"]').click();
  const answer = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
  await kiosk.locator('.take').click();
  const issued = (await (await answer).json()) as { statusUrl: string; visit: { number: string }; notices: boolean };
  expect(issued.notices).toBe(true);
  await expect(kiosk.getByTestId('may-leave')).toHaveText(
    'この場を離れても大丈夫です。QRコードを読み取ると、スマートフォンで順番を確認でき、順番が近づいたらお知らせを受け取れます。',
  );
  const scanned = await readQr(kiosk.locator('.ticket .qr .code svg'));
  expect(scanned).toBe(issued.statusUrl);
  expect(scanned!.startsWith(`${city.url}/kiosk/status/`)).toBe(true);
  await kiosk.close();

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(scanned!);
  await expect(phone.getByText(issued.visit.number).first()).toBeVisible({ timeout: 15_000 });
  // The city serves the page as an installable app too: its manifest, icons and Content-Security-Policy.
  await expectInstallable(phone);
  // The kiosk took the number in Japanese; the resident reads English.
  await phone.getByRole('button', { name: 'English' }).click();
  await expect(phone.getByRole('heading', { name: /We will tell you when your turn is near/ })).toBeVisible();
  // Told at 10 ahead: the resident is nearer than that already, so the first notice goes at once.
  await phone.getByLabel(/When \d+ are ahead of me/).selectOption('10');
  await phone.getByLabel('Mobile number (SMS)').fill('090-1234-5678');
  await phone.getByRole('button', { name: 'Notify me' }).click();
  await expect(phone.getByRole('status')).toContainText('We will notify you');
  await expect.poll(() => gateway.received.map((s) => s.kind), { timeout: 15_000 }).toEqual(['ahead']);

  // The counter calls the number: the page turns to the call, and the SMS says which counter.
  const counter = await office.as('counter');
  await counter('PUT', '/counters/8/status', { status: 'open' });
  await counter('POST', '/counters/8/call', { number: issued.visit.number });
  await expect.poll(() => gateway.received.map((s) => s.kind), { timeout: 15_000 }).toEqual(['ahead', 'called']);
  const [ahead, called] = gateway.received;
  expect(ahead).toMatchObject({ phone: '09012345678', statusUrl: issued.statusUrl, signed: true });
  expect(called!.text).toContain(issued.visit.number);
  await expect(phone.getByRole('alert')).toContainText('It is your turn', { timeout: 15_000 });
  await officeAdmin('DELETE', '/city-link');
});

test('a resident takes a number from their phone, keeps their place on the way, and checks in at the kiosk with its code', async ({
  browser,
  page,
  ownServer,
}) => {
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  await linkOffice(office, 'kita', { ja: '北支所', en: 'North Branch' });
  // The city's admin opens health insurance at this office to joining from phones, on the catalogue page.
  const admin = await browser.newPage();
  await admin.goto(`${city.url}/`);
  await admin.getByLabel('ユーザー名 / Username').fill('cityadmin');
  await admin.getByLabel('パスワード / Password').fill(password);
  await admin.getByRole('button', { name: 'サインイン / Sign in' }).click();
  await expect(admin.getByRole('heading', { name: /市のページ/ })).toBeVisible();
  await admin.goto(`${city.url}/catalogue`);
  const rules = admin.getByRole('region', { name: 'スマートフォンからの受付 / Joining from a phone' });
  await rules.getByLabel('拠点 / Office').selectOption({ label: '北支所 / North Branch' });
  // The catalogue lists the city's procedures: this city adds health insurance to it first.
  const add = admin.locator('form.add').first();
  await add.getByLabel('ID').fill('kokuho');
  await add.getByLabel(/^名前/).fill('国民健康保険');
  await add.getByLabel(/English/).fill('National health insurance');
  await add.getByLabel(/記号/).fill('F');
  await add.getByRole('button').click();
  await rules.getByLabel('kokuho スマートフォン受付').check();
  await rules.getByLabel('kokuho Kept for walk-ins (%)').fill('0');
  await admin.getByRole('button', { name: '保存して全拠点に送る / Save and send to every office' }).click();
  await expect(admin.getByRole('status')).toContainText('保存しました');
  await admin.close();
  const counter = await office.as('counter');
  await counter('PUT', '/counters/8/status', { status: 'open' });

  // From home: the city's page lists the office and the procedure; the resident takes a number.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(`${city.url}/kiosk/join`);
  await expect(phone.getByRole('heading', { name: 'North Branch' })).toBeVisible({ timeout: 15_000 });
  const insurance = phone.getByRole('listitem').filter({ hasText: 'National health insurance' });
  await insurance.getByRole('button', { name: 'Take a number for this' }).click();

  // Its page: the number, the time to check in by, the code in letters and as a QR code for the kiosk's camera.
  await expect(phone).toHaveURL(new RegExp(`^${city.url}/kiosk/status/`), { timeout: 15_000 });
  await expect(phone.getByRole('heading', { name: /Check in at the office's kiosk by/ })).toBeVisible({ timeout: 15_000 });
  const code = (await phone.getByTestId('check-in-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  expect(await readQr(phone.locator('.remote .qr svg'))).toBe(code);
  const number = (await phone.locator('.number').textContent())!.trim();

  // Not here yet: the counter does not call the number, and the console says why.
  await expect(counter('POST', '/counters/8/call-next')).rejects.toThrow(/queue\/empty/);

  // At the office: the kiosk's check-in takes the code from the phone, and prints the same number.
  await page.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('[data-action="reservation"]').click();
  const keypad = page.locator('.keypad');
  for (const k of code) await keypad.getByRole('button', { name: k, exact: true }).click();
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await expect(page.locator('.ticket .number')).toHaveText(number);

  // Checked in: the phone says so, and the counter calls the number in its turn.
  await expect(phone.getByRole('status').filter({ hasText: 'Checked in' })).toBeVisible({ timeout: 15_000 });
  const called = await counter<{ visit: { number: string } }>('POST', '/counters/8/call-next');
  expect(called.visit.number).toBe(number);
  await expect(phone.getByRole('alert')).toContainText('It is your turn', { timeout: 15_000 });
  await (
    await office.as('admin')
  )('DELETE', '/city-link');
});
