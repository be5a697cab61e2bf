/**
 * The counter floor's day (issue 20): a procedure's cut-off for issuing, with those already waiting served after
 * closing; the pick-up board for documents prepared in the back office; a counter that calls by itself after a finish.
 *
 * The cut-off and the closing are real: the office's last-issue and closing times are moved to the next minutes, so
 * the real server passes both during the test (as forms-purge.spec.ts does for the day's close).
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks } from '../support/office.js';
import type { RunningServer } from '../support/server.js';

type Issued = { visit: { id: string; number: string; steps: { id: string; serviceId: string; state: string }[] }; statusUrl: string };
type Service = Record<string, unknown> & { id: string };
type Counter = Record<string, unknown> & { id: string };

const tokyoClock = (at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
/** The first instant of the next Tokyo minute after `at`. */
const nextMinute = (at: number) => Math.ceil((at + 1) / 60_000) * 60_000;

async function signIn(browser: Browser, server: RunningServer, role: string): Promise<Page> {
  const account = server.demo().accounts.find((a) => a.role === role)!;
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/admin/`);
  await page.getByLabel(/Username/).fill(account.username);
  await page.getByLabel(/Password/).fill(account.password);
  await page.getByRole('button', { name: /Sign in/ }).click();
  await expect(page.getByRole('button', { name: /Sign out/ })).toBeVisible();
  return page;
}

async function openConsole(browser: Browser, server: RunningServer, counterId: string): Promise<Page> {
  const page = await signIn(browser, server, 'counter');
  await page.goto(`${server.baseURL}/admin/counter`);
  await page.getByLabel(/担当窓口/).selectOption(counterId);
  await expect(page.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  return page;
}

/** Change one procedure or counter of the office through the setup API, as the admin's setup pages do. */
async function edit(admin: Awaited<ReturnType<Awaited<ReturnType<typeof demoOffice>>['as']>>) {
  const config = await admin<{ services: Service[]; counters: Counter[]; settings: Record<string, unknown> }>('GET', '/config');
  return {
    config,
    service: (id: string, change: Record<string, unknown>) => {
      const { id: _id, ...rest } = { ...config.services.find((s) => s.id === id), ...change };
      return admin('PUT', `/config/services/${id}`, rest);
    },
    counter: (id: string, change: Record<string, unknown>) => {
      const { id: _id, ...rest } = { ...config.counters.find((c) => c.id === id), ...change };
      return admin('PUT', `/config/counters/${id}`, rest);
    },
  };
}

test('cut-off at a set time: a resident is refused kindly while one already waiting is called and served after closing', async ({ browser, ownServer }) => {
  test.setTimeout(6 * 60_000);
  // The last number and the closing fall in the next two minutes of the same Tokyo day, with time to issue one first.
  while (nextMinute(Date.now()) - Date.now() < 15_000 || tokyoClock(Date.now() + 3 * 60_000) < tokyoClock(Date.now())) {
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const lastIssueAt = nextMinute(Date.now());
  const closeAt = lastIssueAt + 60_000;

  const office = await demoOffice(ownServer);
  await unlimitKiosks(office);
  const admin = await office.as('admin');
  const setup = await edit(admin);
  // Open today whatever day it is, closing in two minutes; not open for trying, so after closing nobody takes a number.
  const openToday = { closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false, openForTrying: false };
  await admin('PUT', '/config/settings', { ...setup.config.settings, ...openToday, hours: { open: '00:00', close: tokyoClock(closeAt) } });
  await setup.service('juminhyo', { cutOff: { lastIssue: tokyoClock(lastIssueAt) } });

  // Before the last-issue time a resident takes a number at the kiosk.
  const waiting = await office.kiosk<Issued>('POST', '/visits', { services: ['juminhyo'] });

  const kiosk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await kiosk.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  const juminhyo = kiosk.locator('[data-service="juminhyo"]');
  await expect(juminhyo).toBeEnabled();

  // The last-issue time passes: the procedure is greyed, says why, and the page says what to do instead.
  await expect(juminhyo).toBeDisabled({ timeout: lastIssueAt - Date.now() + 45_000 });
  await expect(juminhyo).toHaveAttribute('data-cut-off', 'time');
  await expect(juminhyo).toContainText(`本日の受付は${tokyoClock(lastIssueAt)}で終了しました`);
  await expect(kiosk.locator('.cut-off-next')).toContainText('明日以降にお越しいただくか、ご予約ください');
  // Other procedures still take numbers.
  await expect(kiosk.locator('[data-service="tennyu"]')).toBeEnabled();
  // In the resident's language.
  await kiosk.getByRole('button', { name: 'English' }).click();
  await expect(juminhyo).toContainText(`Closed for today at ${tokyoClock(lastIssueAt)}`);
  await expect(kiosk.locator('.cut-off-next')).toContainText('please come again tomorrow or book a visit');

  // Asked anyway (a kiosk that had not heard yet), the office refuses with a clear code and uses no number.
  const refused = await fetch(`${ownServer.baseURL}/api/v1/visits`, {
    method: 'POST',
    headers: { authorization: `Bearer ${office.demo.kioskToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ services: ['juminhyo'] }),
  });
  expect(refused.status).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('queue/cut_off');

  // Closing time passes with the resident still waiting: the counter still calls and serves them.
  await new Promise((r) => setTimeout(r, Math.max(0, closeAt - Date.now() + 2_000)));
  const counter = await openConsole(browser, ownServer, '1');
  await expect(counter.locator('.queues')).toContainText(waiting.visit.number);
  await counter.keyboard.press('n');
  await expect(counter.locator('.current-number')).toHaveText(waiting.visit.number);
  await expect(counter.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await counter.keyboard.press('f');
  await expect(counter.locator('.current-number')).toHaveCount(0);

  const visit = await (await office.as('counter'))<Issued['visit']>('GET', `/visits/${waiting.visit.id}`);
  expect(visit.steps[0]!.state).toBe('done');
  // The refused request used no number: the only one of the day is the resident's.
  const events = await admin<{ type: string }[]>('GET', '/events?afterSeq=0&limit=1000');
  expect(events.filter((e) => e.type === 'issued')).toHaveLength(1);
});

