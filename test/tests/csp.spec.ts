/**
 * The screens work under the office's Content-Security-Policy (issue 15): no script, style, image, sound or
 * connection any screen needs is blocked. A violation shows as a `securitypolicyviolation` event and a console error.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { signedIn } from '../support/staff.js';

/** Collects every CSP violation the page reports, from its first script on. */
async function watchPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

test('the kiosk, display, congestion page, status page and staff pages run with no CSP violation', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  const issued = await office.kiosk<{ statusUrl: string }>('POST', '/visits', { services: ['juminhyo'] });

  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  const violations = await watchPolicy(page);
  const response = await page.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.locator('button').first()).toBeVisible();

  await page.goto(office.displayURL);
  // Turning the sound on plays the chime and speaks: the display's audio and speech must not be blocked.
  await page.getByRole('button', { name: /音声を有効にする/ }).click();

  await page.goto(`${ownServer.baseURL}/display/congestion`);
  await expect(page.locator('body')).not.toBeEmpty();

  await page.goto(`${ownServer.baseURL}${new URL(issued.statusUrl).pathname}`);
  await expect(page.locator('.visit')).toHaveAttribute('data-state', 'waiting');
  await page.waitForTimeout(500);
  await context.close();

  const admin = office.demo.accounts.find((a) => a.role === 'admin')!;
  const staff = await signedIn(browser, ownServer.baseURL, { username: admin.username, password: admin.password });
  const staffViolations = await watchPolicy(staff);
  for (const path of ['/admin/counter', '/admin/manager', '/admin/setup']) {
    await staff.goto(`${ownServer.baseURL}${path}`);
    await expect(staff.getByRole('button', { name: /Sign out/ })).toBeVisible();
    await staff.waitForTimeout(500);
  }
  await staff.context().close();

  expect(violations).toEqual([]);
  expect(staffViolations).toEqual([]);
});
