import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { cameraShowing, readQr } from '../support/qr.js';
import { expectInstallable } from '../support/status-app.js';
import { freePort, type RunningServer } from '../support/server.js';

type Visit = { id: string; number: string; assistance: boolean; steps: { id: string; serviceId: string; state: string }[] };
type Issued = { visit: Visit; statusUrl: string; print: { state: string } | null; notices: boolean };
type Device = { id: string; kind: string };

const LANDSCAPE = { width: 1280, height: 800 };
const PORTRAIT = { width: 1080, height: 1920 };

async function setup(server: RunningServer) {
  const office = await demoOffice(server);
  const admin = await office.as('admin');
  const kioskId = (await admin<Device[]>('GET', '/devices')).find((d) => d.kind === 'kiosk')!.id;
  return {
    office,
    admin,
    counter: await office.as('counter'),
    kioskURL: `${server.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`,
    /** What an admin sets for the demo kiosk: its printer (the demo's is the virtual "entrance") and its limit. */
    setKiosk: (settings: { printerId: string | null; ticketsPerMinute: number }) => admin('PUT', `/devices/${kioskId}/kiosk`, settings),
  };
}

async function openKiosk(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('[data-service]').first()).toBeVisible();
}

const service = (page: Page, id: string) => page.locator(`[data-service="${id}"]`);
const takeNumber = (page: Page) => page.locator('.take');

/** Touch "take a number" and answer what the server issued. */
async function take(page: Page): Promise<Issued> {
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
  await takeNumber(page).click();
  const issued = (await (await answer).json()) as Issued;
  await expect(page.locator('.ticket')).toHaveAttribute('data-number', issued.visit.number);
  return issued;
}

/** Every procedure button is on screen, none under the footer: the "take a number" bar never covers one. */
async function expectEveryProcedureReachable(page: Page) {
  const footer = await page.locator('.home footer').boundingBox();
  const viewport = page.viewportSize()!;
  for (const button of await page.locator('[data-service]').all()) {
    const box = (await button.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(footer!.y);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  }
  // No scrolling needed either: the demo's 13 procedures fit at once.
  const scroll = await page.locator('.choices').evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(scroll).toBeLessThanOrEqual(1);
}

/** Kept in the test's output folder and attached to its report, for a person to look at. */
async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('a resident takes one number for two procedures, in Japanese, at 1280x800 and in portrait', async ({ page, ownServer }, testInfo) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja-JP');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ご用件をお選びください');
  // Grouped under the office's headings, in its order.
  await expect(page.locator('.sections h2')).toHaveText(['証明書', '引越し・住所', 'マイナンバー', '保険・年金', '子育て・家族', 'その他']);
  await expect(takeNumber(page)).toBeDisabled();

  await service(page, 'tennyu').click();
  // Moving in: the kiosk offers what usually goes with it.
  const offer = page.locator('.suggestions');
  await expect(offer).toContainText('あわせて必要ではありませんか');
  await offer.locator('[data-suggest="kokuho"]').click();
  await expect(offer.locator('[data-suggest="kokuho"]')).toHaveCount(0);
  await expect(service(page, 'tennyu')).toHaveAttribute('aria-pressed', 'true');
  await expect(service(page, 'tennyu').locator('.step')).toHaveText('1');
  await expect(service(page, 'kokuho').locator('.step')).toHaveText('2');
  await expectEveryProcedureReachable(page);
  await attachScreenshot(page, testInfo, 'home-ja-1280x800');

  const issued = await take(page);
  expect(issued.visit.steps.map((s) => s.serviceId)).toEqual(['tennyu', 'kokuho']);
  const ticket = page.locator('.ticket');
  await expect(ticket.locator('.number')).toHaveText(issued.visit.number);
  await expect(ticket.locator('.steps li')).toHaveText([/転入届/, /国民健康保険/]);
  await expect(ticket.locator('.ahead')).toHaveText('次にお呼びします');
  await expect(ticket.locator('[data-print]')).toHaveAttribute('data-print', 'printed');
  await expect(ticket).toContainText('スマートフォンで読み取ると');
  // With the QR code the resident need not wait by the display; an office not linked to a city sends no notices.
  expect(issued.notices).toBe(false);
  await expect(ticket.getByTestId('may-leave')).toHaveText('この場を離れても大丈夫です。QRコードを読み取ると、スマートフォンで順番を確認できます。');
  expect(await readQr(page.locator('.qr .code svg'))).toBe(issued.statusUrl);
  // Only a resident's status page is an installable app, not the kiosk's touch screen.
  await expect(page.locator('link[rel=manifest]')).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'ticket-ja-1280x800');

  await page.getByRole('button', { name: '閉じる' }).click();
  await expect(page.locator('[aria-pressed="true"][data-service]')).toHaveCount(0);

  await page.setViewportSize(PORTRAIT);
  await service(page, 'tenshutsu').click();
  await service(page, 'juminhyo').click();
  await expectEveryProcedureReachable(page);
  await attachScreenshot(page, testInfo, 'home-ja-1080x1920');
  await take(page);
  await attachScreenshot(page, testInfo, 'ticket-ja-1080x1920');
});

