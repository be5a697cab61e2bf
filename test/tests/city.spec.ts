/**
 * The city's staff pages against a real city server (city/dist, built) on a throwaway PostgreSQL
 * (test/scripts/postgres.mjs), with a real office's live view sent over a real office link: the city admin enrols
 * an office and reads its code, the office links and appears on the live floor as it changes, a city manager sees
 * everything read-only, and a revoked office is cut off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { LinkAck, LinkClientToServerEvents, LinkServerToClientEvents, LinkWelcome, PublicView } from '@junban/protocol';
import { io, type Socket } from 'socket.io-client';
import { startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { repoRoot } from '../support/server.js';

const password = 'city-test-password';

let city: RunningCity;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  city = await startBuiltCity(password);
});

test.afterAll(async () => {
  await city?.stop();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${city.url}/`);
  await page.getByLabel('ユーザー名 / Username').fill(username);
  await page.getByLabel('パスワード / Password').fill(password);
  await page.getByRole('button', { name: 'サインイン / Sign in' }).click();
  await expect(page.getByRole('heading', { name: /市のページ/ })).toBeVisible();
}

/** An office's link as the office opens it: enrol with the code, connect with the credential, say hello. */
async function linkOffice(code: string): Promise<Socket<LinkServerToClientEvents, LinkClientToServerEvents>> {
  const res = await fetch(`${city.url}/api/v1/link/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as { token: string };
  const socket: Socket<LinkServerToClientEvents, LinkClientToServerEvents> = io(`${city.url}/link`, { auth: { token }, transports: ['websocket'] });
  const welcome = await new Promise<LinkAck<LinkWelcome>>((resolve) =>
    socket.emit('hello', { softwareVersion: 'e2e', catalogueVersion: null, lastSeq: 0 }, resolve),
  );
  expect(welcome).toMatchObject({ storedSeq: 0 });
  return socket;
}

/** The shared office's view, sent as that office's setup and live view. */
async function sendOfficeView(socket: Socket<LinkServerToClientEvents, LinkClientToServerEvents>, view: PublicView, waitingChange = 0) {
  const { config, ...live } = view;
  const queues = live.queues.map((q, i) => (i === 0 ? { ...q, waiting: q.waiting + waitingChange } : q));
  await new Promise((resolve) => socket.emit('setup', { config, at: Date.now() }, resolve));
  socket.emit('live', { view: { ...live, queues } });
  return queues.reduce((sum, q) => sum + q.waiting, 0);
}

test('the city admin enrols an office, it links and shows on the live floor as it changes, and a revoke cuts it', async ({ browser, ownServer }) => {
  const view = await (await demoOffice(ownServer)).kiosk<PublicView>('GET', '/view');

  const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(admin, 'cityadmin');
  await admin
    .getByRole('link', { name: /拠点 Offices/ })
    .first()
    .click();
  await admin.getByLabel(/拠点ID/).fill('kita');
  await admin.getByLabel(/名称（日本語）/).fill('北支所');
  await admin.getByLabel(/名称（英語）/).fill('Kita branch');
  await admin.getByRole('button', { name: /追加・コード発行/ }).click();
  const code = (await admin.getByTestId('enrolment-code').innerText()).replace(/\s/g, '');
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(admin.getByText('有効期限')).toBeVisible();
  await expect(admin.locator('tr[data-office=kita]')).toContainText('未接続');

  // The live floor, open before the office links: it must change by itself.
  const floor = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await signIn(floor, 'citymanager');
  await floor.goto(`${city.url}/floor`);
  const card = floor.locator('[data-office=kita]');
  await expect(card).toContainText('未接続');
  await expect(floor.getByText('リアルタイム更新')).toBeVisible();

  const link = await linkOffice(code);
  try {
    const waiting = await sendOfficeView(link, view);
    await expect(card).toContainText('接続中');
    await expect(card.locator('.waiting')).toContainText(`${waiting}人`);
    await expect(card).toContainText(`${view.counters.filter((c) => c.status === 'open').length} / ${view.counters.length}`);
    const more = await sendOfficeView(link, view, 3);
    await expect(card.locator('.waiting')).toContainText(`${more}人`);

    // The admin who read the code out sees the office link, without reloading.
    await expect(admin.locator('tr[data-office=kita]')).toContainText('接続中');
    await expect(admin.locator('tr[data-office=kita]')).toContainText('e2e');

    // Revoked: the link is cut at once, and the floor greys the office.
    await admin.locator('tr[data-office=kita]').getByRole('button', { name: '登録取消 / Revoke' }).click();
    await admin.getByRole('button', { name: '取り消す / Revoke' }).click();
    await expect(admin.locator('tr[data-office=kita]')).toContainText('登録取消');
    await expect.poll(() => link.connected).toBe(false);
    await expect(card).toContainText('登録取消');
    await expect(card).toHaveClass(/stale/);
  } finally {
    link.close();
  }
});

test('without its socket the live floor asks every 10 s, and says so', async ({ browser, ownServer }) => {
  test.setTimeout(60_000);
  const view = await (await demoOffice(ownServer)).kiosk<PublicView>('GET', '/view');
  const admin = await browser.newPage();
  await signIn(admin, 'cityadmin');
  const enrolment = await admin.request.post(`${city.url}/api/v1/offices/mall/enrolment`, {
    data: { officeId: 'mall', name: { ja: '臨時窓口', en: 'Temporary window' } },
  });
  expect(enrolment.status()).toBe(200);
  const link = await linkOffice(((await enrolment.json()) as { code: string }).code);
  try {
    const floor = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(floor, 'citymanager');
    // A proxy that lets no WebSocket through: the page must fall back to asking.
    await floor.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    const floorCalls: number[] = [];
    floor.on('request', (r) => void (r.url().endsWith('/api/v1/floor') && floorCalls.push(Date.now())));
    await floor.goto(`${city.url}/floor`);
    await expect(floor.getByText('10秒ごとに更新')).toBeVisible();
    const waiting = await sendOfficeView(link, view, 5);
    await expect(floor.locator('[data-office=mall] .waiting')).toContainText(`${waiting}人`, { timeout: 15_000 });
    expect(floorCalls.length).toBeGreaterThanOrEqual(2);
  } finally {
    link.close();
  }
});

test('a city manager sees the offices read-only, and the pages fit 1366x768', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page, 'citymanager');
  await page
    .getByRole('link', { name: /拠点 Offices/ })
    .first()
    .click();
  await expect(page.getByText('拠点の追加と登録取消は市のシステム管理者が行います')).toBeVisible();
  await expect(page.getByRole('form', { name: /拠点を追加/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Revoke|New code|Enrol again/ })).toHaveCount(0);
  // The API refuses what the page does not offer.
  const refused = await page.request.post(`${city.url}/api/v1/offices/minami/enrolment`, {
    data: { officeId: 'minami', name: { ja: '南支所', en: 'Minami' } },
  });
  expect(refused.status()).toBe(403);

  await page.goto(`${city.url}/floor`);
  await expect(page.getByRole('heading', { name: /フロア状況/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
});

test('the city admin renames a procedure and adds a closure in the catalogue; a linked office follows it and says which version it runs', async ({
  browser,
  ownServer,
}) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(admin, 'cityadmin');
  const enrolment = await admin.request.post(`${city.url}/api/v1/offices/honcho/enrolment`, {
    data: { officeId: 'honcho', name: { ja: '本庁舎', en: 'City Hall' } },
  });
  expect(enrolment.status()).toBe(200);
  const { code } = (await enrolment.json()) as { code: string };
  // The real office links itself, out to the city, as its admin does in Setup › City link.
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');

  await admin.goto(`${city.url}/catalogue`);
  await expect(admin.getByRole('heading', { name: /カタログ/ })).toBeVisible();
  await admin.getByLabel('ID', { exact: true }).fill('juminhyo');
  await admin.getByLabel('名前', { exact: true }).fill('住民票の写し（市の名称）');
  await admin.getByLabel('English', { exact: true }).fill('Certificate of residence (city name)');
  await admin.getByLabel('記号', { exact: true }).fill('A');
  await admin.getByRole('button', { name: /手続を追加/ }).click();
  await admin.getByLabel(/日付/).fill('2027-02-15');
  await admin.getByLabel('理由', { exact: true }).fill('システム更新');
  await admin.getByLabel('Reason', { exact: true }).fill('System upgrade');
  await admin.getByRole('button', { name: /休庁日を追加/ }).click();
  await admin.getByRole('button', { name: /保存して全拠点に送る/ }).click();
  await expect(admin.getByRole('status')).toContainText('版 1 を保存しました');

  // The office runs it within seconds: the new name, the closure, the version, and a line in its change history.
  await expect.poll(async () => (await officeAdmin<{ catalogueVersion: number | null }>('GET', '/city-link')).catalogueVersion, { timeout: 20_000 }).toBe(1);
  const config = await officeAdmin<{ services: { id: string; name: { ja: string } }[]; settings: { closures: { date: string }[] } }>('GET', '/config');
  expect(config.services.find((s) => s.id === 'juminhyo')?.name.ja).toBe('住民票の写し（市の名称）');
  expect(config.settings.closures.map((c) => c.date)).toContain('2027-02-15');
  const changes = await officeAdmin<{ endpoint: string; actor: string }[]>('GET', '/config/changes');
  expect(changes.some((c) => c.endpoint === 'cityCatalogue')).toBe(true);
  // And the city sees it runs it: only offices not linked now (another test's, if it ran first) are listed as behind.
  await admin.reload();
  const version = admin.getByRole('region', { name: /版 \/ Version/ });
  await expect(version).toContainText(/全拠点がこの版で動いています|まだこの版で動いていない拠点/);
  await expect(version).not.toContainText('本庁舎');

  // A city manager reads the catalogue but cannot change it.
  const manager = await browser.newPage();
  await signIn(manager, 'citymanager');
  await manager.goto(`${city.url}/catalogue`);
  await expect(manager.getByLabel('juminhyo 名前')).toBeDisabled();
  await expect(manager.getByRole('button', { name: /保存して全拠点に送る/ })).toHaveCount(0);
  await officeAdmin('DELETE', '/city-link');
});

test('the city admin adds a procedure’s form from a JSON file, is told in Japanese and English why a broken one is refused, and a linked office’s guide fills in the city’s form', async ({
  browser,
  ownServer,
}) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const guide = await office.as('guide');
  const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(admin, 'cityadmin');
  const enrolment = await admin.request.post(`${city.url}/api/v1/offices/higashi/enrolment`, {
    data: { officeId: 'higashi', name: { ja: '東支所', en: 'Higashi branch' } },
  });
  const { code } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  try {
    await expect.poll(async () => (await officeAdmin<{ state: string }>('GET', '/city-link')).state, { timeout: 20_000 }).toBe('connected');
    const file = (serviceId: string) => JSON.parse(readFileSync(join(repoRoot, 'server', 'catalogue', `${serviceId}.json`), 'utf8')) as { fields: unknown[] };
    const cityForm = { ...file('juminhyo'), title: { ja: '住民票の写し等の交付請求（市の様式）', en: 'Certificates of residence (city form)' } };
    const json = (name: string, body: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(body)) });

    // The form check runs zod without compiled parsers: nothing the page does may trip its CSP.
    await admin.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspViolations: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await admin.goto(`${city.url}/catalogue`);
    const forms = admin.getByRole('region', { name: '様式 / Forms' });
    const chooser = forms.getByLabel(/様式ファイル（JSON）を選んで/);

    // A file that is not a form changes nothing, and says what is wrong.
    await chooser.setInputFiles(json('broken.json', { ...cityForm, title: { ja: '住民票' } }));
    await expect(forms.getByRole('alert')).toContainText('broken.json: 様式ファイルとして使えません / not a valid form file');
    await expect(forms.getByRole('alert')).toContainText('title.en');
    await chooser.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ "serviceId": ') });
    await expect(forms.getByRole('alert')).toContainText('not JSON');
    await expect(forms.locator('tbody tr')).toHaveText([/市の様式はありません/]);

    // Two forms added, one removed again: the list shows each with its counts.
    await chooser.setInputFiles(json('juminhyo.json', cityForm));
    await expect(forms.getByRole('status')).toContainText('juminhyo「住民票の写し等の交付請求（市の様式）」の様式を追加しました');
    await chooser.setInputFiles(json('tennyu.json', file('tennyu')));
    const row = forms.locator('tbody tr', { hasText: 'juminhyo' });
    await expect(row).toContainText('Certificates of residence (city form)');
    await expect(row.locator('td.count').first()).toHaveText(String(cityForm.fields.length));
    await forms.getByRole('button', { name: /tennyu の様式を削除/ }).click();
    await expect(forms.locator('tbody tr')).toHaveCount(1);
    expect(await admin.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

    await admin.getByRole('button', { name: /保存して全拠点に送る/ }).click();
    await expect(admin.getByRole('status').filter({ hasText: 'を保存しました' })).toBeVisible();
    const saved = (await (await admin.request.get(`${city.url}/api/v1/catalogue`)).json()) as { version: number };

    // The office's guide fills in the city's form from now on; its other procedures keep the office's own.
    await expect
      .poll(async () => (await officeAdmin<{ catalogueVersion: number | null }>('GET', '/city-link')).catalogueVersion, { timeout: 20_000 })
      .toBe(saved.version);
    const guideForms = await guide<{ serviceId: string; title: { ja: string } }[]>('GET', '/forms/catalogue');
    expect(guideForms.find((f) => f.serviceId === 'juminhyo')?.title.ja).toBe('住民票の写し等の交付請求（市の様式）');
    expect(guideForms.find((f) => f.serviceId === 'tennyu')?.title.ja).toBe('転入届');
  } finally {
    await officeAdmin('DELETE', '/city-link');
  }
});

test('a city manager reads the monthly report of a linked office, by office and by procedure, and downloads its CSV', async ({ browser, ownServer }) => {
  test.setTimeout(90_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const admin = await browser.newPage();
  await signIn(admin, 'cityadmin');
  const enrolment = await admin.request.post(`${city.url}/api/v1/offices/minami/enrolment`, {
    data: { officeId: 'minami', name: { ja: '南支所', en: 'Minami branch' } },
  });
  const { code } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  try {
    await office.kiosk('POST', '/visits', { services: ['juminhyo'] });
    const { businessDate } = await office.kiosk<PublicView>('GET', '/view');
    const month = businessDate.slice(0, 7);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'citymanager');
    // The office's log reaches the city and is summed there: its row shows what it issued today. (Its row may show
    // zeros for a moment first: the office's setup arrives before its log is summed.)
    const row = page.getByRole('table', { name: /拠点別/ }).locator('tr[data-row=minami]');
    await expect(async () => {
      await page.goto(`${city.url}/report`);
      await page.getByLabel(/月/).fill(month);
      expect(Number(await row.locator('td').first().innerText({ timeout: 2_000 }))).toBeGreaterThan(0);
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole('table', { name: /拠点別/ }).locator('tr[data-row=city]')).toContainText('市全体');
    await page.getByRole('combobox', { name: /拠点/ }).selectOption('minami');
    await expect(page.getByRole('table', { name: /手続別/ })).toContainText('住民票');

    const csv = await page.request.get(`${city.url}/api/v1/reports/monthly.csv?month=${month}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes('minami') && l.includes('juminhyo'))).toBe(true);
  } finally {
    await officeAdmin('DELETE', '/city-link');
  }
});

