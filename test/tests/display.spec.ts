import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks, type Caller } from '../support/office.js';
import type { RunningServer } from '../support/server.js';

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
  // Headless Chromium has no voices: the display says it only chimes.
  await expect(page.locator('.voice-status')).toContainText('チャイムのみ');
  await expect(page.locator('.voice-status')).toContainText('No voice for ja, en: chime only');

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
  await expect(page.locator('.voice-status')).toContainText('음성 없음');
});

test('after the server goes away and comes back the display catches up without repeating a call', async ({ page, ownServer }) => {
  test.setTimeout(90_000);
  const { office, kiosk, counter } = await setup(ownServer);
  await openDisplay(page, office.displayURL);

  const before: string[] = [];
  for (const [service, counterId] of [['tennyu', '3'], ['juminhyo', '1'], ['mynumber-pickup', '6']] as const) {
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

  for (const [name, width, height] of [['landscape', 1920, 1080], ['portrait', 1080, 1920]] as const) {
    await page.setViewportSize({ width, height });
    if (name === 'landscape') await openDisplay(page, office.displayURL);
    await expect(page.locator('.tiles .call')).toHaveCount(3);
    await expect(page.locator('.tiles .call').first()).toContainText(last.visit.number);
    await expect(page.locator('.before li')).toHaveCount(3);
    // Everything fits on the screen: the last procedure's row and the history are inside it.
    for (const selector of ['.queues tbody tr:last-child', '.before', '.tiles .call:last-child']) {
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
