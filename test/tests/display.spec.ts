import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks, type Caller } from '../support/office.js';
import type { RunningServer } from '../support/server.js';
import { staffPage } from '../support/staff.js';

type Visit = { id: string; number: string; steps: { id: string; state: string }[] };
type Call = { seq: number; number: string; counterId: string };

/** Issue a visit at the kiosk and call it at a counter; answers the called visit and its step. */
async function issueAndCall(kiosk: Caller, counter: Caller, service: string, counterId: string) {
  await kiosk('POST', '/visits', { services: [service] });
  const { visit } = await counter<{ visit: Visit }>('POST', `/counters/${counterId}/call-next`);
  return { visit, stepId: visit.steps.find((s) => s.state === 'called')!.id };
}

/** The wall display as its installer leaves it: opened with its link, sound enabled once. */
async function openDisplay(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: /音声を有効にする/ }).click();
  await expect(page.getByRole('button', { name: /音声を有効にする/ })).toHaveCount(0);
  await expect(page.locator('.calls h2')).toBeVisible();
  // The first sync has arrived: the office's name is on screen.
  await expect(page.locator('header .office')).not.toBeEmpty();
}

/** The seqs the display announced, in order (its test hook). */
const announced = (page: Page) => page.evaluate(() => (window as { __junbanAnnounced?: number[] }).__junbanAnnounced ?? []);
const tile = (page: Page, number: string) => page.locator('.tiles .call', { hasText: new RegExp(`^\\s*${number}\\b`) });

/** The languages the demo display told the server it has no voice for, as staff see them in Setup › Devices. */
async function missingVoices(office: Awaited<ReturnType<typeof demoOffice>>) {
  const admin = await office.as('admin');
  const devices = await admin<{ kind: string; displayStatus?: { missingVoices: string[] } }[]>('GET', '/devices');
  return devices.find((d) => d.kind === 'display')?.displayStatus?.missingVoices;
}

async function setup(server: RunningServer) {
  const office = await demoOffice(server);
  // Displays are tested with full waiting rooms, filled faster than residents could take tickets.
  await unlimitKiosks(office);
  return { office, kiosk: office.kiosk, counter: await office.as('counter') };
}

test('a call made at a counter appears on the open display, chime only without a voice', async ({ page, ownServer }) => {
  const { office, kiosk, counter } = await setup(ownServer);
  await openDisplay(page, office.displayURL);
  await expect(page.locator('.calls')).toContainText('お呼び出しはまだありません');

  const { visit } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  const shown = tile(page, visit.number);
  await expect(shown).toBeVisible();
  await expect(shown).toContainText('3番窓口');
  await expect(shown).toContainText('Counter 3');
  await expect(shown).toHaveClass(/fresh/);
  await expect.poll(() => announced(page)).toHaveLength(1);
  await expect(page.locator('.screen')).toHaveAttribute('data-announced', '1');
  // Headless Chromium has no voices: the display tells staff (not the waiting room) that it only chimes.
  await expect.poll(() => missingVoices(office)).toEqual(['ja', 'en']);

  // Two calls at the same moment: both announced, one after the other, oldest first; none dropped or merged.
  await Promise.all([issueAndCall(kiosk, counter, 'tennyu', '4'), issueAndCall(kiosk, counter, 'juminhyo', '1')]);
  await expect.poll(() => announced(page)).toHaveLength(3);
  const seqs = await announced(page);
  expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  await expect(page.locator('.screen')).toHaveAttribute('data-announced', '3');

  // Sound stays enabled after a reload, and a reload announces nothing from before it.
  await page.reload();
  await expect(tile(page, visit.number)).toBeVisible();
  await expect(page.getByRole('button', { name: /音声を有効にする/ })).toHaveCount(0);
  await page.waitForTimeout(2_000);
  expect(await announced(page)).toEqual([]);
});

test('a recall highlights and announces the call again', async ({ page, ownServer }) => {
  test.setTimeout(60_000);
  const { office, kiosk, counter } = await setup(ownServer);
  await openDisplay(page, office.displayURL);

  const { visit, stepId } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  await expect(tile(page, visit.number)).toHaveClass(/fresh/);
  await expect(tile(page, visit.number)).not.toHaveClass(/fresh/, { timeout: 15_000 });

  await counter('POST', '/counters/3/recall', { stepId });
  await expect(tile(page, visit.number)).toHaveClass(/fresh/);
  // Shown once, where it is newest, but announced twice.
  await expect(tile(page, visit.number)).toHaveCount(1);
  await expect.poll(() => announced(page)).toHaveLength(2);
});

