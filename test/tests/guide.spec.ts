import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { readQr } from '../support/qr.js';
import { staffPage } from '../support/staff.js';

/** A calendar date in Tokyo, `daysAgo` days before now: what the office calls that day. */
function tokyoDate(daysAgo: number): { year: number; month: number; day: number } {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' })
    .format(Date.now() - daysAgo * 86_400_000)
    .split('-')
    .map(Number);
  return { year: year!, month: month!, day: day! };
}

/** Fill a date field as the guide does (era, year, month, day), then leave it. */
async function fillDate(field: Locator, era: string, year: number, month: number, day: number) {
  await field.locator('select').selectOption(era);
  await field.getByLabel('年 / Year').fill(String(year));
  await field.getByLabel('月 / Month').fill(String(month));
  await field.getByLabel('日 / Day').fill(String(day));
  await field.getByLabel('日 / Day').press('Tab');
}

async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('a floor guide pre-fills a move-in on a tablet; the counter gets the form, the wall display never the name', async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  const guide = await staffPage(browser, ownServer, 'guide', '/guide', { width: 800, height: 1280 });

  // What the resident came for: a move-in, which has a form.
  await guide.locator('.procedure[data-service="tennyu"]').click();
  await expect(guide.locator('.procedure[data-service="tennyu"]')).toHaveAttribute('aria-pressed', 'true');
  // The move-in's usual companions are proposed at once.
  await expect(guide.locator('.proposals .propose[data-service="kokuho"]')).toBeVisible();
  await shot(guide, testInfo, 'guide-choose-800x1280');
  await guide.getByRole('button', { name: /Next: documents and forms/ }).click();

  const form = guide.locator('.procedure-form[data-service="tennyu"]');
  const field = (id: string) => form.locator(`.field[data-field="${id}"]`);
  const messages = (id: string) => field(id).locator('.issues');
  const issue = guide.getByRole('button', { name: /Issue number/ });

  // The resident's answers, with the usual mistakes.
  await form.locator('[data-document="identity-document"] input').check();
  await field('name').locator('input').fill('山田 太郎');
  await field('furigana').locator('input').fill('やまだ たろう');
  await field('furigana').locator('input').press('Tab');
  await fillDate(field('birthdate'), 'reiwa', 3, 2, 29);
  await field('postal').locator('input').fill('12345');
  await field('postal').locator('input').press('Tab');
  const moved = tokyoDate(20);
  await fillDate(field('move-date'), 'reiwa', moved.year - 2018, moved.month, moved.day);

  // Each message sits with its own field, in Japanese first.
  await expect(messages('furigana')).toContainText('カタカナで入力してください');
  await expect(messages('birthdate')).toContainText('存在しない日付です');
  await expect(messages('postal')).toContainText('郵便番号は7桁の数字で入力してください');
  await expect(messages('move-date').locator('[data-level="warning"]')).toContainText('14日を過ぎています');
  const certificate = form.locator('[data-document="moving-out-certificate"]');
  await expect(certificate.locator('.issues')).toContainText('持参書類の確認が済んでいません');
  await expect(form.locator('[data-document="identity-document"] .issues')).toHaveCount(0);
  await expect(issue).toBeDisabled();
  // The way on is under the thumb: the issue button is at the bottom of the tablet's screen.
  const bar = await guide.locator('.thumb-bar').boundingBox();
  expect(bar!.y + bar!.height).toBeGreaterThan(1280 - 20);
  await shot(guide, testInfo, 'guide-mistakes-800x1280');

  // The guide fixes them with the resident.
  await field('furigana')
    .getByRole('button', { name: /To katakana/ })
    .click();
  await expect(field('furigana').locator('input')).toHaveValue('ヤマダ タロウ');
  await fillDate(field('birthdate'), 'showa', 60, 2, 28);
  await field('postal').locator('input').fill('123-4567');
  await field('postal').locator('input').press('Tab');
  await certificate.locator('input').check();
  for (const [id, value] of [
    ['phone', '090-1234-5678'],
    ['address', 'ひかり市中央1-2-3 ひかりハイツ101'],
    ['previous-address', '東京都千代田区丸の内1-1-1'],
    ['householder', '山田 太郎'],
    ['relationship', '本人'],
  ] as const) {
    await field(id).locator('input').fill(value);
    await field(id).locator('input').press('Tab');
  }
  for (const id of ['furigana', 'birthdate', 'postal', 'phone', 'address']) await expect(messages(id)).toHaveCount(0);
  await expect(certificate.locator('.issues')).toHaveCount(0);
  // Only the late notice is left: a warning, to be explained to the resident.
  await expect(messages('move-date').locator('[data-level="warning"]')).toBeVisible();
  await expect(guide.locator('.thumb-bar .warnings')).toContainText('注意 1 件');
  await expect(issue).toBeDisabled();

  // National health insurance, from the proposal: what the resident already said is copied into its form.
  await guide.locator('.proposals .propose[data-service="kokuho"]').click();
  await expect(guide.locator('.chosen li')).toHaveText([/転入届/, /国民健康保険/]);
  const insurance = guide.locator('.procedure-form[data-service="kokuho"]');
  const insuranceField = (id: string) => insurance.locator(`.field[data-field="${id}"]`);
  await expect(insuranceField('furigana').locator('input')).toHaveValue('ヤマダ タロウ');
  await insurance.locator('[data-document="mynumber-documents"] input').check();
  await insuranceField('reason').getByRole('radio').first().click();
  await fillDate(insuranceField('start-date'), 'reiwa', moved.year - 2018, moved.month, moved.day);
  await expect(guide.locator('.thumb-bar .left')).toHaveCount(0);

  await guide.getByLabel(/Needs assistance/).check();
  await guide.getByLabel(/Print on/).selectOption('entrance');
  await guide.getByLabel(/I have explained this/).check();
  await expect(issue).toBeEnabled();
  await shot(guide, testInfo, 'guide-ready-800x1280');
  await issue.click();

  // One number for both procedures, large, and its ticket sent to the chosen printer.
  const number = guide.getByTestId('issued-number');
  await expect(number).toHaveText(/^B\d+$/);
  const issuedNumber = (await number.textContent())!.trim();
  expect(await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(120);
  await expect(guide.locator('.issued .steps li')).toHaveText([/転入届/, /国民健康保険/]);
  await expect(guide.locator('.issued .assist')).toBeVisible();
  await expect(guide.locator('.issued .print')).toHaveAttribute('data-print', 'sent');
  await shot(guide, testInfo, 'guide-issued-800x1280');

  // Nothing of the resident stays on the tablet: not in storage, not in the address, not after "next resident".
  const stored = await guide.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
  expect(stored).not.toContain('山田');
  expect(stored).not.toContain('ヤマダ');
  await guide.getByRole('button', { name: /Next resident/ }).click();
  await expect(guide.locator('.procedure[data-service="tennyu"]')).toHaveAttribute('aria-pressed', 'false');
  await expect(guide.locator('main')).not.toContainText('山田');

  // Counter 3 takes move-ins: it calls the number and finds the form filled in.
  const counter = await staffPage(browser, ownServer, 'counter', '/counter', { width: 1366, height: 768 });
  await counter.getByLabel(/担当窓口/).selectOption('3');
  await expect(counter.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  await counter.keyboard.press('n');
  await expect(counter.locator('.current-number')).toHaveText(issuedNumber);
  const panel = counter.getByTestId('prefilled-form');
  const movein = panel.locator('.form[data-service="tennyu"]');
  await expect(movein.locator('.row[data-field="name"] .value')).toHaveText('山田 太郎');
  await expect(movein.locator('.row[data-field="birthdate"] .value')).toHaveText('昭和60年2月28日');
  await expect(movein.locator('[data-document="moving-out-certificate"] input')).toBeChecked();
  await expect(panel.locator('.form[data-service="kokuho"]')).toBeVisible();
  // The console's own buttons stay in view with the panel open.
  for (const name of [/Call next/, /Recall/, /Start/, /Finish/, /No-show/]) await expect(counter.getByRole('button', { name })).toBeInViewport();

  // The counter corrects the phone number.
  await movein.locator('.row[data-field="phone"]').getByRole('button', { name: /Edit/ }).click();
  await movein.locator('.row[data-field="phone"] input').fill('03-1234-5678');
  await movein.getByRole('button', { name: /Save correction/ }).click();
  await expect(movein.locator('.row[data-field="phone"] .value')).toHaveText('03-1234-5678');
  await shot(counter, testInfo, 'counter-form-panel-1366x768');

  // The form to sign: printing is a command (audited), answered with the PDF in a tab of its own.
  const printed = counter.context().waitForEvent('response', (r) => r.url().endsWith('/forms/tennyu/print'));
  const tab = counter.waitForEvent('popup');
  await movein.getByRole('button', { name: /Print form/ }).click();
  const pdf = await printed;
  expect(pdf.request().method()).toBe('POST');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  await (await tab).close();

  // The wall display shows the call, and nothing about who was called.
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })).newPage();
  await display.goto(office.displayURL);
  await display.getByRole('button', { name: /音声を有効にする/ }).click();
  await expect(display.locator('.tiles .call', { hasText: new RegExp(`^\\s*${issuedNumber}\\b`) })).toBeVisible();
  const wall = await display.evaluate(() => document.documentElement.innerText + document.documentElement.outerHTML);
  for (const personal of ['山田', 'ヤマダ', '123-4567', '090-1234-5678', '03-1234-5678']) expect(wall).not.toContain(personal);
});

