import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks } from '../support/office.js';
import type { RunningServer } from '../support/server.js';

type Visit = { id: string; number: string; needs?: string[]; steps: { id: string; serviceId: string; state: string }[] };
type Issued = { visit: Visit };
type Account = { username: string; password: string };

// The demo office: counters 3 and 4 both serve moves (転入); only counter 4 declares an interpreter and sign language,
// counter 1 (certificates) hearing, sight and wheelchair (server/demo/office.json).

async function setup(server: RunningServer) {
  const office = await demoOffice(server);
  await unlimitKiosks(office);
  return {
    office,
    kioskURL: `${server.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`,
    counterAccount: office.demo.accounts.find((a) => a.role === 'counter')! as Account,
  };
}

/** A counter PC of its own, signed in, at this counter. */
async function openConsole(browser: Browser, server: RunningServer, account: Account, counterId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/admin/`);
  await page.getByLabel(/Username/).fill(account.username);
  await page.getByLabel(/Password/).fill(account.password);
  await page.getByRole('button', { name: /Sign in/ }).click();
  await expect(page.getByRole('button', { name: /Sign out/ })).toBeVisible();
  await page.goto(`${server.baseURL}/admin/counter`);
  await page.getByLabel(/担当窓口/).selectOption(counterId);
  await expect(page.locator('.toolbar .status')).toHaveAttribute('data-status', 'open');
  return page;
}

async function callNext(page: Page) {
  await expect(page.locator('.console')).toHaveAttribute('aria-busy', 'false');
  await page.keyboard.press('n');
}

test('a resident needing an interpreter is called by the one counter that has one; the other counter calls someone else', async ({
  page,
  browser,
  ownServer,
}) => {
  const { office, kioskURL, counterAccount } = await setup(ownServer);

  // The resident says at the kiosk that they need an interpreter, and takes a number for moving in.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(kioskURL);
  await page.locator('[data-action="needs"]').click();
  await page.locator('[data-need="interpreter"]').click();
  await expect(page.locator('[data-need="interpreter"]')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('[data-action="needs-done"]').click();
  await expect(page.locator('[data-action="needs"]')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('[data-service="tennyu"]').click();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
  await page.locator('.take').click();
  const response = await answer;
  expect(response.request().postDataJSON()).toMatchObject({ services: ['tennyu'], needs: ['interpreter'] });
  const needing = ((await response.json()) as Issued).visit;
  expect(needing.needs).toEqual(['interpreter']);
  await expect(page.getByTestId('needs-noted')).toContainText('通訳');

  // Someone without needs comes after them.
  const other = (await office.kiosk<Issued>('POST', '/visits', { services: ['tennyu'] })).visit;

  // Counter 3 (no interpreter) calls next: it passes the resident over and calls the one after.
  const three = await openConsole(browser, ownServer, counterAccount, '3');
  await expect(three.locator('.queues')).toContainText('通訳 / Interpreter');
  await callNext(three);
  await expect(three.locator('.current-number')).toHaveText(other.number);

  // Counter 4 (interpreter) calls next: the resident who needs one.
  const four = await openConsole(browser, ownServer, counterAccount, '4');
  await callNext(four);
  await expect(four.locator('.current-number')).toHaveText(needing.number);
  await expect(four.locator('[data-need="interpreter"]')).toContainText('通訳 / Interpreter');
  // Counter 4 serves this need: nothing is pointed out to its clerk.
  await expect(four.locator('.undeclared')).toHaveCount(0);
});

test('with the interpreter counter paused, another counter calls the resident in turn and its clerk is told', async ({ browser, ownServer }) => {
  const { office, counterAccount } = await setup(ownServer);
  const counter = await office.as('counter');
  await counter('PUT', '/counters/4/status', { status: 'paused' });
  const needing = (await office.kiosk<Issued>('POST', '/visits', { services: ['tennyu'], needs: ['interpreter'] })).visit;
  await office.kiosk('POST', '/visits', { services: ['tennyu'] });

  const three = await openConsole(browser, ownServer, counterAccount, '3');
  await callNext(three);
  await expect(three.locator('.current-number')).toHaveText(needing.number);
  await expect(three.locator('[data-need="interpreter"] .undeclared')).toContainText('no counter serving it is open');
});

test('a call of a resident with the hearing need carries a visible sign on the display; a visual call flashes it', async ({ page, ownServer }) => {
  const { office } = await setup(ownServer);
  const counter = await office.as('counter');
  await page.goto(office.displayURL);
  await page.getByRole('button', { name: /音声を有効にする/ }).click();
  await expect(page.locator('header .office')).not.toBeEmpty();

  const hearing = (await office.kiosk<Issued>('POST', '/visits', { services: ['juminhyo'], needs: ['hearing'] })).visit;
  const plain = (await office.kiosk<Issued>('POST', '/visits', { services: ['tennyu'] })).visit;
  const called = (await counter<{ visit: Visit }>('POST', '/counters/1/call-next')).visit;
  expect(called.number).toBe(hearing.number);
  await counter('POST', '/counters/3/call-next');

  const hearingTile = page.locator('.tiles .call', { hasText: new RegExp(`^\\s*${hearing.number}\\b`) });
  const plainTile = page.locator('.tiles .call', { hasText: new RegExp(`^\\s*${plain.number}\\b`) });
  await expect(hearingTile.locator('[data-hearing-sign]')).toContainText('画面でお呼び出し');
  await expect(hearingTile.locator('[data-hearing-sign]')).toContainText('Called on screen');
  await expect(hearingTile.locator('[data-hearing-sign] svg')).toBeVisible();
  await expect(plainTile).toBeVisible();
  await expect(plainTile.locator('[data-hearing-sign]')).toHaveCount(0);
  // The display shows the number and the sign only: no other need, nothing about the resident.
  await expect(page.locator('.tiles')).not.toContainText(/Interpreter|Wheelchair|Sight/);

  // The clerk gives a visual call: the display flashes the tile (longer than a call).
  const stepId = called.steps.find((s) => s.state === 'called')!.id;
  await counter('POST', '/counters/1/recall', { stepId, visual: true });
  await expect(hearingTile).toHaveClass(/visual/);
  await expect(hearingTile).toHaveClass(/fresh/);
});

test('read-aloud mode speaks every button touched in the resident’s language, with large, high-contrast text', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  // Headless Chromium has no voices: keep what the kiosk asks the browser to say.
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push({ text: u.text, lang: u.lang });
  });
  const spoken = () => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(kioskURL);
  await expect(page.locator('[data-service]').first()).toBeVisible();

  // Off: touching a button says nothing.
  await page.locator('[data-service="juminhyo"]').click();
  expect(await spoken()).toEqual([]);

  await page.locator('[data-action="read-aloud"]').click();
  await expect(page.locator('[data-action="read-aloud"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.kiosk')).toHaveClass(/large/);
  await expect.poll(spoken).toEqual([{ text: '読み上げをオンにしました。ボタンに触れると読み上げます。', lang: 'ja-JP' }]);

  // In English, a procedure's button is read in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('[data-service="tennyu"]').click();
  await expect.poll(async () => (await spoken()).at(-1)?.lang).toBe('en');
  const last = (await spoken()).at(-1)!;
  expect(last.text).toContain('Moving in');
  // High contrast: white words on black.
  expect(await page.locator('.kiosk').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 0, 0)');

  // The kiosk forgets it for the next person.
  await page.locator('[data-action="read-aloud"]').click();
  await expect(page.locator('.kiosk')).not.toHaveClass(/large/);
});
