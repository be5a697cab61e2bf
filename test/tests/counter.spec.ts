import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks } from '../support/office.js';
import type { RunningServer } from '../support/server.js';

type Visit = { id: string; number: string; steps: { id: string; serviceId: string; state: string }[] };
type LogEvent = { type: string; visitId?: string; number?: string; counterId?: string };
type Account = { username: string; password: string };

/** A counter PC: its own browser context (own cookies and storage), 1366x768, signed in, its counter chosen. */
async function openConsole(browser: Browser, server: RunningServer, account: Account, counterId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await signIn(page, server, account);
  await page.goto(`${server.baseURL}/admin/counter`);
  await page.getByLabel(/担当窓口/).selectOption(counterId);
  await expect(page.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  return page;
}

async function signIn(page: Page, server: RunningServer, account: Account) {
  await page.goto(`${server.baseURL}/admin/`);
  await page.getByLabel(/Username/).fill(account.username);
  await page.getByLabel(/Password/).fill(account.password);
  await page.getByRole('button', { name: /Sign in/ }).click();
  await expect(page.getByRole('button', { name: /Sign out/ })).toBeVisible();
}

/** The demo office, its kiosk, and a way to add counter staff (one account per counter PC, as in an office). */
async function setup(server: RunningServer) {
  const office = await demoOffice(server);
  // These tests fill queues from the kiosk faster than residents could.
  await unlimitKiosks(office);
  const admin = await office.as('admin');
  const account = (role: string): Account => office.demo.accounts.find((a) => a.role === role)!;
  const addCounterStaff = async (username: string): Promise<Account> => {
    const password = `${username}-password`;
    await admin('POST', '/staff', { username, displayName: `Staff ${username}`, role: 'counter', password });
    return { username, password };
  };
  return { office, kiosk: office.kiosk, account, addCounterStaff };
}

const button = (page: Page, name: RegExp) => page.getByRole('button', { name });
const currentNumber = (page: Page) => page.locator('.current-number');

/**
 * Press a console key as a clerk does: once the last action's answer is in and the buttons are back. The new
 * number can show (from the live view) a moment before the answer that freed the buttons.
 */
async function press(page: Page, key: string) {
  await expect(page.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press(key);
}

/** A real counter PC: a 1366x768 screen leaves about 657 px of page under the browser's bars. */
const REAL_SCREEN = { width: 1366, height: 657 };

/** Sign in on a PC of its own with that screen and open the console, no counter chosen yet. */
async function consoleOnRealScreen(browser: Browser, server: RunningServer, account: Account): Promise<Page> {
  const context = await browser.newContext({ viewport: REAL_SCREEN, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await signIn(page, server, account);
  await page.goto(`${server.baseURL}/admin/counter`);
  return page;
}

/** Choose the counter as staff do: the mouse puts the list in focus, then the counter is picked from it. */
async function chooseCounter(page: Page, counterId: string) {
  const select = page.getByLabel(/担当窓口/);
  await select.focus();
  await select.selectOption(counterId);
}

/** Whether the element lies wholly within the window, with the page not scrolled. */
async function wholeInView(page: Page, locator: ReturnType<Page['locator']>) {
  const box = (await locator.boundingBox())!;
  const scroll = await page.evaluate(() => window.scrollY);
  return scroll === 0 && box.y >= 0 && box.x >= 0 && box.y + box.height <= REAL_SCREEN.height && box.x + box.width <= REAL_SCREEN.width;
}

/** A move-in form the guide's checks accept, moved today. */
function moveInForm() {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now()).split('-').map(Number);
  return {
    serviceId: 'tennyu',
    values: {
      name: '山田 花子',
      furigana: 'ヤマダ ハナコ',
      birthdate: { era: 'showa', year: 60, month: 5, day: 1 },
      phone: '090-1234-5678',
      'move-date': { era: 'reiwa', year: year! - 2018, month, day },
      postal: '123-4567',
      address: 'ひかり市中央1-2-3',
      'previous-address': '東京都千代田区丸の内1-1-1',
      householder: '山田 花子',
      relationship: '本人',
    },
    documents: ['moving-out-certificate', 'identity-document'],
  };
}

test('two staff at two counters calling from the same queue never get the same visit', async ({ browser, ownServer }) => {
  test.setTimeout(120_000);
  const { office, kiosk, account, addCounterStaff } = await setup(ownServer);
  const issued: string[] = [];
  for (let i = 0; i < 10; i++) issued.push((await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['juminhyo'] })).visit.number);

  const pages = await Promise.all([
    openConsole(browser, ownServer, account('counter'), '1'),
    openConsole(browser, ownServer, await addCounterStaff('second'), '2'),
  ]);

  /** Call next and finish until the queue is empty; answers the numbers this counter was given. */
  async function serveAll(page: Page): Promise<string[]> {
    const served: string[] = [];
    for (;;) {
      await expect(button(page, /Call next/)).toBeEnabled();
      await button(page, /Call next/).click();
      const alert = page.locator('.current .alert');
      await expect(currentNumber(page).or(alert)).toBeVisible();
      if (await alert.isVisible()) {
        // Only an empty queue may stop us: any other refusal would be a lost visit.
        await expect(alert).toContainText('Nobody is waiting');
        return served;
      }
      served.push((await currentNumber(page).textContent())!.trim());
      await button(page, /Finish/).click();
      await expect(currentNumber(page)).toHaveCount(0);
    }
  }
  const [one, two] = await Promise.all(pages.map(serveAll));
  const all = [...one!, ...two!];
  expect(all).toHaveLength(10);
  expect(new Set(all).size).toBe(10);
  expect([...all].sort()).toEqual([...issued].sort());

  // The event log agrees: each visit was called exactly once, by the counter whose screen showed it.
  const events = await (await office.as('manager'))<LogEvent[]>('GET', '/events?limit=10000');
  const calls = events.filter((e) => e.type === 'called');
  expect(calls).toHaveLength(10);
  expect(new Set(calls.map((e) => e.visitId)).size).toBe(10);
  for (const e of calls) expect(e.counterId === '1' ? one : two).toContain(e.number);
});

test('a visit with two procedures, finished at counter 3, waits with the same number in the console of counter 8', async ({ browser, ownServer }) => {
  test.setTimeout(60_000);
  const { kiosk, account, addCounterStaff } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu', 'kokuho'] });
  const [three, eight] = await Promise.all([
    openConsole(browser, ownServer, account('counter'), '3'),
    openConsole(browser, ownServer, await addCounterStaff('kokuho-desk'), '8'),
  ]);

  await button(three, /Call next/).click();
  await expect(currentNumber(three)).toHaveText(visit.number);
  // The console shows where the visit is in its procedures.
  const steps = three.locator('.steps li');
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(0)).toHaveAttribute('data-state', 'called');
  await expect(steps.nth(1)).toContainText('国民健康保険');
  await expect(steps.nth(1)).toHaveAttribute('data-state', 'pending');
  await three.getByLabel(/Note for the next counter/).fill('転入届は受理済み');
  // Staff are told what happens to what they write there (issue 15).
  await expect(three.getByText('個人情報を含むメモは暗号化され、閉庁時に消去されます')).toBeVisible();
  await button(three, /Save note/).click();
  await expect(button(three, /Save note/)).toBeDisabled();
  await button(three, /Start/).click();
  await expect(currentNumber(three)).toHaveAttribute('data-state', 'serving');
  await button(three, /Finish/).click();
  await expect(currentNumber(three)).toHaveCount(0);

  await expect(eight.locator('.queue[data-service="kokuho"] .next')).toContainText(visit.number);
  await expect(eight.locator('.queue[data-service="kokuho"] .waiting-count')).toHaveText('1');
  await button(eight, /Call next/).click();
  await expect(currentNumber(eight)).toHaveText(visit.number);
  await expect(eight.locator('.steps li').nth(0)).toHaveAttribute('data-state', 'done');
  await expect(eight.locator('.steps li').nth(1)).toHaveAttribute('data-state', 'called');
  await expect(eight.getByLabel(/Note for the next counter/)).toHaveValue('転入届は受理済み');
});