test('an admin limits a display to counters 6-8 while it is open', async ({ page, ownServer }) => {
  const { office, kiosk, counter } = await setup(ownServer);
  const admin = await office.as('admin');
  await openDisplay(page, office.displayURL);
  await expect(page.locator('.queues tbody tr')).toHaveCount(13);

  const devices = await admin<{ id: string; name: string }[]>('GET', '/devices');
  const display = devices.find((d) => d.name === 'Demo display (waiting area)')!;
  await admin('PUT', `/devices/${display.id}/display`, {
    counters: ['6', '7', '8'],
    services: ['mynumber-apply', 'mynumber-pickup', 'mynumber-pin'],
    secondLanguage: 'ko',
  });
  await expect(page.locator('.queues tbody tr')).toHaveCount(3);
  await expect(page.locator('.calls h2')).toContainText('호출 중');

  const atOne = await issueAndCall(kiosk, counter, 'juminhyo', '1');
  const atSix = await issueAndCall(kiosk, counter, 'mynumber-pickup', '6');
  await expect(tile(page, atSix.visit.number)).toBeVisible();
  await expect(tile(page, atSix.visit.number)).toContainText('6番窓口');
  await expect(page.locator('.calls')).not.toContainText(atOne.visit.number);
  // Only the call this display shows is announced.
  await expect.poll(() => announced(page)).toHaveLength(1);
  expect(await page.locator('.tiles .call').getAttribute('data-counter')).toBe('6');
  await expect.poll(() => missingVoices(office)).toEqual(['ja', 'ko']);
});

test('after the server goes away and comes back the display catches up without repeating a call', async ({ page, ownServer }) => {
  test.setTimeout(90_000);
  const { office, kiosk, counter } = await setup(ownServer);
  await openDisplay(page, office.displayURL);

  const before: string[] = [];
  for (const [service, counterId] of [
    ['tennyu', '3'],
    ['juminhyo', '1'],
    ['mynumber-pickup', '6'],
  ] as const) {
    before.push((await issueAndCall(kiosk, counter, service, counterId)).visit.number);
    await expect(tile(page, before.at(-1)!)).toBeVisible();
  }
  await expect.poll(() => announced(page)).toHaveLength(3);

  await ownServer.halt();
  await expect(page.locator('.reconnecting')).toBeVisible({ timeout: 15_000 });
  await ownServer.restart();
  const after = await issueAndCall(kiosk, await office.as('counter'), 'tennyu', '4');

  await expect(page.locator('.reconnecting')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('.tiles .call').first()).toContainText(after.visit.number);
  await expect(page.locator('.before')).toContainText(before[0]!);
  for (const number of before.slice(1)) await expect(tile(page, number)).toBeVisible();

  const view = await kiosk<{ recentCalls: Call[] }>('GET', '/view');
  const seqs = view.recentCalls.map((c) => c.seq).reverse();
  expect(seqs).toHaveLength(4);
  // Each call announced once, in order: the three from before the outage were not repeated.
  await expect.poll(() => announced(page)).toEqual(seqs);
});

test('no personal data reaches the display or the congestion page', async ({ page, ownServer }) => {
  const { office, kiosk, counter } = await setup(ownServer);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await openDisplay(page, office.displayURL);

  const secret = ['山田太郎', '090-1234-5678'];
  const { visit } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  await counter('PUT', `/visits/${visit.id}/note`, { note: '山田太郎 090-1234-5678' });
  // Another change after the note, so the display has certainly heard everything up to it.
  const next = await issueAndCall(kiosk, counter, 'juminhyo', '1');
  await expect(tile(page, next.visit.number)).toBeVisible();
  await page.reload();
  await expect(tile(page, visit.number)).toBeVisible();

  const html = await page.content();
  for (const text of secret) {
    expect(html).not.toContain(text);
    expect(frames.join('\n')).not.toContain(text);
  }
  expect(frames.length).toBeGreaterThan(0);

  await page.goto(`${ownServer.baseURL}/display/congestion`);
  await expect(page.locator('li[data-service="tennyu"]')).toContainText(visit.number);
  const congestion = await page.content();
  for (const text of secret) expect(congestion).not.toContain(text);
});

