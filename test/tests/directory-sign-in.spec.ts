/**
 * The "Sign in with the city" button of the office's staff sign-in page and of the city's own, in a real browser:
 * it leaves for the city's OpenID provider (oidc-provider, started by this spec, whose sign-in page signs in at once
 * whoever the test says) and comes back signed in, with the role the person's groups map to.
 */
import { startTestIdp, type TestIdp } from '../../server/test/directory-testing.js';
import { startBuiltCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { freePort, startServer } from '../support/server.js';

const label = '○○市のアカウントでサインイン / Sign in with ○○ City';
const accounts = {
  'oidc-manager': { name: '小林 課長', groups: ['junban-managers', 'city-hall'] },
  'oidc-nobody': { name: '森 さん', groups: ['city-hall'] },
  'oidc-clerk': { name: '中村 主事', groups: ['junban-clerks', 'zeimu-madoguchi'] },
};

/** A provider for a server about to start on `port`, and that server's settings for it (JUNBAN_ or CITY_). */
async function providerFor(
  port: number,
  prefix: 'JUNBAN_' | 'CITY_',
  role: string,
  more: Record<string, object> = {},
): Promise<{ idp: TestIdp; env: Record<string, string> }> {
  const redirectUrl = `http://127.0.0.1:${port}/auth/oidc/callback`;
  const idp = await startTestIdp({ clientId: 'junban', clientSecret: 'a-secret-of-junban', redirectUrl, accounts });
  idp.signsInAs = 'oidc-manager';
  return {
    idp,
    env: {
      [`${prefix}OIDC_ISSUER`]: idp.issuer,
      [`${prefix}OIDC_CLIENT_ID`]: 'junban',
      [`${prefix}OIDC_CLIENT_SECRET`]: 'a-secret-of-junban',
      [`${prefix}OIDC_REDIRECT_URL`]: redirectUrl,
      [`${prefix}OIDC_SCOPES`]: 'openid profile groups',
      [`${prefix}OIDC_LABEL`]: label,
      [`${prefix}DIRECTORY_GROUPS`]: JSON.stringify({ 'junban-managers': { role }, ...more }),
    },
  };
}

test("the office's sign-in page: the city's button signs a manager in at the provider and back", async ({ page }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const { idp, env } = await providerFor(port, 'JUNBAN_', 'manager');
  const office = await startServer({ port, env });
  try {
    await page.goto(`${office.baseURL}/admin/`);
    await page.getByRole('link', { name: label }).click();
    await expect(page.getByRole('heading', { name: /業務画面/ })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/admin/');
    const me = await page.request.get(`${office.baseURL}/api/v1/auth/me`);
    expect(await me.json()).toMatchObject({ kind: 'staff', username: 'oidc-manager', displayName: '小林 課長', role: 'manager' });
  } finally {
    await office.stop();
    await idp.close();
  }
});

test('a clerk whose directory groups name counter 3 finds the console at counter 3, and no other counter offered', async ({ page }) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const { idp, env } = await providerFor(port, 'JUNBAN_', 'manager', {
    'junban-clerks': { role: 'counter' },
    'zeimu-madoguchi': { counters: ['3'] },
  });
  idp.signsInAs = 'oidc-clerk';
  const office = await startServer({ port, env });
  try {
    await page.goto(`${office.baseURL}/admin/`);
    await page.getByRole('link', { name: label }).click();
    await expect(page.getByRole('heading', { name: /業務画面/ })).toBeVisible();
    await page.goto(`${office.baseURL}/admin/counter`);
    const counters = page.locator('.toolbar select').first();
    await expect(counters).toHaveValue('3');
    await expect(counters.locator('option:not([disabled])')).toHaveCount(1);
    // The server holds the line too, whatever a screen offers.
    const other = await page.request.post(`${office.baseURL}/api/v1/counters/1/call-next`, { headers: { origin: office.baseURL }, data: {} });
    expect(other.status()).toBe(403);
  } finally {
    await office.stop();
    await idp.close();
  }
});

test("the city's sign-in page: the city's button signs a city manager in at the provider and back, and says why someone in no group is not", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const { idp, env } = await providerFor(port, 'CITY_', 'city-manager');
  const city = await startBuiltCity('city-test-password', () => env, port);
  try {
    await page.goto(`${city.url}/`);
    await page.getByRole('link', { name: label }).click();
    await expect(page.getByRole('heading', { name: /市のページ/ })).toBeVisible();
    const me = await page.request.get(`${city.url}/api/v1/auth/me`);
    expect(await me.json()).toMatchObject({ kind: 'city-staff', username: 'oidc-manager', displayName: '小林 課長', role: 'city-manager' });

    idp.signsInAs = 'oidc-nobody';
    const other = await browser.newPage();
    await other.goto(`${city.url}/`);
    await other.getByRole('link', { name: label }).click();
    await expect(other.getByRole('alert')).toContainText('Your city account may not use junban');
    await expect(other.getByRole('heading', { name: /サインイン/ })).toBeVisible();
  } finally {
    await city.stop();
    await idp.close();
  }
});