test('an English-speaking resident is served in English, and the next person finds Japanese again', async ({ page, ownServer }, testInfo) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);
  // Only the page's own clock: the socket keeps the real timers it already holds.
  await page.clock.install();

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What are you here for today?');
  await expect(service(page, 'juminhyo')).toHaveText('Residence certificate');
  await service(page, 'juminhyo').click();
  await service(page, 'mynumber-pickup').click();
  // Assistance is asked for on the screen of every kind of help, behind one button.
  await page.locator('[data-action="needs"]').click();
  await page.locator('[data-action="assistance"]').click();
  await expect(page.locator('[data-action="assistance"]')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('[data-action="needs-done"]').click();
  await expect(page.locator('[data-action="needs"]')).toHaveAttribute('aria-pressed', 'true');

  const request = page.waitForRequest((r) => r.url().endsWith('/api/v1/visits'));
  const issued = await take(page);
  expect((await request).postDataJSON()).toEqual({ services: ['juminhyo', 'mynumber-pickup'], assistance: true, language: 'en' });
  expect(issued.visit.assistance).toBe(true);
  const ticket = page.locator('.ticket');
  await expect(ticket).toContainText('Your number');
  await expect(ticket.locator('.steps li')).toHaveText([/Residence certificate/, /My Number card pick-up/]);
  await expect(ticket).toContainText('Scan to follow your turn on your phone');
  await expect(ticket.getByTestId('may-leave')).toHaveText('You may leave: scan the QR code to follow your turn on your phone.');
  await expect(ticket).toContainText('The staff know that you need assistance.');
  await expect(ticket.locator('.countdown')).toContainText('Back to the start in');
  await attachScreenshot(page, testInfo, 'ticket-en-1280x800');

  // Nobody touches the screen: after 20 s the kiosk is back to its first screen, in Japanese.
  await page.clock.fastForward(21_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ご用件をお選びください');
  await expect(page.getByRole('button', { name: '日本語', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-action="needs"]')).toHaveAttribute('aria-pressed', 'false');

  // Someone switches to Korean, chooses, and walks away: a minute later it is Japanese and empty again.
  await page.getByRole('button', { name: '한국어' }).click();
  await service(page, 'kokuho').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('용무를 선택해 주십시오');
  await page.clock.fastForward(30_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('용무를 선택해 주십시오');
  await page.clock.fastForward(31_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ご用件をお選びください');
  await expect(service(page, 'kokuho')).toHaveAttribute('aria-pressed', 'false');
});

test('a reservation is checked in with the on-screen keypad', async ({ page, ownServer }, testInfo) => {
  const { kioskURL, counter } = await setup(ownServer);
  await counter('POST', '/reservations', { serviceId: 'mynumber-pickup', slotStart: Date.now(), code: 'K7Q42' });
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);

  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.locator('[data-action="reservation"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tiếp nhận lịch hẹn');
  const keypad = page.locator('.keypad');
  const key = (k: string) => keypad.getByRole('button', { name: k, exact: true });
  const checkIn = page.getByRole('button', { name: 'Tiếp nhận', exact: true });

  // A wrong code first: said calmly, and the resident can correct it.
  for (const k of 'K7Q43') await key(k).click();
  await checkIn.click();
  await expect(page.locator('[data-problem="code_not_found"]')).toContainText('Không tìm thấy mã đặt lịch này');
  await attachScreenshot(page, testInfo, 'reservation-not-found-vi');
  await keypad.getByRole('button', { name: /Xóa một ký tự/ }).click();
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  await key('2').click();
  await expect(page.locator('.code')).toHaveAttribute('data-code', 'K7Q42');

  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/reservations/check-in'));
  await checkIn.click();
  const issued = (await (await answer).json()) as Issued;
  expect((await answer).request().postDataJSON()).toEqual({ code: 'K7Q42', language: 'vi' });
  await expect(page.locator('.ticket .number')).toHaveText(issued.visit.number);
  await expect(page.locator('.ticket .steps li')).toHaveText([/Nhận thẻ My Number/]);
  await attachScreenshot(page, testInfo, 'reservation-ticket-vi');
});

test('a kiosk that issued too many tickets asks the resident, politely, to wait', async ({ page, ownServer }, testInfo) => {
  const { kioskURL, setKiosk } = await setup(ownServer);
  await setKiosk({ printerId: 'entrance', ticketsPerMinute: 1 });
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);

  await service(page, 'juminhyo').click();
  await take(page);
  await page.getByRole('button', { name: '閉じる' }).click();

  await page.getByRole('button', { name: 'Português' }).click();
  await service(page, 'juminhyo').click();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/visits'));
  await takeNumber(page).click();
  expect((await answer).status()).toBe(429);
  const note = page.locator('[data-problem="slow_down"]');
  await expect(note).toHaveText('Aguarde um momento, por favor. Se precisar de mais senhas, fale com um funcionário.');
  // A request to wait, not an alarm.
  await expect(note).toHaveAttribute('role', 'status');
  await expect(page.locator('.ticket')).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'slow-down-pt');
});

test('a ticket that cannot print: the number stays on screen longer with a calm note', async ({ page, ownServer }, testInfo) => {
  const { kioskURL, admin, setKiosk } = await setup(ownServer);
  // A network printer nobody answers for: its jobs fail.
  const closedPort = await freePort();
  await admin('PUT', '/config/printers/broken', { id: 'broken', name: 'Broken printer', connection: { kind: 'network', host: '127.0.0.1', port: closedPort } });
  await setKiosk({ printerId: 'broken', ticketsPerMinute: 0 });
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);

  await page.getByRole('button', { name: 'English' }).click();
  await service(page, 'tennyu').click();
  await take(page);
  const print = page.locator('.ticket [data-print]');
  await expect(print).toHaveAttribute('data-print', 'failed', { timeout: 15_000 });
  await expect(print).toHaveText('The ticket could not be printed. Please note your number (shown here) and tell a member of staff.');
  // Longer than the 20 s of a printed ticket: the resident needs time to note the number.
  const secondsLeft = Number((await page.locator('.ticket .countdown').textContent())?.match(/\d+/)?.[0]);
  expect(secondsLeft).toBeGreaterThan(30);
  await attachScreenshot(page, testInfo, 'print-failed-en');

  // No printer at all: the resident is told to remember the number.
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await setKiosk({ printerId: null, ticketsPerMinute: 0 });
  await service(page, 'juminhyo').click();
  const issued = await take(page);
  expect(issued.print).toBeNull();
  await expect(page.locator('.ticket [data-print]')).toHaveText('番号札は出ません。番号を覚えておくか、この画面を撮影してください。');
});