test('a no-show put back in the queue is called again', async ({ browser, ownServer }) => {
  const { kiosk, account } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] });
  const page = await openConsole(browser, ownServer, account('counter'), '3');

  await button(page, /Call next/).click();
  await expect(currentNumber(page)).toHaveText(visit.number);
  await button(page, /No-show/).click();
  await expect(currentNumber(page)).toHaveCount(0);

  const missed = page.locator('.no-show-entry', { hasText: visit.number });
  await expect(missed).toBeVisible();
  await press(page, 'q');
  await expect(missed).toHaveCount(0);
  await expect(page.locator('.queue[data-service="tennyu"] .next')).toContainText(visit.number);

  await button(page, /Call next/).click();
  await expect(currentNumber(page)).toHaveText(visit.number);
});

test('the console works from the keyboard, and fits a 1366x768 screen', async ({ browser, ownServer }, testInfo) => {
  const { office, kiosk, account } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu', 'kokuho'], assistance: true });
  await kiosk('POST', '/visits', { services: ['tenshutsu'] });
  const page = await openConsole(browser, ownServer, account('counter'), '3');
  await expect(page.locator('.queue[data-service="tennyu"] .waiting-count')).toHaveText('1');

  // Typing in a field never triggers a shortcut.
  const numberField = page.getByLabel(/Call number/);
  await numberField.fill('');
  await numberField.press('n');
  await expect(numberField).toHaveValue('n');
  await page.waitForTimeout(500);
  await expect(currentNumber(page)).toHaveCount(0);
  await numberField.fill('');
  await numberField.blur();

  await expect(button(page, /Call next/)).toContainText('N');
  await press(page, 'n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await expect(currentNumber(page)).toHaveAttribute('data-state', 'called');
  await press(page, 's');
  await expect(currentNumber(page)).toHaveAttribute('data-state', 'serving');
  await expect(page.locator('.assist')).toBeVisible();
  await expect(page.getByTestId('prefilled-form')).toHaveText('事前記入の申請書はありません / No pre-filled form');

  // The whole day on one screen: no horizontal scroll, and every action in view without scrolling.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const name of [/Call next/, /Recall/, /Start/, /Finish/, /Transfer/, /Hold/, /No-show/, /Pause/]) {
    await expect(button(page, name)).toBeInViewport();
  }
  await page.screenshot({ path: testInfo.outputPath('counter-console-1366x768.png') });

  await press(page, 'f');
  await expect(currentNumber(page)).toHaveCount(0);
  const after = await (await office.as('counter'))<Visit>('GET', `/visits/${visit.id}`);
  expect(after.steps.map((s) => s.state)).toEqual(['done', 'waiting']);
});

