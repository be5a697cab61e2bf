/**
 * Issue 20 at the counter and on the screens: a finish refused without the outcome the office requires, a rating
 * tapped on the phone reaching the manager's monthly report, and an emergency notice over a display and a kiosk.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { staffPage } from '../support/staff.js';

/** axe-core's WCAG 2.2 AA findings on the page as it is now, one line each: empty is a pass. */
async function violations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  return violations.map((v) => `${where}: ${v.id}, ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

type Visit = { id: string; number: string; steps: { id: string; serviceId: string; state: string }[] };
type Service = { id: string; [key: string]: unknown };

test('a clerk cannot finish a move-in without its required outcome; with one, it is in the log', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  const admin = await office.as('admin');
  const config = await admin<{ services: Service[] }>('GET', '/config');
  const tennyu = config.services.find((s) => s.id === 'tennyu')!;
  await admin('PUT', '/config/services/tennyu', {
    ...tennyu,
    outcomes: [
      { code: 'done', name: { ja: '完了', en: 'Done' } },
      { code: 'missing-documents', name: { ja: '書類不足', en: 'Missing documents' } },
    ],
    outcomeRequired: true,
  });
  const { visit } = await office.kiosk<{ visit: Visit }>('POST', '/visits', { services: ['tennyu'] });

  const page = await staffPage(browser, ownServer, 'counter', '/counter');
  await page.getByLabel(/担当窓口/).selectOption('3');
  await page.getByRole('button', { name: /次を呼出/ }).click();
  await expect(page.locator('.current-number')).toHaveText(visit.number);
  await expect(page.locator('.console')).toHaveAttribute('aria-busy', 'false');

  await page.getByRole('button', { name: /完了 \/ Finish/ }).click();
  await expect(page.getByRole('alert').filter({ hasText: '結果（完了区分）を選んでから完了してください' })).toBeVisible();
  await expect(page.locator('.current-number')).toHaveText(visit.number);

  await page.getByLabel(/結果 \/ Outcome/).selectOption('missing-documents');
  await page.getByRole('button', { name: /完了 \/ Finish/ }).click();
  await expect(page.locator('.current-number')).toHaveCount(0);
  const manager = await office.as('manager');
  const events = await manager<{ type: string; visitId?: string; data?: { outcome?: string } }[]>('GET', '/events');
  expect(events.filter((e) => e.type === 'finished' && e.visitId === visit.id).map((e) => e.data?.outcome)).toEqual(['missing-documents']);
});

test('a rating tapped on the phone after the visit reaches the manager’s monthly report', async ({ browser, ownServer }) => {
  // axe-core runs once per language.
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  const counter = await office.as('counter');
  const issued = await office.kiosk<{ visit: Visit; statusUrl: string }>('POST', '/visits', { services: ['juminhyo'], language: 'vi' });
  const { visit } = await counter<{ visit: Visit }>('POST', '/counters/1/call-next');
  await counter('POST', '/counters/1/finish', { stepId: visit.steps[0]!.id });

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`${ownServer.baseURL}${new URL(issued.statusUrl).pathname}`);
  await expect(page.locator('.visit')).toHaveAttribute('data-state', 'done');
  await expect(page.getByText('Dịch vụ tại quầy hôm nay thế nào?')).toBeVisible();
  // The faces pass WCAG 2.2 AA in every language of the page's switcher.
  const found: string[] = [];
  const languages = page.locator('.languages button[aria-pressed]');
  for (let i = 0; i < (await languages.count()); i++) {
    await languages.nth(i).click();
    await expect(page.locator('.rating button')).toHaveCount(5);
    found.push(...(await violations(page, `rating, language ${i}`)));
  }
  expect(found).toEqual([]);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('button', { name: 'Hài lòng', exact: true }).tap();
  await expect(page.getByRole('status').filter({ hasText: 'Cảm ơn ý kiến của bạn.' })).toBeVisible();
  // Once per visit: the page opened again only thanks.
  await page.reload();
  await expect(page.getByText('Cảm ơn ý kiến của bạn.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hài lòng', exact: true })).toHaveCount(0);

  const { businessDate } = await (await office.as('manager'))<{ businessDate: string }>('GET', '/insights/today');
  const month = businessDate.slice(0, 7);
  const report = await staffPage(browser, ownServer, 'manager', `/manager/report?month=${month}`);
  await expect(report.locator('.report [data-figure="rating"] dd')).toContainText('4.00');
  await expect(report.locator('.report [data-figure="rating"] dd')).toContainText('1 件');
  await expect(report.locator('.report .ratings tr[data-service="juminhyo"]')).toContainText('4.00');
});

test('an emergency notice a manager posts covers a display and a kiosk, and goes when withdrawn', async ({ browser, ownServer }) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await display.goto(office.displayURL);
  await expect(display.locator('header .office')).not.toBeEmpty();
  const kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await kiosk.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await expect(kiosk.locator('[data-service]').first()).toBeVisible();

  const manager = await staffPage(browser, ownServer, 'manager', '/manager/notices');
  await manager.getByLabel(/緊急/).check();
  await manager.getByLabel('日本語 / Japanese').fill('地震のため、受付を一時中止しています。係員の指示に従ってください。');
  await manager.getByLabel(/第2言語 \/ Second language/).selectOption('en');
  await manager.getByLabel(/第2言語の文/).fill('Reception is stopped after an earthquake. Please follow the staff.');
  await manager.getByRole('button', { name: /掲示する/ }).click();
  await expect(manager.locator('.notices li.emergency')).toHaveCount(1);

  for (const screen of [display, kiosk]) {
    const cover = screen.locator('.emergency');
    await expect(cover).toBeVisible();
    await expect(cover).toContainText('地震のため');
    await expect(cover).toContainText('Reception is stopped');
    // It takes the whole screen: nothing of the board or the kiosk's buttons can be touched or read through it.
    const box = (await cover.boundingBox())!;
    const size = screen.viewportSize()!;
    expect(box).toMatchObject({ x: 0, y: 0, width: size.width, height: size.height });
    expect(await violations(screen, 'emergency notice')).toEqual([]);
  }

  // A screen that reconnects (a restart, a reload) shows it again.
  await display.reload();
  await expect(display.locator('.emergency')).toBeVisible();

  await manager.getByRole('button', { name: /取り下げ/ }).click();
  await expect(manager.locator('.notices li.emergency')).toHaveCount(0);
  await expect(display.locator('.emergency')).toHaveCount(0);
  await expect(kiosk.locator('.emergency')).toHaveCount(0);
  await expect(kiosk.locator('[data-service]').first()).toBeVisible();
});
