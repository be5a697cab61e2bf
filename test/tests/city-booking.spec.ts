/**
 * Booking a visit from a phone (issue 19), in a browser on a phone's screen: the city's public booking page lists a
 * linked office's procedures that take bookings, a week of times with the places left, and a reminder by SMS; the
 * booking's own page shows the code in letters and as a QR code for the kiosk; the time is changed and the booking
 * cancelled from it, and the office's reservations follow each step (the office keeps the bookings).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { readQr } from '../support/qr.js';

const password = 'city-test-password';
const SECRET = 'the-city-s-sms-gateway-secret-0123456789abcdef';

let city: RunningCity;
let gateway: Server;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  gateway = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
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
  slotStart: number;
  status: string;
}

test('a resident books a time from their phone, gets the code and QR for the kiosk, changes the time and cancels', async ({ browser, ownServer }) => {
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const login = await fetch(`${city.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'cityadmin', password }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const enrolment = await fetch(`${city.url}/api/v1/offices/kita/enrolment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: city.url },
    body: JSON.stringify({ officeId: 'kita', name: { ja: '北支所', en: 'North Branch' } }),
  });
  const { code: enrolmentCode } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code: enrolmentCode });
  await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');

  // A phone set to Japanese reads the page in Japanese (the kiosk's catalogue, six languages).
  const japanese = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  await japanese.goto(`${city.url}/kiosk/book`);
  await expect(japanese.getByRole('heading', { name: '来庁の予約' })).toBeVisible();
  await expect(japanese.getByRole('heading', { name: '北支所' })).toBeVisible({ timeout: 15_000 });
  await expect(japanese.getByRole('button', { name: 'マイナンバーカード交付' })).toBeVisible();
  await japanese.close();

  // From home: the booking page lists the office and the procedures its counter 6 takes bookings for.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(`${city.url}/kiosk/book`);
  await expect(phone.getByRole('heading', { name: 'Book a visit' })).toBeVisible();
  await expect(phone.getByRole('heading', { name: 'North Branch' })).toBeVisible({ timeout: 15_000 });
  await phone.getByRole('button', { name: 'My Number card pick-up' }).click();

  // A week of times, each with its places (two a slot at the demo's counter 6).
  const times = phone.locator('.slots .times button:not([disabled])');
  await expect(times.first()).toBeVisible({ timeout: 15_000 });
  await expect(times.first()).toContainText('2 left');
  await times.first().click();
  await phone.getByRole('radio', { name: 'Mobile number (SMS)' }).check();
  await phone.getByRole('textbox', { name: 'Mobile number (SMS)' }).fill('090-1234-5678');
  await phone.getByRole('button', { name: /^Book / }).click();

  // The booking's own page: when, the code in letters and as a QR code the kiosk reads, the reminder.
  await expect(phone).toHaveURL(new RegExp(`^${city.url}/kiosk/book/[A-Za-z0-9_-]{43}$`), { timeout: 15_000 });
  const code = (await phone.getByTestId('booking-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  expect(await readQr(phone.locator('.qr svg'))).toBe(code);
  await expect(phone.getByText('We will remind you the day before and an hour before.')).toBeVisible();
  const booked = async () => {
    const day = new Date(Date.now()).toISOString().slice(0, 10);
    const all: Reservation[] = [];
    for (let i = 0; i < 21; i++) {
      const date = new Date(Date.parse(`${day}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      all.push(...(await officeAdmin<Reservation[]>('GET', `/reservations?date=${date}`)));
    }
    return all.find((r) => r.code === code);
  };
  const first = (await booked())!;
  expect(first.status).toBe('booked');

  // The page still opens from its link (a bookmark), and the time changes to another slot.
  await phone.reload();
  const when = (await phone.getByTestId('booking-when').textContent())!;
  await phone.getByRole('button', { name: 'Change the time' }).click();
  await expect(times.nth(1)).toBeVisible({ timeout: 15_000 });
  await times.nth(1).click();
  await phone.getByRole('button', { name: /^Move to / }).click();
  await expect(phone.getByTestId('booking-when')).not.toHaveText(when, { timeout: 15_000 });
  expect((await booked())!.slotStart).not.toBe(first.slotStart);

  // Cancelled from the link: the office's reservation is cancelled, and the time is free again.
  await phone.getByRole('button', { name: 'Cancel the booking' }).click();
  await expect(phone.getByRole('alert')).toHaveText('Cancel this booking? The time becomes free for someone else.');
  await phone.locator('.pair').getByRole('button', { name: 'Cancel the booking' }).click();
  await expect(phone.getByRole('status')).toHaveText('This booking is cancelled.', { timeout: 15_000 });
  expect((await booked())!.status).toBe('cancelled');
  await officeAdmin('DELETE', '/city-link');
});