test('an action that lost a race says so and changes nothing', async ({ browser, ownServer }) => {
  const { office, kiosk, account } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] });
  const page = await openConsole(browser, ownServer, account('counter'), '3');
  await expect(page.locator('.queue[data-service="tennyu"] .next')).toContainText(visit.number);

  // Staff at counter 3 types the number; counter 4 calls it a moment before they press Call.
  await page.getByLabel(/Call number/).fill(visit.number);
  const counter = await office.as('counter');
  await counter('POST', '/counters/4/call-next');
  await button(page, /^呼出 \/ Call$/).click();

  await expect(page.locator('.current .alert')).toContainText(`${visit.number} is not waiting`);
  await expect(currentNumber(page)).toHaveCount(0);
  const after = await counter<Visit & { steps: { counterId?: string }[] }>('GET', `/visits/${visit.id}`);
  expect(after.steps[0]).toMatchObject({ state: 'called', counterId: '4' });
});

test('a counter signed in as counter staff cannot reach admin settings', async ({ browser, ownServer }) => {
  const { office, account } = await setup(ownServer);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await signIn(page, ownServer, account('counter'));
  await page.goto(`${ownServer.baseURL}/admin/setup`);
  await expect(page.getByRole('alert')).toContainText('Not allowed');
  await expect(page.getByRole('alert')).toContainText('この画面は利用できません');

  // The server refuses the configuration API to counter staff whatever the screen shows.
  const counter = await office.as('counter');
  await expect(counter('PUT', '/config/services/x', { name: { ja: 'テスト', en: 'Test' }, prefix: 'X' })).rejects.toThrow(/: 403 .*auth\/forbidden/);

  await context.close();

  // An admin (on another PC) does see the page: the guard is by role, not a blank page for everyone.
  const adminContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, ownServer, account('admin'));
  await adminPage.goto(`${ownServer.baseURL}/admin/setup`);
  await expect(adminPage).toHaveURL(/\/admin\/setup\/services$/);
  await expect(adminPage.locator('main')).toContainText('手続き');
  await expect(adminPage.getByText('Not allowed')).toHaveCount(0);
  await adminContext.close();
});