test("the resident's phone follows the visit and turns to “called” when a counter calls the number", async ({ browser, ownServer }, testInfo) => {
  const { office, counter } = await setup(ownServer);
  const issued = await office.kiosk<Issued>('POST', '/visits', { services: ['tennyu', 'kokuho'], language: 'en' });
  // The phone reaches the office by the address in the QR code; the test reaches the same page on its own address.
  const statusPath = new URL(issued.statusUrl).pathname;
  expect(statusPath).toMatch(/^\/kiosk\/status\//);

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await page.addInitScript(() => {
    const buzzes: unknown[] = [];
    (window as { __buzzes?: unknown[] }).__buzzes = buzzes;
    navigator.vibrate = (pattern) => buzzes.push(pattern) > 0;
  });
  await page.goto(`${ownServer.baseURL}${statusPath}`);
  const visit = page.locator('.visit');
  await expect(visit).toHaveAttribute('data-state', 'waiting');
  await expect(visit.locator('.number')).toHaveText(issued.visit.number);
  await expect(page.locator('.office')).toHaveText('Hikari City Citizen Service Centre');
  await expect(visit).toContainText('Moving in');
  await expect(visit).toContainText('You are next');
  await attachScreenshot(page, testInfo, 'status-waiting-en-360');
  // The resident may add the page to their home screen: it opens as an app on this visit's page.
  await expectInstallable(page);

  const { visit: called } = await counter<{ visit: Visit }>('POST', '/counters/3/call-next');
  expect(called.number).toBe(issued.visit.number);
  await expect(visit).toHaveAttribute('data-state', 'called');
  await expect(visit.locator('.called')).toContainText('It is your turn');
  await expect(visit.locator('.called')).toContainText('Please go to Counter 3');
  await expect(page.locator('.phone')).toHaveClass(/called/);
  await expect.poll(() => page.evaluate(() => (window as { __buzzes?: unknown[] }).__buzzes)).toEqual([[300, 100, 300]]);
  await attachScreenshot(page, testInfo, 'status-called-en-360');

  // The switcher changes the language on the spot.
  await page.getByRole('button', { name: '日本語', exact: true }).click();
  await expect(visit.locator('.called')).toContainText('3番窓口へお越しください');

  // The first procedure done: the phone moves on to the next one.
  const stepId = called.steps.find((s) => s.state === 'called')!.id;
  await counter('POST', '/counters/3/start', { counterId: '3', stepId });
  await counter('POST', '/counters/3/finish', { counterId: '3', stepId });
  await expect(visit).toHaveAttribute('data-state', 'waiting');
  await expect(visit).toContainText('国民健康保険');
  await expect(page.locator('.steps li').first()).toContainText('済');
  await phone.close();
});

test('a link that is not valid says so, with no kiosk token needed', async ({ page, ownServer }) => {
  await page.goto(`${ownServer.baseURL}/kiosk/status/not-a-real-token`);
  await expect(page.locator('.message')).toContainText('この番号の情報は表示できません');
  await expect(page.getByText('端末用リンク')).toHaveCount(0);
});

test('a reservation QR code held up to the kiosk camera checks the resident in', async ({ ownServer }, testInfo) => {
  const { kioskURL, counter } = await setup(ownServer);
  await counter('POST', '/reservations', { serviceId: 'kokuho', slotStart: Date.now(), code: 'QR2468' });
  const withCamera = await cameraShowing('QR2468', testInfo);
  try {
    const page = await withCamera.newPage({ viewport: LANDSCAPE, locale: 'ja-JP' });
    await openKiosk(page, kioskURL);
    await page.locator('[data-action="reservation"]').click();
    await expect(page.locator('.scanner video')).toBeVisible();
    await expect(page.locator('.ticket .number')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.ticket .steps li')).toHaveText([/国民健康保険/]);
    await attachScreenshot(page, testInfo, 'reservation-qr-ticket');
  } finally {
    await withCamera.close();
  }
});

// What a first week of real use found (issue 14, point 9).

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function procedureBoxes(page: Page) {
  return Promise.all((await page.locator('[data-service]').all()).map(async (b) => (await b.boundingBox())!));
}

test('language buttons are a finger wide, and a longer language never moves the procedure buttons', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  for (const viewport of [LANDSCAPE, { width: 1920, height: 1080 }, PORTRAIT]) {
    await page.setViewportSize(viewport);
    await openKiosk(page, kioskURL);
    for (const button of await page.locator('.languages button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.height, `${viewport.width}x${viewport.height}`).toBeGreaterThanOrEqual(64);
      expect(box.width).toBeGreaterThanOrEqual(64);
    }
    const inJapanese = await procedureBoxes(page);
    for (const name of ['English', '简体中文', '한국어', 'Tiếng Việt', 'Português']) {
      await page.getByRole('button', { name, exact: true }).click();
      await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
      expect(await procedureBoxes(page), `${name} at ${viewport.width}x${viewport.height}`).toEqual(inJapanese);
    }
  }
});

/** Text in the kiosk smaller than 20 px, as "size: text", for a readable failure. */
async function smallTexts(page: Page): Promise<string[]> {
  return page.locator('.kiosk').evaluate((root) => {
    const small: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement!;
      if (!node.textContent?.trim() || element.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < 20) small.push(`${size}px: ${node.textContent.trim()}`);
    }
    return small;
  });
}

test('every word on the kiosk is at least 20 px, secondary lines included', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);
  expect(await smallTexts(page)).toEqual([]);
  await service(page, 'tennyu').click();
  await expect(page.locator('.suggestions')).toBeVisible();
  expect(await smallTexts(page)).toEqual([]);
  await page.locator('[data-action="reservation"]').click();
  expect(await smallTexts(page)).toEqual([]);
  await page.getByRole('button', { name: '戻る' }).click();
  await take(page);
  expect(await smallTexts(page)).toEqual([]);
});

