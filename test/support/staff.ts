import { expect, type Browser, type Page } from '@playwright/test';
import { demoOffice } from './office.js';
import type { RunningServer } from './server.js';

export const PC = { width: 1366, height: 768 };

/** A staff device of its own (a PC by default), signed in with this account at the office at `baseURL`. */
export async function signedIn(
  browser: Browser,
  baseURL: string,
  account: { username: string; password: string },
  viewport: { width: number; height: number } = PC,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
    hasTouch: viewport.width < 1000,
  });
  const page = await context.newPage();
  await page.goto(`${baseURL}/admin/`);
  await page.getByLabel(/Username/).fill(account.username);
  await page.getByLabel(/Password/).fill(account.password);
  await page.getByRole('button', { name: /Sign in/ }).click();
  await expect(page.getByRole('button', { name: /Sign out/ })).toBeVisible();
  return page;
}

/** The demo account of this role signed in on a device of its own, on this staff page (e.g. "/counter"). */
export async function staffPage(
  browser: Browser,
  server: RunningServer,
  role: string,
  path: string,
  viewport: { width: number; height: number } = PC,
): Promise<Page> {
  const { demo } = await demoOffice(server);
  const account = demo.accounts.find((a) => a.role === role);
  if (!account) throw new Error(`the demo has no ${role} account`);
  const page = await signedIn(browser, server.baseURL, account, viewport);
  await page.goto(`${server.baseURL}/admin${path}`);
  return page;
}
