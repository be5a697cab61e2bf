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
  await page.keyboard.press('q');
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
  await page.keyboard.press('n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await expect(currentNumber(page)).toHaveAttribute('data-state', 'called');
  await page.keyboard.press('s');
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

  await page.keyboard.press('f');
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
  await page.locator('tr[data-code="CSV235"]').getByRole('button', { name: /Cancel/ }).click();
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
  await page.keyboard.press('n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await page.keyboard.press('h');
  await expect(currentNumber(page)).toHaveCount(0);
  const held = page.locator('.held-entry', { hasText: visit.number });
  await page.keyboard.press('b');
  await expect(held).toHaveCount(0);
  await expect(page.locator('.queue[data-service="tennyu"] .next')).toContainText(visit.number);

  // Called again; staff adds national health insurance and sends the resident on with the same number.
  await page.keyboard.press('n');
  await expect(currentNumber(page)).toHaveText(visit.number);
  await page.keyboard.press('t');
  await page.getByRole('combobox').filter({ hasText: /Add a procedure/ }).selectOption('kokuho');
  await expect(page.locator('.plan ol li')).toHaveText([/国民健康保険/]);
  await button(page, /Finish and send on/).click();
  await expect(currentNumber(page)).toHaveCount(0);

  const eight = await openConsole(browser, ownServer, account('counter'), '8');
  await expect(eight.locator('.queue[data-service="kokuho"] .next')).toContainText(visit.number);
});