test('a greyed “take a number” button says why it cannot be pressed yet', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);
  await expect(takeNumber(page)).toBeDisabled();
  await expect(takeNumber(page)).toContainText('ご用件を選んでください');
  await expect(takeNumber(page)).toHaveAccessibleDescription(/ご用件を選んでください/);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(takeNumber(page)).toContainText('Choose a procedure first');

  await service(page, 'juminhyo').click();
  await expect(takeNumber(page)).toBeEnabled();
  await expect(takeNumber(page)).not.toContainText('Choose a procedure first');
});

test('the reconnecting badge covers no button, and the error of an outage clears when the server is back', async ({ page, ownServer }, testInfo) => {
  test.setTimeout(90_000);
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(PORTRAIT);
  await openKiosk(page, kioskURL);
  await service(page, 'juminhyo').click();

  await ownServer.halt();
  await takeNumber(page).click();
  await expect(page.locator('[data-problem="failed"]')).toBeVisible();
  const badge = page.locator('.reconnecting');
  await expect(badge).toBeVisible({ timeout: 15_000 });
  for (const viewport of [PORTRAIT, LANDSCAPE, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(viewport);
    for (const lang of ['日本語', 'Português']) {
      await page.getByRole('button', { name: lang, exact: true }).click();
      const box = (await badge.boundingBox())!;
      for (const button of await page.locator('button').all()) {
        const other = await button.boundingBox();
        if (other) expect(overlaps(box, other), `${lang} at ${viewport.width}x${viewport.height}: ${await button.textContent()}`).toBe(false);
      }
    }
  }
  await attachScreenshot(page, testInfo, 'reconnecting-pt-1920x1080');

  await ownServer.restart();
  await expect(badge).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('[data-problem]')).toHaveCount(0);
  // The resident's choice is still there: only the stale error went away.
  await expect(service(page, 'juminhyo')).toHaveAttribute('aria-pressed', 'true');
});