test('a guided resident leaves with the phone link, which opens in their language; the counter sees the language too', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(120_000);
  const guide = await staffPage(browser, ownServer, 'guide', '/guide', { width: 800, height: 1280 });
  // A family-register certificate has no form: straight to the options.
  await guide.locator('.procedure[data-service="koseki-shomei"]').click();
  await guide.getByRole('button', { name: /Next: documents and forms/ }).click();
  await guide.getByLabel(/Resident's language/).selectOption('en');
  await guide.getByRole('button', { name: /Issue number/ }).click();

  const number = (await guide.getByTestId('issued-number').textContent())!.trim();
  const link = guide.getByTestId('status-url');
  const url = (await link.getAttribute('href'))!;
  expect(url).toMatch(/\/kiosk\/status\/[^/]+$/);
  await expect(link).toHaveText(url);
  expect(await readQr(guide.getByTestId('status-qr').locator('svg'))).toBe(url);
  // The guide shows the resident, in Japanese and in their language, that they may leave and follow it on the phone.
  await expect(guide.getByTestId('may-leave')).toContainText('この場を離れても大丈夫です。QRコードを読み取ると、スマートフォンで順番を確認できます。');
  await expect(guide.getByTestId('may-leave').locator('[lang=en]')).toHaveText('You may leave: scan the QR code to follow your turn on your phone.');
  await shot(guide, testInfo, 'guide-issued-link-800x1280');

  // The phone is set to Japanese, but the resident asked for English: the page opens in English.
  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ja-JP', isMobile: true, hasTouch: true })).newPage();
  await phone.goto(`${ownServer.baseURL}${new URL(url).pathname}`);
  await expect(phone.locator('.visit .number')).toHaveText(number);
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en');
  await expect(phone.locator('.office')).toHaveText('Hikari City Citizen Service Centre');

  // Counter 1 calls the number and sees, beside it, which language to speak.
  const counter = await staffPage(browser, ownServer, 'counter', '/counter');
  await counter.getByLabel(/担当窓口/).selectOption('1');
  await expect(counter.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  await counter.getByLabel(/Call number/).fill(number);
  await counter.getByRole('button', { name: /^呼出 \/ Call$/ }).click();
  await expect(counter.locator('.current-number')).toHaveText(number);
  await expect(counter.locator('.current .language')).toHaveText(/English/);
});