test('a city manager picks a range in History and reads an office’s arrivals and served, then its procedures and months', async ({ browser, ownServer }) => {
  test.setTimeout(120_000);
  const office = await demoOffice(ownServer);
  const officeAdmin = await office.as('admin');
  const counter = await office.as('counter');
  const admin = await browser.newPage();
  await signIn(admin, 'cityadmin');
  const enrolment = await admin.request.post(`${city.url}/api/v1/offices/kita/enrolment`, {
    data: { officeId: 'kita', name: { ja: '北支所', en: 'Kita branch' } },
  });
  const { code } = (await enrolment.json()) as { code: string };
  await officeAdmin('POST', '/city-link', { cityUrl: city.url, code });
  try {
    // Residents take a number for 転入届 at the office; some are called, served and finished at counter 3, the rest wait.
    const issued = 3;
    const served = 2;
    for (let i = 0; i < issued; i++) await counter('POST', '/visits', { services: ['tennyu'] });
    await counter('PUT', '/counters/3/status', { status: 'open' });
    for (let i = 0; i < served; i++) {
      const { visit } = await counter<{ visit: { steps: { id: string; state: string }[] } }>('POST', '/counters/3/call-next', {});
      const step = visit.steps.find((s) => s.state === 'called')!;
      await counter('POST', '/counters/3/start', { stepId: step.id });
      await counter('POST', '/counters/3/finish', { stepId: step.id });
    }
    const { businessDate } = await office.kiosk<PublicView>('GET', '/view');

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'citymanager');
    await page
      .getByRole('link', { name: /履歴 History/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: /履歴/ })).toBeVisible();
    const from = page.getByLabel(/開始日/);
    const to = page.getByLabel(/終了日/);

    // A range the city refuses says why, in Japanese and English; a range nothing happened in says so.
    await from.fill('2030-02-01');
    await to.fill('2030-01-01');
    await expect(page.getByRole('alert')).toContainText('入力内容に誤りがあります');
    await expect(page.getByRole('alert')).toContainText('must not be before from');
    await from.fill('2030-01-01');
    await expect(page.getByText('この期間の記録はありません')).toBeVisible();
    await expect(page.getByText('No records in this range.')).toBeVisible();

    // The office's log reaches the city and is summed there: over today, its row shows what the office did. (Its row
    // may show zeros for a moment first: the office's setup arrives before its log is summed.)
    const row = page.getByRole('table', { name: /拠点別/ }).locator('tr[data-row=kita]');
    await expect(async () => {
      await page.goto(`${city.url}/history`);
      await from.fill(businessDate);
      await to.fill(businessDate);
      await expect(row.locator('td').nth(0)).toHaveText(String(issued), { timeout: 2_000 });
      await expect(row.locator('td').nth(1)).toHaveText(String(served), { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: /拠点別/ }).locator('tr[data-row=city]')).toContainText('市全体');

    // Opening the office shows its procedures and its month, with the same counts, and the page still fits the screen.
    await row.getByRole('button', { name: '北支所' }).click();
    const procedure = page.getByRole('table', { name: /拠点の手続別/ }).locator('tr[data-row=tennyu]');
    await expect(procedure.locator('td').nth(0)).toHaveText(String(issued));
    await expect(procedure.locator('td').nth(1)).toHaveText(String(served));
    const month = page.getByRole('table', { name: /拠点の月別/ }).locator(`tr[data-row="${businessDate.slice(0, 7)}"]`);
    await expect(month.locator('td').nth(1)).toHaveText(String(issued));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.getByRole('button', { name: /閉じる/ }).click();
    await expect(page.getByRole('table', { name: /拠点の手続別/ })).toHaveCount(0);
  } finally {
    await officeAdmin('DELETE', '/city-link');
  }
});