test('the reservation keypad offers exactly the characters a code can contain', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(LANDSCAPE);
  await openKiosk(page, kioskURL);
  await page.locator('[data-action="reservation"]').click();
  // No 0/O or 1/I: the office never gives them out, so a resident is never asked to tell them apart.
  await expect(page.locator('.keypad button[data-key]')).toHaveText([...'23456789ABCDEFGHJKLMNPQRSTUVWXYZ']);
});

test('a long Japanese procedure name wraps between phrases, never inside a word', async ({ page, ownServer }) => {
  const { kioskURL, admin } = await setup(ownServer);
  // The phrases BudouX finds in this name; a line may start only at one of them.
  const phrases = ['マイナンバーカードの', '電子証明書の', '有効期限の', '更新と', '暗証番号の', '再設定'];
  await admin('PUT', '/config/services/mynumber-pin', {
    id: 'mynumber-pin',
    prefix: 'M',
    icon: 'key-round',
    group: 'mynumber',
    name: { ja: phrases.join(''), en: 'My Number card: renew the certificate and reset the PINs' },
  });
  const starts = new Set(phrases.map((_, i) => phrases.slice(0, i).join('').length));
  // Landscape screens: several columns of buttons, so the name needs more than one line.
  for (const viewport of [LANDSCAPE, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(viewport);
    await openKiosk(page, kioskURL);
    const name = service(page, 'mynumber-pin').locator('.name');
    await expect(name).toHaveText(phrases.join(''));
    // Where each line starts: the characters whose box is lower than the one before.
    const lineStarts = await name.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const starts: number[] = [];
      let index = 0;
      let lastTop = -Infinity;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.textContent!.length; i++, index++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = range.getBoundingClientRect().top;
          if (top > lastTop + 2) starts.push(index);
          lastTop = top;
        }
      }
      return starts;
    });
    expect(lineStarts.length, `${viewport.width}x${viewport.height}: the name wraps`).toBeGreaterThan(1);
    for (const start of lineStarts) expect(starts, `a line starts at “${phrases.join('').slice(start)}”`).toContain(start);
  }
});

