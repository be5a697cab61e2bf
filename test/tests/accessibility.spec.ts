/**
 * Every screen a resident reads, in every language it offers, passes WCAG 2.2 AA as axe-core checks it: the kiosk
 * (choosing, checking in a reservation, the ticket), the phone's status page, the wall display and the congestion
 * page, and the city's pages for phones (joining a queue, booking, a booking's page, forms at home, card pick-up).
 * "Every language" is every button of the screen's own language switcher, so a language added to the catalogue is
 * checked here without touching this file. The screens also carry the Universal Design font they ship with.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { SecondLanguage } from '@junban/protocol';
import type { Browser, Page } from '@playwright/test';
import { MOVE_IN, linkToCity, startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, unlimitKiosks } from '../support/office.js';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

/** A window of its own: axe runs its last step in a new page of the same context, which `browser.newPage` forbids. */
const open = async (browser: Browser, viewport = PHONE) => (await browser.newContext({ viewport })).newPage();

/** axe's findings on the page as it is now, one readable line each: empty is a pass. */
async function violations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const lang = await page.evaluate(() => document.documentElement.lang);
  return violations.map(
    (v) =>
      `${where} [${lang}]: ${v.id}, ${v.help}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );
}

/** The buttons of the screen's language switcher, one per language the resident can pick. */
const languageButtons = (page: Page) => page.locator('.languages button[aria-pressed]');

/**
 * Runs `check` once per language of the page's switcher, after picking it; answers every finding. The switcher must
 * offer at least every language the protocol knows (Japanese and the display's second languages).
 */
async function inEveryLanguage(page: Page, check: (language: number) => Promise<string[]>): Promise<string[]> {
  const count = await languageButtons(page).count();
  expect(count).toBeGreaterThanOrEqual(1 + SecondLanguage.options.length);
  const found: string[] = [];
  for (let i = 0; i < count; i++) {
    await languageButtons(page).nth(i).click();
    await expect(languageButtons(page).nth(i)).toHaveAttribute('aria-pressed', 'true');
    found.push(...(await check(i)));
  }
  return found;
}

/** The UD font the screens ship with is what the page's text is drawn in, not a font the machine happens to have. */
async function expectUniversalDesignFont(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'BIZ UDPGothic' && f.status === 'loaded');
      }),
    )
    .toBe(true);
}

test('the kiosk: choosing, checking in and the ticket pass WCAG 2.2 AA in every language', async ({ page, ownServer }) => {
  test.setTimeout(180_000);
  const office = await demoOffice(ownServer);
  await unlimitKiosks(office);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await expect(page.locator('[data-service]').first()).toBeVisible();
  await expectUniversalDesignFont(page);

  const found = await inEveryLanguage(page, async (language) => {
    const here = await violations(page, 'kiosk, choosing');
    // A resident's needs: their screen, then the home screen and the ticket with one chosen.
    await page.locator('[data-action="needs"]').click();
    await page.locator('[data-need="hearing"]').click();
    here.push(...(await violations(page, 'kiosk, needs')));
    await page.locator('[data-action="needs-done"]').click();
    await page.locator('[data-service]').first().click();
    here.push(...(await violations(page, 'kiosk, one procedure chosen')));
    await page.locator('.take').click();
    await expect(page.locator('.ticket')).toBeVisible();
    here.push(...(await violations(page, 'kiosk, the ticket')));
    // "Done" gives the kiosk back to the next person, in Japanese; then the same language checks in a reservation.
    await page.locator('.ticket .done').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
    await languageButtons(page).nth(language).click();
    await page.locator('[data-action="reservation"]').click();
    await expect(page.locator('[data-key]').first()).toBeVisible();
    here.push(...(await violations(page, 'kiosk, checking in a reservation')));
    await page.locator('.back').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
    // Read-aloud mode: large, high-contrast words.
    await page.locator('[data-action="read-aloud"]').click();
    await expect(page.locator('.kiosk.large')).toBeVisible();
    here.push(...(await violations(page, 'kiosk, read-aloud')));
    await page.locator('[data-action="read-aloud"]').click();
    return here;
  });
  expect(found).toEqual([]);
});

test('the phone status page, the display and the congestion page pass WCAG 2.2 AA in every language', async ({ browser, ownServer }) => {
  test.setTimeout(180_000);
  const office = await demoOffice(ownServer);
  const counter = await office.as('counter');
  const admin = await office.as('admin');
  // One resident called (the display has a call to show), one still waiting (their phone has a place to show).
  await office.kiosk('POST', '/visits', { services: ['juminhyo'] });
  const waiting = await office.kiosk<{ statusUrl: string }>('POST', '/visits', { services: ['juminhyo'] });
  await counter('POST', '/counters/1/call-next');

  const phone = await open(browser);
  await phone.goto(waiting.statusUrl.replace(/^https?:\/\/[^/]+/, ownServer.baseURL));
  await expect(languageButtons(phone).first()).toBeVisible();
  await expectUniversalDesignFont(phone);
  const found = await inEveryLanguage(phone, async () => violations(phone, 'phone, status page'));

  const displayDevice = (await admin<{ id: string; name: string }[]>('GET', '/devices')).find((d) => d.name === 'Demo display (waiting area)')!;
  const display = await open(browser, { width: 1920, height: 1080 });
  await display.goto(office.displayURL);
  await expect(display.locator('.tiles .call').first()).toBeVisible();
  await expectUniversalDesignFont(display);
  for (const second of SecondLanguage.options) {
    await admin('PUT', `/devices/${displayDevice.id}/display`, { counters: [], services: [], secondLanguage: second });
    await expect(display.locator(`[lang^="${second}"]`).first()).toBeAttached();
    found.push(...(await violations(display, `display with ${second}`)));
  }

  const congestion = await open(browser);
  await congestion.goto(`${ownServer.baseURL}/display/congestion`);
  await expect(congestion.locator('li[data-service]').first()).toBeVisible();
  found.push(...(await violations(congestion, 'congestion page')));
  expect(found).toEqual([]);

  // The check sees what it should: grey on white text, put on the page on purpose, is a finding.
  await congestion.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color:#bbb;background:#fff">薄い文字</p>'));
  expect((await violations(congestion, 'congestion page, grey text added')).join()).toContain('color-contrast');
});

test.describe('the city', () => {
  const password = 'axe-city-password';
  let city: RunningCity;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    city = await startBuiltCity(password, (url) => ({ CITY_PUBLIC_URL: url }));
  });
  test.afterAll(async () => {
    await city?.stop();
  });

  test("the city's pages for phones pass WCAG 2.2 AA in every language", async ({ browser, ownServer }) => {
    test.setTimeout(240_000);
    const office = await demoOffice(ownServer);
    await linkToCity(city, password, office, { id: 'kita', name: { ja: '北支所', en: 'North Branch' } }, [MOVE_IN]);
    // The city's admin opens 住民票 at this office to joining from a phone.
    const login = await fetch(`${city.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cityadmin', password }),
    });
    const headers = { 'content-type': 'application/json', cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, origin: city.url };
    const catalogue = (await (await fetch(`${city.url}/api/v1/catalogue`, { headers })).json()) as Record<string, unknown>;
    const saved = await fetch(`${city.url}/api/v1/catalogue`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...catalogue, remote: { kita: { juminhyo: { enabled: true, walkInShare: 0 } } } }),
    });
    expect(saved.status).toBe(200);
    const phone = await open(browser);
    const found: string[] = [];

    // Joining a queue from home, then the status page the city serves for the number taken.
    await phone.goto(`${city.url}/kiosk/join`);
    const join = phone.locator('main li button, li button').first();
    await expect(join).toBeVisible({ timeout: 20_000 });
    await expectUniversalDesignFont(phone);
    found.push(...(await inEveryLanguage(phone, async () => violations(phone, 'city, joining a queue'))));
    await join.click();
    await expect(phone).toHaveURL(/\/kiosk\/status\//, { timeout: 15_000 });
    await expect(phone.getByTestId('check-in-code')).toBeVisible({ timeout: 15_000 });
    found.push(...(await inEveryLanguage(phone, async () => violations(phone, 'city, a number taken from home'))));

    for (const path of ['/kiosk/book', '/kiosk/forms', '/kiosk/pickup']) {
      await phone.goto(`${city.url}${path}`);
      await expect(languageButtons(phone).first()).toBeVisible({ timeout: 15_000 });
      await phone.waitForLoadState('networkidle');
      found.push(...(await inEveryLanguage(phone, async () => violations(phone, `city, ${path}`))));
    }
    expect(found).toEqual([]);
  });
});