test("today's reservations: add, edit, import with row errors, cancel, and see who checked in", async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(60_000);
  const { kiosk, account } = await setup(ownServer);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await signIn(page, ownServer, account('counter'));
  await page.goto(`${ownServer.baseURL}/admin/reservations`);
  await expect(page.getByText('この日の予約はありません')).toBeVisible();
  // The page learns the business day from the server a moment after it shows the (still empty) list.
  await expect(page.getByLabel(/Date/)).not.toHaveValue('');
  const date = await page.getByLabel(/Date/).inputValue();

  // Add one with our own code, then move it to 11:00.
  await page.getByLabel(/Procedure/).selectOption('juminhyo');
  await page.getByLabel(/^時刻 \/ Time/).fill('10:00');
  await page.getByLabel(/Code \(blank/).fill('TEST23');
  await page.getByLabel(/^備考 \/ Note/).fill('車いす');
  await button(page, /^追加 \/ Add$/).click();
  const row = page.locator('tr[data-code="TEST23"]');
  await expect(row).toContainText('10:00–10:30');
  await expect(row).toContainText('車いす');
  await row.getByRole('button', { name: /Edit/ }).click();
  await page.getByLabel(/^時刻 \/ Time/).fill('11:00');
  await button(page, /Save changes/).click();
  await expect(row).toContainText('11:00–11:30');
  await expect(row).toContainText('車いす');

  // A manager sees the booking has a note, never its text, and gets no note field (notes are personal data).
  const managerContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const manager = await managerContext.newPage();
  await signIn(manager, ownServer, account('manager'));
  await manager.goto(`${ownServer.baseURL}/admin/reservations`);
  await expect(manager.locator('tr[data-code="TEST23"]')).toContainText('has a note');
  await expect(manager.locator('tr[data-code="TEST23"]')).not.toContainText('車いす');
  await expect(manager.getByLabel(/^備考 \/ Note/)).toHaveCount(0);
  await managerContext.close();

  // A CSV with one bad row imports nothing and says which row.
  const csv = (rows: string[]) => ['service,date,time,minutes,code', ...rows].join('\n');
  await page.locator('textarea').fill(csv([`kokuho,${date},13:00,30,CSV234`, `nosuch,${date},13:30,30,CSV235`]));
  await button(page, /Import/).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert').locator('.issues li')).not.toHaveCount(0);
  await expect(page.locator('tr[data-code="CSV234"]')).toHaveCount(0);
  await page.locator('textarea').fill(csv([`kokuho,${date},13:00,30,CSV234`, `tennyu,${date},13:30,30,CSV235`]));
  await button(page, /Import/).click();
  await expect(page.locator('tr[data-code="CSV234"]')).toBeVisible();
  await expect(page.locator('tr[data-code="CSV235"]')).toBeVisible();

  page.on('dialog', (d) => void d.accept());
  await page
    .locator('tr[data-code="CSV235"]')
    .getByRole('button', { name: /Cancel/ })
    .click();
  await expect(page.locator('tr[data-code="CSV235"]')).toHaveAttribute('data-status', 'cancelled');

  // A resident checks in at the kiosk: the list shows it, and it can no longer be edited.
  await kiosk('POST', '/reservations/check-in', { code: 'TEST23' });
  await page.reload();
  await expect(row).toHaveAttribute('data-status', 'checked_in');
  await expect(row).toContainText('Checked in');
  await expect(row.getByRole('button')).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('reservations-1366x768.png') });
  await context.close();
});