test('the public congestion page shows each procedure without a token', async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(60_000);
  const { kiosk, counter } = await setup(ownServer);
  await kiosk('POST', '/visits', { services: ['tennyu'] });
  await kiosk('POST', '/visits', { services: ['tennyu'] });
  await kiosk('POST', '/visits', { services: ['juminhyo'] });

  // A resident's phone: a fresh browser with nothing remembered, narrow screen.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();
  await page.goto(`${ownServer.baseURL}/display/congestion`);
  await expect(page.locator('h1')).toContainText('窓口の混雑状況');
  await expect(page.locator('li[data-service]')).toHaveCount(13);
  const tennyu = page.locator('li[data-service="tennyu"]');
  await expect(tennyu).toContainText('転入届');
  await expect(tennyu).toContainText('Moving in');
  await expect(tennyu).toContainText('2人');
  await expect(tennyu).toContainText('2 people');
  await expect(page.locator('li[data-service="juminhyo"]')).toContainText('1人');
  await expect(page.locator('li[data-service="kokuho"]')).toContainText('0人');

  // It polls: a call shows up without a reload.
  const { visit } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  await expect(tennyu).toContainText(visit.number, { timeout: 15_000 });
  await expect(tennyu).toContainText('2人');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath('congestion-mobile.png'), fullPage: true });
  await context.close();
});

test('screenshots: landscape 1920x1080 and portrait 1080x1920', async ({ page, ownServer }, testInfo) => {
  test.setTimeout(60_000);
  const { office, kiosk, counter } = await setup(ownServer);
  for (const service of ['juminhyo', 'juminhyo', 'tennyu', 'tennyu', 'kokuho', 'mynumber-pickup']) await kiosk('POST', '/visits', { services: [service] });
  for (const counterId of ['1', '2', '3', '6', '8']) await counter('POST', `/counters/${counterId}/call-next`);
  for (let i = 0; i < 12; i++) await kiosk('POST', '/visits', { services: [['juminhyo', 'tennyu', 'kokuho', 'koseki-todoke'][i % 4]!] });
  const last = await issueAndCall(kiosk, counter, 'tennyu', '4');

  for (const [name, width, height] of [
    ['landscape', 1920, 1080],
    ['portrait', 1080, 1920],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (name === 'landscape') await openDisplay(page, office.displayURL);
    await expect(page.locator('.tiles .call')).toHaveCount(3);
    await expect(page.locator('.tiles .call').first()).toContainText(last.visit.number);
    await expect(page.locator('.before li')).toHaveCount(3);
    // Everything fits on the screen: the last procedure's row and the history are inside it.
    // (The waiting list shows in pages when it does not fit at once: its last row on the page shown.)
    for (const selector of ['.queues tbody tr:not([hidden]) >> nth=-1', '.before', '.tiles .call:last-child']) {
      const box = (await page.locator(selector).boundingBox())!;
      expect(box.y + box.height, `${selector} in ${name}`).toBeLessThanOrEqual(height);
      expect(box.x + box.width, `${selector} in ${name}`).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: testInfo.outputPath(`display-${name}.png`) });
  }
});

test('while the office is open for trying the display says so, in Japanese and English; off, the label goes', async ({ page, ownServer }, testInfo) => {
  const { office } = await setup(ownServer);
  await openDisplay(page, office.displayURL);
  // The demo starts open for trying, so a newcomer can take numbers at any hour.
  const label = page.locator('header [data-open-for-trying]');
  await expect(label).toBeVisible();
  await expect(label).toContainText('お試し運転中');
  await expect(label).toContainText('Open for trying');
  await page.screenshot({ path: testInfo.outputPath('display-open-for-trying.png') });

  const admin = await office.as('admin');
  const { settings } = await admin<{ settings: Record<string, unknown> }>('GET', '/config');
  await admin('PUT', '/config/settings', { ...settings, openForTrying: false });
  await expect(label).toHaveCount(0);
  await admin('PUT', '/config/settings', { ...settings, openForTrying: true });
  await expect(label).toBeVisible();
});

