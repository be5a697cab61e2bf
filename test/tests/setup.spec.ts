import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, TestInfo } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { signedIn as signInAt } from '../support/staff.js';
import { freePort, repoRoot, serverMain, terminate, type RunningServer } from '../support/server.js';

type Visit = { id: string; number: string; steps: { serviceId: string }[] };

const SETUP_PAGES = ['services', 'counters', 'calendar', 'devices', 'printers', 'staff', 'transfer', 'city', 'history'] as const;

/** A PC of its own, signed in with this account; the setup pages ask before deleting or replacing, and the tests mean it. */
async function signedIn(browser: Browser, baseURL: string, account: { username: string; password: string }): Promise<Page> {
  const page = await signInAt(browser, baseURL, account);
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

async function demoStaff(browser: Browser, server: RunningServer, role: string): Promise<Page> {
  const { demo } = await demoOffice(server);
  return signedIn(
    browser,
    server.baseURL,
    demo.accounts.find((a) => a.role === role)!,
  );
}

/** Kept in the test's output folder and attached to its report, for a person to look at. */
async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * An office started without --demo, as a city starts its real one: no procedures, no counters, only the admin made
 * with `junban create-admin`. The shared `startServer` always adds --demo, so this one is started here.
 */
async function startEmptyOffice() {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'junban-e2e-empty-'));
  const admin = { username: 'chief', password: 'empty-office-pass' };
  const env = { ...process.env, PORT: String(port), JUNBAN_DATA_DIR: dataDir, JUNBAN_PUBLIC_URL: baseURL, LOG_LEVEL: 'warn' };
  execFileSync(process.execPath, [join(repoRoot, 'server', 'dist', 'cli.js'), 'create-admin', admin.username], {
    env: { ...env, JUNBAN_ADMIN_PASSWORD: admin.password },
  });
  const child = spawn(process.execPath, [serverMain], { cwd: repoRoot, env, stdio: 'ignore' });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await terminate(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await expect
      .poll(
        () =>
          fetch(`${baseURL}/api/v1/health`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 30_000 },
      )
      .toBe(200);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, admin, stop };
}

/** GET /config as this office's admin (a session cookie of its own). */
async function configOf(baseURL: string, account: { username: string; password: string }): Promise<unknown> {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    // Only the two fields login takes: the API refuses any other (a demo account also has its role).
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return (await fetch(`${baseURL}/api/v1/config`, { headers: { cookie } })).json();
}

test('on a 1440 px screen the staff navigation keeps each link on one line and the name fields show a whole procedure name', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  const page = await signInAt(
    browser,
    ownServer.baseURL,
    office.demo.accounts.find((a) => a.role === 'admin')!,
    { width: 1440, height: 900 },
  );
  await page.goto(`${ownServer.baseURL}/admin/setup/services`);
  const links = page.locator('header nav a');
  await expect(links.filter({ hasText: 'Setup' })).toBeVisible();
  // Each link's English name follows its Japanese one on the same line, and the links make one row.
  const placed = await links.evaluateAll((as) =>
    as.map((a) => {
      const box = a.getBoundingClientRect();
      const en = a.querySelector('span[lang="en"]')!.getBoundingClientRect();
      return { text: a.textContent!.trim(), top: Math.round(box.top), enInline: en.left > box.left + 16 && en.top < box.top + box.height / 2 };
    }),
  );
  for (const link of placed) expect.soft(link, link.text).toMatchObject({ enInline: true, top: placed[0]!.top });

  // The longest name of every language, in the procedure's form: the whole of it in view, nothing scrolled away.
  const admin = await office.as('admin');
  const { services } = await admin<{ services: { id: string; name: Record<string, string> }[] }>('GET', '/config');
  const longest = new Set(
    Object.keys(services[0]!.name).map((lang) => services.reduce((a, b) => ((b.name[lang] ?? '').length > (a.name[lang] ?? '').length ? b : a)).id),
  );
  for (const id of longest) {
    await page.locator(`[data-service-row="${id}"]`).getByRole('button', { name: /Edit/ }).click();
    const form = page.locator('.service-form');
    await expect(form.locator('input[name="name-en"]')).toHaveValue(services.find((s) => s.id === id)!.name.en!);
    const clipped = await form
      .locator('input[name^="name-"]')
      .evaluateAll((inputs) => (inputs as HTMLInputElement[]).filter((i) => i.scrollWidth > i.clientWidth).map((i) => `${i.name}: ${i.value}`));
    expect.soft(clipped, id).toEqual([]);
  }
});