test('a pick-up board: documents prepared without a counter are listed as ready on the display, and the phone is told', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  const admin = await office.as('admin');
  const setup = await edit(admin);
  // The certificates are printed in the back office and handed over at counter 2.
  await admin('PUT', '/config/services/shomei-kofu', { name: { ja: '証明書の交付', en: 'Certificate pick-up' }, prefix: 'K', preparation: true });
  await setup.counter('2', { services: ['shomei-kofu'] });

  const issued = await office.kiosk<Issued>('POST', '/visits', { services: ['juminhyo', 'shomei-kofu'], language: 'en' });
  const number = issued.visit.number;

  const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US' })).newPage();
  await phone.goto(`${ownServer.baseURL}${new URL(issued.statusUrl).pathname}`);
  await expect(phone.locator('.visit')).toHaveAttribute('data-state', 'waiting');

  const display = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await display.goto(`${ownServer.baseURL}/display/?token=${encodeURIComponent(office.demo.displayToken)}`);

  // Counter 1 serves the request; the visit then waits for its documents, holding no counter.
  const counter1 = await openConsole(browser, ownServer, '1');
  await counter1.keyboard.press('n');
  await expect(counter1.locator('.current-number')).toHaveText(number);
  await expect(counter1.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await counter1.keyboard.press('f');
  await expect(counter1.locator('.current-number')).toHaveCount(0);
  await expect(phone.locator('[data-pickup="preparing"]')).toHaveText('Your documents are being prepared. This page will tell you when they are ready.');

  // Counter 2 lists it as being prepared; "call next" does not call it yet.
  const counter2 = await openConsole(browser, ownServer, '2');
  const preparing = counter2.locator('.preparing-entry');
  await expect(preparing).toContainText(number);
  await expect(counter2.locator('[data-ready]')).toHaveCount(0);
  await expect(display.locator('[data-ready]')).toHaveCount(0);

  // Ready: on the display's pick-up list, apart from the calls, and the phone says where to come.
  await preparing.getByRole('button', { name: /準備完了/ }).click();
  await expect(display.locator('[data-ready] li')).toHaveText([number]);
  await expect(display.getByText('書類の準備ができた番号')).toBeVisible();
  await expect(phone.locator('[data-pickup="ready"]')).toContainText('Your documents are ready. Please come to Counter 2.');
  await expect(preparing).toHaveCount(0);

  // Collected: called to counter 2, it leaves the board.
  await counter2.keyboard.press('n');
  await expect(counter2.locator('.current-number')).toHaveText(number);
  await expect(display.locator('[data-ready]')).toHaveCount(0);
  await expect(phone.locator('.visit')).toHaveAttribute('data-state', 'called');
});

test('automatic calling: after a finish the console counts down and calls the next, and one tap stops it', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  await unlimitKiosks(office);
  const setup = await edit(await office.as('admin'));
  await setup.counter('8', { autoCallSec: 3 });
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) numbers.push((await office.kiosk<Issued>('POST', '/visits', { services: ['kokuho'] })).visit.number);

  const page = await openConsole(browser, ownServer, '8');
  const current = page.locator('.current-number');
  await page.keyboard.press('n');
  await expect(current).toHaveText(numbers[0]!);
  await expect(page.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('f');
  // The countdown shows, then the next resident is called without a key.
  await expect(page.locator('[data-auto-call]')).toContainText('秒後に次の方を自動で呼び出します');
  await expect(current).toHaveText(numbers[1]!, { timeout: 8_000 });
  await expect(page.locator('[data-auto-call]')).toHaveCount(0);

  // Finished again, the clerk stops the countdown with one tap: nobody is called.
  await expect(page.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('f');
  await page
    .locator('[data-auto-call]')
    .getByRole('button', { name: /止める/ })
    .click();
  await expect(page.locator('[data-auto-call]')).toHaveCount(0);
  await page.waitForTimeout(4_000);
  await expect(current).toHaveCount(0);
  await expect(page.locator('.queues')).toContainText(numbers[2]!);
});