test('"now calling" shows only the numbers at a counter now, one per counter; finished ones move to the history', async ({ page, ownServer }) => {
  const { office, kiosk, counter } = await setup(ownServer);
  await openDisplay(page, office.displayURL);

  const first = await issueAndCall(kiosk, counter, 'juminhyo', '1');
  await counter('POST', '/counters/1/finish', { stepId: first.stepId });
  const second = await issueAndCall(kiosk, counter, 'juminhyo', '1');
  await counter('POST', '/counters/1/finish', { stepId: second.stepId });
  const third = await issueAndCall(kiosk, counter, 'juminhyo', '1');
  const atThree = await issueAndCall(kiosk, counter, 'tennyu', '3');

  await expect(tile(page, third.visit.number)).toBeVisible();
  await expect(tile(page, atThree.visit.number)).toBeVisible();
  // One tile per counter: counter 1's earlier residents were served and are only in the history row.
  await expect(page.locator('.tiles .call')).toHaveCount(2);
  await expect(page.locator('.tiles .call[data-counter="1"]')).toHaveCount(1);
  await expect(page.locator('.before')).toContainText(first.visit.number);
  await expect(page.locator('.before')).toContainText(second.visit.number);

  // Being served is still "now"; once finished, counter 1 has no tile at all.
  await counter('POST', '/counters/1/start', { stepId: third.stepId });
  await page.waitForTimeout(500);
  await expect(tile(page, third.visit.number)).toBeVisible();
  await counter('POST', '/counters/1/finish', { stepId: third.stepId });
  await expect(page.locator('.tiles .call[data-counter="1"]')).toHaveCount(0);
  await expect(page.locator('.tiles .call')).toHaveCount(1);
  await expect(page.locator('.before')).toContainText(third.visit.number);
});

test('the enable-sound prompt leaves live calls in view, and a kiosk browser restarted with a fresh profile remembers the choice', async ({
  browser,
  ownServer,
}) => {
  const { office, kiosk, counter } = await setup(ownServer);
  const admin = await office.as('admin');
  const viewport = { width: 1920, height: 1080 };
  const installed = await browser.newContext({ viewport });
  const page = await installed.newPage();
  await page.goto(office.displayURL);
  const enable = page.getByRole('button', { name: /音声を有効にする/ });
  await expect(enable).toBeVisible();

  // Before anyone pressed it, a call is still seen: nothing lies over its number.
  const { visit } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  const number = tile(page, visit.number).locator('.number');
  await expect(number).toBeVisible();
  const hidden = await number.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return !el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
  });
  expect(hidden, 'the prompt covers the called number').toBe(false);

  await enable.click();
  await expect(enable).toHaveCount(0);
  // The choice is kept with the display's settings on the server.
  await expect
    .poll(
      async () =>
        (await admin<{ kind: string; displayStatus?: { soundEnabled?: boolean } }[]>('GET', '/devices')).find((d) => d.kind === 'display')?.displayStatus
          ?.soundEnabled,
    )
    .toBe(true);
  await installed.close();

  // The kiosk-mode browser restarts with a wiped profile: no local storage, only the display's link.
  const restarted = await browser.newContext({ viewport });
  const again = await restarted.newPage();
  await again.goto(office.displayURL);
  await expect(again.locator('header .office')).not.toBeEmpty();
  await expect(tile(again, visit.number)).toBeVisible();
  await again.waitForTimeout(1_000);
  await expect(again.getByRole('button', { name: /音声を有効にする/ })).toHaveCount(0);
  await restarted.close();
});

test('the display draws its icons itself: no character needs an emoji font', async ({ page, ownServer }) => {
  const { office, kiosk, counter } = await setup(ownServer);
  await page.goto(office.displayURL);
  const { visit } = await issueAndCall(kiosk, counter, 'tennyu', '3');
  await expect(tile(page, visit.number)).toBeVisible();
  await expect(page.getByRole('button', { name: /音声を有効にする/ }).locator('svg')).toBeVisible();
  await expect(tile(page, visit.number).locator('svg')).toBeVisible();
  const text = await page.evaluate(() => document.body.innerText);
  expect(text.match(/\p{Extended_Pictographic}/gu) ?? []).toEqual([]);
});