test('an admin adds a procedure and a counter; an open kiosk shows it at once, the counter calls it, and the history shows who did it', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(60_000);
  const office = await demoOffice(ownServer);

  // The kiosk is already open in the lobby before the admin starts.
  const kiosk = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' })).newPage();
  await kiosk.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
  await expect(kiosk.locator('[data-service="juminhyo"]')).toBeVisible();
  await expect(kiosk.locator('[data-service="inu-toroku"]')).toHaveCount(0);

  const admin = await demoStaff(browser, ownServer, 'admin');
  await expect(admin.locator('header nav').getByRole('link', { name: /Setup/ })).toBeVisible();
  await admin.locator('header nav').getByRole('link', { name: /Setup/ }).click();
  await expect(admin).toHaveURL(/\/admin\/setup\/services$/);

  await admin.getByRole('button', { name: /Add a procedure/ }).click();
  const form = admin.locator('.service-form');
  await form.getByLabel(/^ID/).fill('inu-toroku');
  await form.getByLabel(/Ticket prefix/).fill('Z');
  await form.getByLabel(/Target wait/).fill('20');
  await form.getByLabel(/^アイコン/).selectOption('house');
  await form.getByLabel(/^グループ/).selectOption('other');
  await form.locator('input[name="name-ja"]').fill('犬の登録');
  await form.locator('input[name="name-en"]').fill('Dog registration');
  await form.getByRole('button', { name: /Save/ }).click();
  const row = admin.locator('[data-service-row="inu-toroku"]');
  await expect(row).toContainText('犬の登録');

  // The kiosk never reloaded: the new button came with the configuration the server pushed.
  await expect(kiosk.locator('[data-service="inu-toroku"]')).toBeVisible();
  await expect(kiosk.locator('[data-service="inu-toroku"]')).toContainText('犬の登録');

  // Moving it up in its group reorders the kiosk too.
  const other = admin.locator('tbody', { has: row });
  const before = await other.locator('[data-service-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service-row')));
  expect(before.at(-1)).toBe('inu-toroku');
  await row.getByRole('button', { name: /Up/ }).click();
  await expect(other.locator('[data-service-row]').nth(before.length - 2)).toHaveAttribute('data-service-row', 'inu-toroku');
  await attachScreenshot(admin, testInfo, 'setup-services');

  await admin.getByRole('link', { name: /Counters/ }).click();
  await admin.getByRole('button', { name: /Add a counter/ }).click();
  const counterForm = admin.locator('.counter-form');
  await counterForm.getByLabel(/Number \/ id/).fill('9');
  await counterForm.locator('input[name="name-ja"]').fill('9番窓口');
  await counterForm.locator('input[name="name-en"]').fill('Counter 9');
  await counterForm.getByLabel(/Procedure to add/).selectOption('inu-toroku');
  await counterForm.getByRole('button', { name: /^追加 \/ Add$/ }).click();
  await counterForm.getByLabel(/Procedure to add/).selectOption('juminhyo');
  await counterForm.getByRole('button', { name: /^追加 \/ Add$/ }).click();
  await counterForm.getByRole('radio', { name: /Alternate/ }).check();
  await counterForm.locator('input[name="ordinaryPerPriority"]').fill('2');
  await counterForm.getByRole('button', { name: /Save/ }).click();
  await expect(admin.locator('[data-counter-row="9"]')).toContainText('犬の登録、住民票の写し');
  await expect(admin.locator('[data-counter-row="9"]')).toContainText('Alternate (2 ordinary');
  await attachScreenshot(admin, testInfo, 'setup-counters');

  // A resident takes a number for it and counter 9 calls it.
  const counter = await office.as('counter');
  const { visit } = await office.kiosk<{ visit: Visit }>('POST', '/visits', { services: ['inu-toroku'] });
  expect(visit.number).toBe('Z1');
  await counter('PUT', '/counters/9/status', { status: 'open' });
  const called = await counter<{ visit: Visit }>('POST', '/counters/9/call-next');
  expect(called.visit.number).toBe('Z1');
  await expect(admin.locator('[data-counter-row="9"] .current')).toHaveText('呼出中 / Called Z1');

  // The history lists the admin's changes, newest first, with their name.
  await admin.getByRole('link', { name: /Change history/ }).click();
  const changes = admin.locator('.changes tbody tr');
  await expect(changes.first()).toHaveAttribute('data-endpoint', 'putCounter');
  await expect(changes.first()).toContainText('Demo admin');
  await expect(changes.first()).toContainText('9');
  await expect(admin.locator('tr[data-endpoint="reorderServices"]')).toHaveCount(1);
  const added = admin.locator('tr[data-endpoint="putService"]');
  await expect(added).toContainText('inu-toroku');
  await expect(added).toContainText('name.ja=犬の登録');
  await attachScreenshot(admin, testInfo, 'setup-history');
});

