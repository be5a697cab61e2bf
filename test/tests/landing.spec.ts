import { expect, test } from '@playwright/test';

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
