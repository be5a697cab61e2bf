import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

test('the landing page lists the office screens', async ({ page }, testInfo) => {
  await page.goto('/');

  for (const prefix of ['/kiosk', '/display', '/admin/counter', '/admin/guide', '/admin/manager']) {
    await expect(page.locator(`a[href^="${prefix}"]`), `a link to ${prefix}`).not.toHaveCount(0);
  }
  for (const word of ['Kiosk', 'Display', 'Counter', 'Guide', 'Manager']) {
    await expect(page.locator('body'), `the word ${word}`).toContainText(word, { useInnerText: true });
  }

  await page.screenshot({ path: testInfo.outputPath('landing.png'), fullPage: true });
});

test('the landing page says clearly while the office is open for trying, and not once it is off', async ({ page, ownServer }) => {
  // The demo starts open for trying: numbers at any hour, so every screen can be tried now.
  await page.goto(ownServer.baseURL);
  const notice = page.locator('[data-open-for-trying]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('お試し運転中');
  await expect(notice).toContainText('Open for trying');
  await expect(notice).toContainText('Numbers are taken at any hour');

  const admin = await (await demoOffice(ownServer)).as('admin');
  const { settings } = await admin<{ settings: Record<string, unknown> }>('GET', '/config');
  await admin('PUT', '/config/settings', { ...settings, openForTrying: false });
  await page.reload();
  await expect(page.locator('h1')).toContainText('junban');
  await expect(notice).toHaveCount(0);
});