test('export from one office and import into an empty one: the preview lists what it adds, and both offices end up alike', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(90_000);
  const source = await demoOffice(ownServer);
  const adminAccount = source.demo.accounts.find((a) => a.role === 'admin')!;
  // Something of this office's own, beyond the demo, so the copy is seen to carry it.
  const sourceAdmin = await source.as('admin');
  await sourceAdmin('PUT', '/config/services/inu-toroku', { name: { ja: '犬の登録', en: 'Dog registration' }, prefix: 'Z' });

  const exporting = await demoStaff(browser, ownServer, 'admin');
  await exporting.goto(`${ownServer.baseURL}/admin/setup/transfer`);
  const [download] = await Promise.all([exporting.waitForEvent('download'), exporting.getByRole('button', { name: /Download the setup file/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^junban-office-\d{4}-\d{2}-\d{2}\.json$/);
  const file = testInfo.outputPath('office-export.json');
  await download.saveAs(file);

  const empty = await startEmptyOffice();
  let importing: Page | undefined;
  try {
    importing = await signedIn(browser, empty.baseURL, empty.admin);
    await importing.goto(`${empty.baseURL}/admin/setup/transfer`);
    await importing.locator('input[name="import-file"]').setInputFiles(file);
    const preview = importing.locator('.preview');
    await expect(preview).toHaveAttribute('data-applied', 'false');
    await expect(preview.locator('[data-section="services"] .added')).toContainText('juminhyo');
    await expect(preview.locator('[data-section="services"] .added')).toContainText('inu-toroku');
    await expect(preview.locator('[data-section="counters"] .added')).toContainText('8');
    await expect(preview.locator('[data-section="printers"] .added')).toContainText('entrance');
    await expect(preview.locator('[data-section="services"] .removed')).toHaveText('—');
    await attachScreenshot(importing, testInfo, 'setup-import-preview');
    // Nothing has changed yet.
    expect(((await configOf(empty.baseURL, empty.admin)) as { services: unknown[] }).services).toEqual([]);

    await importing.getByRole('button', { name: /Apply/ }).click();
    await expect(preview).toHaveAttribute('data-applied', 'true');
    await expect(importing.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
    // Alike in all but the "open for trying" switch, which an import leaves as the receiving office had it.
    const imported = (await configOf(empty.baseURL, empty.admin)) as { settings: Record<string, unknown> };
    const exported = (await configOf(ownServer.baseURL, adminAccount)) as { settings: Record<string, unknown> };
    expect(exported.settings.openForTrying).toBe(true);
    expect(imported.settings.openForTrying).toBe(false);
    expect({ ...imported, settings: { ...imported.settings, openForTrying: true } }).toEqual(exported);

    // The imported office's setup pages show what came in.
    await importing.getByRole('link', { name: /Procedures/ }).click();
    await expect(importing.locator('[data-service-row="inu-toroku"]')).toBeVisible();
  } finally {
    await importing?.context().close();
    await empty.stop();
  }
});

test('counter, guide and manager staff cannot open any setup page nor call the setup API', async ({ browser, ownServer }) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  for (const role of ['counter', 'guide', 'manager']) {
    const page = await demoStaff(browser, ownServer, role);
    await expect(page.locator('header nav').getByRole('link', { name: /Setup/ })).toHaveCount(0);
    for (const section of ['', ...SETUP_PAGES.map((s) => `/${s}`)]) {
      await page.goto(`${ownServer.baseURL}/admin/setup${section}`);
      await expect(page.getByRole('alert').filter({ hasText: 'Not allowed' }), `${role} at /setup${section}`).toBeVisible();
      await expect(page.locator('nav[aria-label="設定 / Setup"]')).toHaveCount(0);
    }
    await page.context().close();

    const api = await office.as(role);
    await expect(api('PUT', '/config/services/x', { name: { ja: 'テスト', en: 'Test' }, prefix: 'X' })).rejects.toThrow(/: 403 .*auth\/forbidden/);
    await expect(api('GET', '/config/changes')).rejects.toThrow(/: 403 /);
    await expect(api('GET', '/staff')).rejects.toThrow(/: 403 /);
    await expect(api('GET', '/devices')).rejects.toThrow(/: 403 /);
    await expect(api('POST', '/config/import', { file: {}, apply: false })).rejects.toThrow(/: 403 /);
  }
});

test('an admin turns open for trying off and on again in Setup › Business days; the change history keeps both', async ({ browser, ownServer }, testInfo) => {
  const admin = await demoStaff(browser, ownServer, 'admin');
  await admin.goto(`${ownServer.baseURL}/admin/setup/calendar`);
  // The demo starts open for trying.
  const trying = admin.locator('[data-open-for-trying]');
  await expect(trying).toHaveAttribute('data-open-for-trying', 'true');
  await expect(trying).toContainText('お試し運転中 / Open for trying');
  await attachScreenshot(admin, testInfo, 'setup-open-for-trying');
  await trying.getByRole('button', { name: /Turn off/ }).click();
  await expect(trying).toHaveAttribute('data-open-for-trying', 'false');
  await expect(trying).toContainText('Business hours and days only');
  await trying.getByRole('button', { name: /Turn on/ }).click();
  await expect(trying).toHaveAttribute('data-open-for-trying', 'true');

  await admin.getByRole('link', { name: /Change history/ }).click();
  const changes = admin.locator('.changes tbody tr[data-endpoint="setSettings"]');
  await expect(changes).toHaveCount(2);
  await expect(changes.first()).toContainText('openForTrying');
});

test('business days, devices, printers and staff: a closure shows in the calendar, a display is paired from its code, and every page fits 1366x768', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const admin = await demoStaff(browser, ownServer, 'admin');

  // A closure next month appears on the calendar with its reason.
  await admin.goto(`${ownServer.baseURL}/admin/setup/calendar`);
  const today = await admin.locator('.day.today').getAttribute('data-date');
  const [y, m] = today!.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y!, m!, 10)).toISOString().slice(0, 10);
  await admin.getByLabel(/^日付/).fill(nextMonth);
  await admin.getByLabel(/Reason/).fill('システム更新');
  await admin.getByRole('button', { name: /^追加 \/ Add$/ }).click();
  await expect(admin.locator(`[data-closure="${nextMonth}"]`)).toContainText('システム更新');
  await admin.getByRole('button', { name: /Next month/ }).click();
  await expect(admin.locator(`.day[data-date="${nextMonth}"]`)).toHaveAttribute('data-open', 'false');
  await expect(admin.locator(`.day[data-date="${nextMonth}"]`)).toContainText('システム更新');

  // A new display shows its code; the admin opens the link of its QR code, names it and sets what it shows.
  const started = await office.anonymous<{ code: string; pairingId: string; adminPath: string }>('POST', '/pairing', { kind: 'display' });
  await admin.goto(`${ownServer.baseURL}${started.adminPath}`);
  const pairing = admin.locator('.pairing');
  await expect(pairing.getByLabel(/^コード/)).toHaveValue(started.code);
  await pairing.getByLabel(/^名前/).fill('2階表示盤');
  // The QR link says the device is a display, so its settings are already the display's.
  await expect(pairing.getByLabel(/^種類/)).toHaveValue('display');
  await pairing.getByRole('checkbox', { name: '6 6番窓口' }).check();
  await pairing.getByLabel(/Second language/).selectOption('pt');
  await pairing.getByRole('button', { name: /Pair/ }).click();
  await expect(pairing.getByRole('status')).toContainText('2階表示盤');
  const paired = await office.anonymous<{ state: string; device: { display: { counters: string[]; secondLanguage: string } } }>(
    'GET',
    `/pairing/${started.pairingId}`,
  );
  expect(paired.state).toBe('paired');
  expect(paired.device.display).toMatchObject({ counters: ['6'], secondLanguage: 'pt' });
  await expect(admin.locator('tr[data-device]', { hasText: '2階表示盤' })).toContainText('Counters 6');
  // The demo kiosk's row shows its printer's live state.
  await expect(admin.locator('tr[data-device]', { hasText: 'Demo kiosk' }).locator('[data-printer-state]')).toBeVisible();

  // A test print reports the printer's state.
  await admin.goto(`${ownServer.baseURL}/admin/setup/printers`);
  await admin
    .locator('[data-printer-row="entrance"]')
    .getByRole('button', { name: /Test print/ })
    .click();
  await expect(admin.getByRole('status')).toContainText('テスト印刷');

  // A new account appears in the list.
  await admin.goto(`${ownServer.baseURL}/admin/setup/staff`);
  await admin.getByLabel(/^ユーザー名/).fill('tanaka');
  await admin.getByLabel(/^表示名/).fill('田中');
  await admin.locator('select[name="new-role"]').selectOption('guide');
  await admin.getByLabel(/^初期パスワード/).fill('tanaka-pass-1');
  await admin.getByRole('button', { name: /Create/ }).click();
  await expect(admin.locator('tr[data-staff="tanaka"]')).toContainText('田中');
  await expect(admin.locator('tr[data-staff="admin"]')).toContainText('Signed in');
  // Counter staff at their console at counter 3: the admin sees where they work (the list refreshes by itself).
  const clerk = await demoStaff(browser, ownServer, 'counter');
  await clerk.goto(`${ownServer.baseURL}/admin/counter`);
  await clerk.getByLabel(/担当窓口/).selectOption('3');
  await expect(admin.locator('tr[data-staff="counter"]')).toContainText('3番窓口', { timeout: 20_000 });

  for (const section of SETUP_PAGES) {
    await admin.goto(`${ownServer.baseURL}/admin/setup/${section}`);
    await expect(admin.locator('main h1')).toBeVisible();
    await expect(admin.getByText('接続中… / Connecting…')).toHaveCount(0);
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `/setup/${section} scrolls sideways`).toBeLessThanOrEqual(0);
    await attachScreenshot(admin, testInfo, `setup-${section}-1366x768`);
  }
});

test('a computer guessing a password is told, in Japanese and English, to wait; the same computer still signs in as another account', async ({
  browser,
  ownServer,
}) => {
  const { demo } = await demoOffice(ownServer);
  const clerk = demo.accounts.find((a) => a.role === 'counter')!;
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  await page.goto(`${ownServer.baseURL}/admin/`);
  await page.getByLabel(/Username/).fill(clerk.username);
  const alert = page.getByRole('alert');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel(/Password/).fill(`wrong-${i}`);
    await page.getByRole('button', { name: /Sign in/ }).click();
    await expect(alert).toContainText('パスワードが違います');
  }
  await page.getByLabel(/Password/).fill('wrong-again');
  await page.getByRole('button', { name: /Sign in/ }).click();
  await expect(alert).toContainText('パスワードの誤りが多すぎる');
  await expect(alert).toContainText(/please wait \d+ s/);
  await context.close();
  // The lock is on this computer and that account only: the admin at the same computer signs in.
  await signedIn(
    browser,
    ownServer.baseURL,
    demo.accounts.find((a) => a.role === 'admin')!,
  );
});