test('a portrait kiosk uses its whole screen for the procedures', async ({ page, ownServer }, testInfo) => {
  const { kioskURL } = await setup(ownServer);
  await page.setViewportSize(PORTRAIT);
  await openKiosk(page, kioskURL);
  await attachScreenshot(page, testInfo, 'home-ja-portrait');
  const boxes = await procedureBoxes(page);
  const footer = (await page.locator('.home footer').boundingBox())!;
  const lowest = Math.max(...boxes.map((b) => b.y + b.height));
  const rightmost = Math.max(...boxes.map((b) => b.x + b.width));
  // No band of blank screen between the last procedure and the footer, nor down the right side.
  expect(footer.y - lowest).toBeLessThan(80);
  expect(PORTRAIT.width - rightmost).toBeLessThan(60);

  // The reservation keypad and the ticket also reach down the screen, with no empty lower half.
  await page.locator('[data-action="reservation"]').click();
  await attachScreenshot(page, testInfo, 'reservation-ja-portrait');
  expect(PORTRAIT.height - (await lowestInMain(page))).toBeLessThan(120);
  expect(PORTRAIT.width - (await page.locator('.keypad').boundingBox())!.width).toBeLessThan(60);
  await page.getByRole('button', { name: '戻る' }).click();
  await service(page, 'tennyu').click();
  await take(page);
  await attachScreenshot(page, testInfo, 'ticket-ja-portrait');
  expect(PORTRAIT.height - (await lowestInMain(page))).toBeLessThan(120);
});

/** The bottom edge of the lowest thing shown in the kiosk's main area (its leaves: text, keys, icons, not boxes). */
async function lowestInMain(page: Page): Promise<number> {
  return page.locator('.kiosk main').evaluate((main) => {
    const shown = [...main.querySelectorAll('*')].filter((e) => e.children.length === 0 && e.getClientRects().length > 0);
    return Math.max(...shown.map((e) => e.getBoundingClientRect().bottom));
  });
}