test('hold and return, and a transfer that adds a procedure, from the console', async ({ browser, ownServer }) => {
  const { kiosk, account } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] });
  const page = await openConsole(browser, ownServer, account('counter'), '3');

  // Sent aside to fill in a form, then back in the queue in their place.
  await press(page, 'n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await press(page, 'h');
  await expect(currentNumber(page)).toHaveCount(0);
  const held = page.locator('.held-entry', { hasText: visit.number });
  await press(page, 'b');
  await expect(held).toHaveCount(0);
  await expect(page.locator('.queue[data-service="tennyu"] .next')).toContainText(visit.number);

  // Called again; staff adds national health insurance and sends the resident on with the same number.
  await press(page, 'n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await press(page, 't');
  await page
    .getByRole('combobox')
    .filter({ hasText: /Add a procedure/ })
    .selectOption('kokuho');
  await expect(page.locator('.plan ol li')).toHaveText([/国民健康保険/]);
  await button(page, /Finish and send on/).click();
  await expect(currentNumber(page)).toHaveCount(0);

  const eight = await openConsole(browser, ownServer, account('counter'), '8');
  await expect(eight.locator('.queue[data-service="kokuho"] .next')).toContainText(visit.number);
});

test('an action whose answer was lost is sent again by the console and happens once', async ({ browser, ownServer }) => {
  const { office, kiosk, account } = await setup(ownServer);
  const first = (await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] })).visit;
  const second = (await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] })).visit;
  const page = await openConsole(browser, ownServer, account('counter'), '3');
  await expect(page.locator('.queue[data-service="tennyu"] .waiting-count')).toHaveText('2');

  // The office's Wi-Fi drops each action's first answer: the server did it, the console never heard back.
  const keys: Record<string, (string | undefined)[]> = {};
  for (const action of ['call-next', 'finish']) {
    keys[action] = [];
    await page.route(`**/api/v1/counters/3/${action}`, async (route) => {
      keys[action]!.push(route.request().headers()['idempotency-key']);
      if (keys[action]!.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
  }

  // The live view shows what the server did at once; the console sends the action again and hears the same answer.
  await button(page, /Call next/).click();
  await expect(currentNumber(page)).toHaveText(first.number);
  await expect.poll(() => keys['call-next']!.length).toBe(2);
  await button(page, /Finish/).click();
  await expect(currentNumber(page)).toHaveCount(0);
  await expect.poll(() => keys.finish!.length).toBe(2);
  await expect(button(page, /Call next/)).toBeEnabled();
  await expect(page.locator('.current .alert')).toHaveCount(0);

  // Each action was sent twice with one key, and happened once: one resident called, and still one waiting.
  for (const action of ['call-next', 'finish']) {
    expect(keys[action]![0]).toBeTruthy();
    expect(keys[action]![1]).toBe(keys[action]![0]);
  }
  const counter = await office.as('counter');
  const events = await (await office.as('manager'))<LogEvent[]>('GET', '/events?limit=10000');
  expect(events.filter((e) => e.type === 'called').map((e) => e.number)).toEqual([first.number]);
  expect(events.filter((e) => e.type === 'finished').map((e) => e.number)).toEqual([first.number]);
  await expect(page.locator('.queue[data-service="tennyu"] .waiting-count')).toHaveText('1');
  expect((await counter<Visit>('GET', `/visits/${second.id}`)).steps[0]!.state).toBe('waiting');
});

test('on a real 1366x768 screen the visit, its actions, call by number, held and no-shows are in view, and a pre-filled form is as wide as the page', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(90_000);
  const { office, kiosk, account } = await setup(ownServer);
  const counter = await office.as('counter');
  // A busy morning at counter 3: three held, three who did not come, a long line for each of its procedures.
  for (const [i, action] of ['hold', 'hold', 'hold', 'no-show', 'no-show', 'no-show'].entries()) {
    const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: [['tennyu', 'tenshutsu', 'tenkyo'][i % 3]] });
    const { visit: called } = await counter<{ visit: Visit }>('POST', '/counters/3/call', { number: visit.number });
    await counter('POST', `/counters/3/${action}`, { stepId: called.steps[0]!.id });
  }
  const guide = await office.as('guide');
  const guided = await guide<{ visit: Visit }>('POST', '/visits/guided', { procedures: [moveInForm()], acknowledgeWarnings: true });
  for (let i = 0; i < 18; i++) await kiosk('POST', '/visits', { services: [['tennyu', 'tenshutsu', 'tenkyo'][i % 3]] });

  const page = await consoleOnRealScreen(browser, ownServer, account('counter'));
  await chooseCounter(page, '3');
  await button(page, /Call next/).click();
  await expect(currentNumber(page)).toHaveText(guided.visit.number);
  const form = page.getByTestId('prefilled-form');
  await expect(form.locator('.form[data-service="tennyu"]')).toBeVisible();
  await expect(page.locator('.held-entry')).toHaveCount(3);
  await expect(page.locator('.no-show-entry')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('counter-console-1366x657.png') });

  const inView = [
    currentNumber(page),
    ...[/Call next/, /Recall/, /Start/, /Finish/, /Transfer/, /Hold/, /No-show/, /Pause/, /^閉鎖 \/ Close$/].map((name) => button(page, name)),
    page.getByLabel(/Call number/),
    button(page, /^呼出 \/ Call$/),
    page.getByRole('region', { name: /Held/ }),
    page.getByRole('region', { name: /No-shows/ }),
  ];
  for (const element of inView) expect(await wholeInView(page, element), String(element)).toBe(true);
  // Each list's first resident, with the button and key that bring them back, is in view too.
  for (const entry of [page.locator('.held-entry').first(), page.locator('.no-show-entry').first()]) expect(await wholeInView(page, entry)).toBe(true);

  // The form is read with the resident across the desk: as wide as the page, not squeezed into a column.
  const formBox = (await form.boundingBox())!;
  const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
  expect(formBox.width).toBeGreaterThan(pageWidth * 0.85);
  await page.screenshot({ path: testInfo.outputPath('counter-console-1366x657-whole-page.png'), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test('the keys work as soon as the counter is chosen, and a refusal says so in Japanese and English', async ({ browser, ownServer }) => {
  const { kiosk, account } = await setup(ownServer);
  const { visit } = await kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] });
  const page = await consoleOnRealScreen(browser, ownServer, account('counter'));
  await chooseCounter(page, '3');
  await expect(page.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');

  await press(page, 'n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  // The list kept the counter chosen: N was not taken as a letter to search it by.
  await expect(page.getByLabel(/担当窓口/)).toHaveValue('3');
  await press(page, 'f');
  await expect(currentNumber(page)).toHaveCount(0);

  await press(page, 'n');
  const alert = page.locator('.current .alert');
  await expect(alert).toContainText('お待ちの方はいません');
  await expect(alert).toContainText('Nobody is waiting');
});

test('a disabled button looks disabled', async ({ browser, ownServer }) => {
  const { account } = await setup(ownServer);
  const page = await consoleOnRealScreen(browser, ownServer, account('counter'));
  await chooseCounter(page, '3');
  await expect(button(page, /Call next/)).toBeEnabled();
  await expect(button(page, /Start/)).toBeDisabled();
  await expect(button(page, /Recall/)).toBeDisabled();
  const look = (name: RegExp) =>
    button(page, name).evaluate((el) => {
      const style = getComputedStyle(el);
      return { opacity: style.opacity, color: style.color, background: style.backgroundColor, cursor: style.cursor };
    });
  // Two primary buttons (Call next on, Start off) and two plain ones (Pause on, Recall off).
  for (const [on, off] of [
    [/Call next/, /Start/],
    [/Pause/, /Recall/],
  ] as const) {
    const [enabled, disabled] = [await look(on), await look(off)];
    expect(enabled.cursor).toBe('pointer');
    expect(disabled.cursor).toBe('not-allowed');
    expect([disabled.opacity, disabled.color, disabled.background]).not.toEqual([enabled.opacity, enabled.color, enabled.background]);
    expect(Number(disabled.opacity)).toBeLessThanOrEqual(0.6);
  }
});

test('a second PC taking a counter already in use is warned, and who has it', async ({ browser, ownServer }) => {
  const { account, addCounterStaff } = await setup(ownServer);
  const first = await consoleOnRealScreen(browser, ownServer, account('counter'));
  await chooseCounter(first, '5');
  await expect(first.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  // A reload is the same PC coming back, not a second one.
  await first.reload();
  await expect(first.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  await first.waitForTimeout(1_000);
  await expect(first.locator('.shared')).toHaveCount(0);

  const second = await consoleOnRealScreen(browser, ownServer, await addCounterStaff('tanaka'));
  await chooseCounter(second, '5');
  const warning = second.locator('.shared[role="alert"]');
  await expect(warning).toContainText('別のPCでも開かれています');
  await expect(warning).toContainText('already open on another PC');
  await expect(first.locator('.shared')).toHaveCount(0);

  // Another counter is nobody else's: no warning there.
  await chooseCounter(second, '6');
  await expect(second.locator('.shared')).toHaveCount(0);
});

test('pausing or closing with people waiting asks first and says they keep their place, called at the other open counters', async ({ browser, ownServer }) => {
  const { office, kiosk, account } = await setup(ownServer);
  await kiosk('POST', '/visits', { services: ['tennyu'] });
  await kiosk('POST', '/visits', { services: ['tennyu'] });
  await kiosk('POST', '/visits', { services: ['tenkyo'] });
  const page = await consoleOnRealScreen(browser, ownServer, account('counter'));
  await chooseCounter(page, '3');
  const status = page.locator('.toolbar .status');
  await expect(status).toHaveAttribute('data-status', 'open');

  // Counter 4 takes the same procedures: whoever waits is called there.
  await press(page, 'p');
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('3 waiting');
  await expect(ask).toContainText("everyone stays in their procedure's queue");
  await expect(ask.locator('li[data-service="tennyu"]')).toContainText('called at Counter 4');
  await button(page, /^やめる \/ Cancel$/).click();
  await expect(ask).toHaveCount(0);
  await expect(status).toHaveAttribute('data-status', 'open');

  await press(page, 'p');
  await button(page, /^休止する \/ Pause$/).click();
  await expect(status).toHaveAttribute('data-status', 'paused');

  // With counter 4 closed too, nobody else takes move-ins: closing says they wait until a counter opens again.
  await (
    await office.as('manager')
  )('PUT', '/counters/4/status', { status: 'closed' });
  await button(page, /^閉鎖 \/ Close$/).click();
  await expect(ask.locator('li[data-service="tennyu"]')).toContainText('no other open counter takes it');
  await button(page, /^閉鎖する \/ Close$/).click();
  await expect(status).toHaveAttribute('data-status', 'closed');

  // Nobody waiting: nothing to ask.
  await chooseCounter(page, '8');
  await button(page, /^閉鎖 \/ Close$/).click();
  await expect(page.locator('.toolbar .status')).toHaveAttribute('data-status', 'closed');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});

test('staff see tabs only for the screens their role may open', async ({ browser, ownServer }) => {
  const { account } = await setup(ownServer);
  const tabs = async (role: string) => {
    const context = await browser.newContext({ viewport: REAL_SCREEN });
    const page = await context.newPage();
    await signIn(page, ownServer, account(role));
    const names = (await page.locator('header nav a').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    // The landing page lists the same screens.
    const listed = await page.locator('.screens li a').count();
    await context.close();
    expect(listed).toBe(names.length);
    return names;
  };
  expect(await tabs('guide')).toEqual(['案内 Guide', 'プリンター Printers']);
  expect(await tabs('counter')).toEqual(['窓口 Counter', '予約 Reservations', 'プリンター Printers']);
  expect(await tabs('manager')).toEqual(['管理 Manager', '予約 Reservations', 'プリンター Printers']);
  expect(await tabs('admin')).toEqual(['管理 Manager', 'プリンター Printers', '設定 Setup']);
});
