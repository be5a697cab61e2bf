/**
 * Forms filled in at home (issue 19), on a phone: the city's page offers the linked office's move-in form (the
 * city's catalogue), checks it as the floor guide's tablet does (katakana furigana, the 14-day rule), seals it in
 * the browser and answers a check-in code with its QR code; at the office's kiosk the code checks in, and the
 * counter reads the resident's answers on the visit, as it reads a guide's form.
 */
import { linkToCity, MOVE_IN, startBuiltCity, type RunningCity } from '../support/city.js';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { readQr } from '../support/qr.js';
import { fillMoveIn } from '../support/home-forms.js';

const password = 'city-test-password';
let city: RunningCity;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  city = await startBuiltCity(password);
});
test.afterAll(async () => city?.stop());

/** The city's catalogue carries the move-in form; the office is linked to the city as `honcho`. Answers the office. */
async function linkedOffice(ownServer: Parameters<typeof demoOffice>[0]) {
  const office = await demoOffice(ownServer);
  const { unlink } = await linkToCity(city, password, office, { id: 'honcho', name: { ja: '本庁舎', en: 'City Hall' } }, [MOVE_IN]);
  return { office, unlink };
}

/** At the office's kiosk: "I have a reservation", the code on the keypad; answers the visit issued. */
async function checkInAtKiosk(page: Page, baseURL: string, kioskToken: string, code: string) {
  await page.goto(`${baseURL}/kiosk/?token=${encodeURIComponent(kioskToken)}`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('[data-action="reservation"]').click();
  const keypad = page.locator('.keypad');
  for (const k of code) await keypad.getByRole('button', { name: k, exact: true }).click();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/reservations/check-in'));
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  const issued = (await (await answer).json()) as { visit: { id: string; number: string; source: string } };
  await expect(page.locator('.ticket .number')).toHaveText(issued.visit.number);
  return issued.visit;
}

type CounterForm = { serviceId: string; values: Record<string, unknown>; issues: { field: string; level: string }[] };

test('a resident fills in the move-in form on their phone, and the counter reads it after the kiosk check-in', async ({ browser, page, ownServer }) => {
  test.setTimeout(120_000);
  const { office, unlink } = await linkedOffice(ownServer);

  // At home, on a phone in Japanese: the office and its form.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  await phone.goto(`${city.url}/kiosk/forms`);
  await expect(phone.getByRole('heading', { name: '申請書を自宅で記入する' })).toBeVisible();
  await phone.getByRole('button', { name: '転入届' }).click({ timeout: 15_000 });
  await expect(phone.getByRole('heading', { name: '転入届' })).toBeVisible();
  const field = (id: string) => phone.locator(`[data-field="${id}"]`);

  await field('name').locator('input').fill('転入 花子');
  // Furigana in hiragana: the guide's own check says so, before anything is sent.
  await field('furigana').locator('input').fill('てんにゅう はなこ');
  await field('furigana').locator('input').blur();
  await expect(field('furigana').getByRole('alert')).toHaveText('ひらがなではなくカタカナで入力してください');
  await field('furigana').locator('input').fill('テンニュウ ハナコ');
  await expect(field('furigana').getByRole('alert')).toHaveCount(0);

  const date = async (id: string, era: string, y: number, m: number, d: number) => {
    await field(id).getByLabel('元号').selectOption({ label: era });
    await field(id).getByLabel('年').fill(String(y));
    await field(id).getByLabel('月').fill(String(m));
    await field(id).getByLabel('日').fill(String(d));
  };
  await date('birthdate', '平成', 2, 5, 17);
  // Moved in 20 days ago: past the 14-day rule, a warning for the counter, not a refusal.
  const moved = new Date(Date.now() - 20 * 86_400_000);
  await date('move-date', '西暦', moved.getFullYear(), moved.getMonth() + 1, moved.getDate());
  await expect(field('move-date').getByRole('status')).toContainText('転入した日から14日を過ぎています');
  await field('phone').locator('input').fill('0466-25-1234');
  await field('postal').locator('input').fill('2510052');
  await field('address').locator('input').fill('藤沢市藤沢一丁目九番地の七');
  await field('previous-address').locator('input').fill('横浜市中区山下町九十九番地');
  await field('householder').locator('input').fill('転入 花子');
  await field('relationship').locator('input').fill('本人');
  await phone.getByRole('button', { name: '庁舎へ送る' }).click();

  // Sent: the code in letters and as a QR code for the kiosk's camera; what to bring.
  await expect(phone.getByRole('heading', { name: '送りました。' })).toBeVisible({ timeout: 15_000 });
  const code = (await phone.getByTestId('home-form-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  expect(await readQr(phone.locator('.receipt .qr svg'))).toBe(code);
  await expect(phone.getByText('転出証明書', { exact: false })).toBeVisible();
  // The address holds no answer.
  expect(phone.url()).toBe(`${city.url}/kiosk/forms`);

  // At the office: the kiosk's check-in takes the code.
  const visit = await checkInAtKiosk(page, ownServer.baseURL, office.demo.kioskToken, code);

  // The counter reads the form on the visit, with the guide's check: the 14-day warning, the documents to see.
  const counter = await office.as('counter');
  const [form] = await counter<CounterForm[]>('GET', `/visits/${visit.id}/forms`);
  expect(form!.serviceId).toBe('tennyu');
  expect(form!.values).toMatchObject({ name: '転入 花子', furigana: 'テンニュウ ハナコ', postal: '2510052', relationship: '本人' });
  expect(form!.issues.filter((i) => i.level === 'warning').map((i) => i.field)).toEqual(['move-date']);
  await unlink();
});

test('a resident with a booking attaches the form to its code, and checks in with that code as usual', async ({ browser, page, ownServer }) => {
  test.setTimeout(120_000);
  const { office, unlink } = await linkedOffice(ownServer);
  const counter = await office.as('counter');
  const booking = await counter<{ code: string }>('POST', '/reservations', { serviceId: 'tennyu', slotStart: Date.now() });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(`${city.url}/kiosk/forms`);
  await phone.getByRole('button', { name: /Moving in/ }).click({ timeout: 15_000 });
  await fillMoveIn(phone, '予約 次郎', 'ヨヤク ジロウ');
  // A code typed in lower case with a space is the booking's all the same.
  await phone.getByLabel('Booking or check-in code (if you have one)').fill(`${booking.code.slice(0, 4).toLowerCase()} ${booking.code.slice(4)}`);
  await phone.getByRole('button', { name: 'Send to the office' }).click();
  await expect(phone.getByRole('heading', { name: 'Sent.' })).toBeVisible({ timeout: 15_000 });
  // The code to show is the booking's: one code for the resident, the form travels with it.
  await expect(phone.getByTestId('home-form-code')).toHaveText(booking.code);
  expect(await readQr(phone.locator('.receipt .qr svg'))).toBe(booking.code);
  await expect(phone.getByText(/Check in with this code as usual/)).toBeVisible();

  const visit = await checkInAtKiosk(page, ownServer.baseURL, office.demo.kioskToken, booking.code);
  expect(visit.source).toBe('reservation');
  const [form] = await counter<CounterForm[]>('GET', `/visits/${visit.id}/forms`);
  expect(form!.values).toMatchObject({ name: '予約 次郎', furigana: 'ヨヤク ジロウ' });
  await unlink();
});