test('on a 1080p screen the second language is at least 28 px and procedure names are never cut short', async ({ page, ownServer }) => {
  test.setTimeout(90_000);
  const { office, kiosk, counter } = await setup(ownServer);
  await kiosk('POST', '/visits', { services: ['koseki-todoke'] });
  await issueAndCall(kiosk, counter, 'tennyu', '3');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(office.displayURL);
  await expect(page.locator('header .office')).not.toBeEmpty();
  await expect(page.locator('.tiles .call')).toHaveCount(1);

  const tooSmall = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[lang]:not([lang="ja"]):not(html)')]
        .filter((el) => el.offsetParent !== null && el.innerText.trim() !== '')
        .map((el) => ({ text: el.innerText.trim(), px: parseFloat(getComputedStyle(el).fontSize) }))
        .filter((x) => x.px < 28),
    );
  /** Names on the screen now that do not fit their cell: cut with "…" or spilling out. */
  const cut = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.queues tbody tr')]
        .filter((row) => row.offsetParent !== null)
        .flatMap((row) => [row.querySelector<HTMLElement>('.name'), ...row.querySelectorAll<HTMLElement>('.name *')])
        .filter((el): el is HTMLElement => !!el && el.scrollWidth > el.clientWidth)
        .map((el) => el.innerText),
    );
  const shownServices = () =>
    page
      .locator('.queues tbody tr')
      .evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute('data-service')));

  // The line under the Japanese takes turns through the office's languages, and a list too long for the screen is
  // shown in pages: over five turns every procedure and every language is seen, and each time nothing is too small or cut.
  const seen = new Set<string>();
  const languages = new Set<string>();
  for (let turn = 0; turn < 5; turn++) {
    const lang = (await page.locator('.queues h2 small').getAttribute('lang'))!;
    languages.add(lang);
    expect(await tooSmall(), `second language (${lang}) smaller than 28 px`).toEqual([]);
    expect(await cut(), `names cut short (${lang})`).toEqual([]);
    for (const id of await shownServices()) seen.add(id!);
    if (turn < 4) await expect(page.locator('.queues h2 small')).not.toHaveAttribute('lang', lang, { timeout: 10_000 });
  }
  expect([...languages].sort()).toEqual(['en', 'ko', 'pt', 'vi', 'zh']);
  expect(seen.size).toBe(13);
});

test('installer notices such as "chime only" stay off the public screen; staff see them in Setup › Devices', async ({ page, browser, ownServer }) => {
  const { office } = await setup(ownServer);
  await openDisplay(page, office.displayURL);
  // Headless Chromium has no voices; the display notices within a couple of seconds.
  await page.waitForTimeout(3_000);
  const wall = await page.evaluate(() => document.body.innerText);
  expect(wall).not.toContain('チャイムのみ');
  expect(wall).not.toContain('chime only');

  const staff = await staffPage(browser, ownServer, 'admin', '/setup/devices');
  const row = staff.locator('tr[data-device]', { hasText: 'Demo display (waiting area)' });
  await expect(row).toContainText('チャイムのみ');
  await expect(row).toContainText('ja, en');
});

test('when the office is closed the display and the congestion page say so, not "soon"', async ({ page, ownServer }) => {
  const { office } = await setup(ownServer);
  const admin = await office.as('admin');
  const config = await admin<{ settings: Record<string, unknown> }>('GET', '/config');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now());
  const [hour, minute] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })
    .format(Date.now())
    .split(':')
    .map(Number) as [number, number];
  // Closed since a minute after midnight: every hour of the test's day but the first two minutes is after closing.
  test.skip(hour === 0 && minute < 3, 'too close to midnight in Tokyo to be after closing');
  // Every day open, so only the hours decide; not open for trying, which would keep the office open at any hour.
  const everyDay = { ...config.settings, closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false, openForTrying: false };
  await admin('PUT', '/config/settings', { ...everyDay, hours: { open: '00:00', close: '00:01' }, closures: [] });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await openDisplay(page, office.displayURL);
  await expect(page.locator('.closed-notice')).toContainText('本日の受付は終了しました');
  await expect(page.locator('.closed-notice')).toContainText('Closed for today');
  await expect(page.locator('.queues')).not.toContainText('すぐ');
  await expect(page.locator('.queues')).not.toContainText('Soon');

  await page.goto(`${ownServer.baseURL}/display/congestion`);
  await expect(page.locator('.closed-notice')).toContainText('本日の受付は終了しました');
  await expect(page.locator('.closed-notice')).toContainText('Closed for today');
  await expect(page.locator('.services')).not.toContainText('すぐ');
  await expect(page.locator('.services')).not.toContainText('Soon');

  // A closed day (here an office closure) says it is closed today, with the reason.
  await admin('PUT', '/config/settings', { ...everyDay, closures: [{ date: today, reason: '庁舎点検のため' }] });
  await page.reload();
  await expect(page.locator('.closed-notice')).toContainText('本日は閉庁日です');
  await expect(page.locator('.closed-notice')).toContainText('庁舎点検のため');
  await expect(page.locator('.services')).not.toContainText('すぐ');
});
