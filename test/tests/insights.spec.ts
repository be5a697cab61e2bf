import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice, type Caller } from '../support/office.js';
import { startServer, type RunningServer } from '../support/server.js';
import { staffPage } from '../support/staff.js';

type Visit = { id: string; number: string; steps: { id: string; serviceId: string; state: string }[] };
type Stats = { serviceId: string; arrivals: number; served: number };
type ServicesReport = { days: number; total: Omit<Stats, 'serviceId'>; services: Stats[] };

/**
 * A little real traffic at counter 3 (moves), through the API as the counter staff would make it: three residents
 * take a number for 転入届, two are called, served and finished, one still waits. Answers the business date.
 */
async function trafficAtCounter3(server: RunningServer): Promise<{ today: string; manager: Caller }> {
  const office = await demoOffice(server);
  const counter = await office.as('counter');
  const manager = await office.as('manager');
  for (let i = 0; i < 3; i++) await counter('POST', '/visits', { services: ['tennyu'] });
  await counter('PUT', '/counters/3/status', { status: 'open' });
  for (let i = 0; i < 2; i++) {
    const { visit } = await counter<{ visit: Visit }>('POST', '/counters/3/call-next', {});
    const step = visit.steps.find((s) => s.state === 'called')!;
    await counter('POST', '/counters/3/start', { stepId: step.id });
    await counter('POST', '/counters/3/finish', { stepId: step.id });
  }
  const { businessDate } = await manager<{ businessDate: string }>('GET', '/insights/today');
  return { today: businessDate, manager };
}

/**
 * The demo office writes a year of history in the background once it has started. Figures learnt from all of it
 * (the forecast) are compared once it is written; today's own figures never wait for it.
 */
async function demoHistoryWritten(server: RunningServer): Promise<void> {
  if (!/writing \d+ days of demo history/.test(server.output())) return;
  await expect.poll(() => /demo history (written|failed)/.test(server.output()), { timeout: 150_000, intervals: [1_000] }).toBe(true);
}

/**
 * The texts of a chart (labels, legends, axis names) drawn over or against one another, as "a × b": two texts
 * closer than a few pixels read as one ("待ち(分) minSL %").
 */
async function collidingTexts(page: Page, chart: string): Promise<string[]> {
  return page.locator(`.chart[data-chart="${chart}"] svg text`).evaluateAll((texts) => {
    const GAP = 4;
    const boxes = texts.map((t) => ({ text: t.textContent ?? '', r: t.getBoundingClientRect() })).filter((b) => b.text.trim() && b.r.width > 0);
    const out: string[] = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        // Glyph boxes include the line's leading above and below: only the horizontal gap needs room.
        const apart = a.r.right + GAP <= b.r.left || b.r.right + GAP <= a.r.left || a.r.bottom <= b.r.top + 2 || b.r.bottom <= a.r.top + 2;
        if (!apart) out.push(`${a.text} × ${b.text}`);
      }
    }
    return out;
  });
}

const row = (page: Page, section: string, serviceId: string) => page.locator(`[data-section="${section}"] tr[data-service="${serviceId}"]`);

test('a manager sees the live floor, the history, the CSV export and the monthly report of real traffic', async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(60_000);
  const { today, manager } = await trafficAtCounter3(ownServer);

  // Live floor: one resident still waits for 転入届; today's figures so far count the two served.
  const page = await staffPage(browser, ownServer, 'manager', '/manager');
  const tennyu = page.locator('tr[data-service="tennyu"]');
  await expect(tennyu.locator('.waiting')).toHaveText('1');
  await expect(tennyu.locator('.served')).toHaveText('2');
  await expect(tennyu.locator('.open')).toHaveText(/^[1-9]/);
  await expect(page.locator('[data-figure="waiting"] b')).toHaveText('1');
  await expect(page.locator('[data-figure="served"] b')).toHaveText('2');
  await expect(page.locator('.counters li[data-counter="3"]')).toHaveAttribute('data-status', 'open');
  await expect(tennyu).toHaveAttribute('data-over', 'false');
  // 41 minutes later by the browser's clock, the one still waiting is past 転入届's 40-minute target.
  await page.clock.setFixedTime(Date.now() + 41 * 60_000);
  // The page's clock reads the time every 5 s, so the flag may take that long to show.
  await expect(tennyu).toHaveAttribute('data-over', 'true', { timeout: 15_000 });
  await expect(tennyu.locator('.longest')).toContainText('Over target');

  // History for today: the procedure's arrivals and served match what was done; the charts are drawn as SVG.
  await page.getByRole('link', { name: /History/ }).click();
  await page.getByLabel(/From/).fill(today);
  await page.getByLabel(/^終了日/).fill(today);
  await expect(row(page, 'services', 'tennyu').locator('.arrivals')).toHaveText('3');
  await expect(row(page, 'services', 'tennyu').locator('.served')).toHaveText('2');
  await expect(page.locator('[data-section="counters"] tr[data-counter="3"] .served')).toHaveText('2');
  await expect(page.locator('.chart[data-chart="heatmap"] svg')).toBeVisible();
  await expect(page.locator('.chart[data-chart="trend"] svg')).toBeVisible();
  await page.getByRole('radio', { name: /Mean wait/ }).check();
  await expect(page.locator('.chart[data-chart="heatmap"] svg')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('history.png'), fullPage: true });

  // The daily CSV of the range: its header, and the procedure's row with the same counts.
  const downloading = page.waitForEvent('download');
  await page.locator('[data-export="aggregates-day"]').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\ufeff/, '');
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  expect(header).toMatch(/^period,service_id,arrivals,served,/);
  expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${today},tennyu,3,2,`)));

  // The monthly report: its visits are the month's arrivals.
  const month = today.slice(0, 7);
  const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const monthly = await manager<ServicesReport>('GET', `/insights/services?from=${month}-01&to=${month}-${lastDay}`);
  expect(monthly.total.arrivals).toBeGreaterThanOrEqual(3);
  await page.goto(`${ownServer.baseURL}/admin/manager/report?month=${month}`);
  await expect(page.locator(`.report[data-month="${month}"] [data-figure="visits"] dd`)).toHaveText(monthly.total.arrivals.toLocaleString('en'));
  await expect(page.locator('.report tr[data-service="tennyu"] .arrivals')).toHaveText(/^[\d,]+$/);
  await expect(page.locator('.chart[data-chart="daily"] svg')).toBeVisible();
  await expect(page.getByRole('button', { name: /Print/ })).toBeVisible();
  // On paper: the report alone, without the staff header or the manager's tabs.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header').first()).toBeHidden();
  await expect(page.locator('.manager-nav')).toBeHidden();
  await expect(page.locator('.report [data-figure="visits"]')).toBeVisible();
  await page.pdf({ path: testInfo.outputPath('report.pdf'), preferCSSPageSize: true });
});

type Forecast = { historyDays: number; walkSec: number; hours: { date: string; hour: number; simulated: number }[]; assumptions: { serviceId: string }[] };
type WhatIf = {
  actualPlan: Record<string, string[]>;
  actualShare: Record<string, Record<string, number>>;
  hours: { hour: number }[];
  totals: Record<'actual' | 'replayed' | 'planned', { count: number; mean: number | null }>;
};

const shiftMonth = (month: string, n: number) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};
const minutes = (sec: number | null) => (sec === null ? '—' : (sec / 60).toFixed(1));

test('a manager plans staffing from the history and replays a day with another plan', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  // A server of its own with four months of generated history to learn from.
  const ownServer = await startServer({ env: { JUNBAN_DEMO_HISTORY_DAYS: '120' } });
  try {
    await demoHistoryWritten(ownServer);
    const { today, manager } = await trafficAtCounter3(ownServer);
    // The page's default: the first two weeks of next month, 80% within target.
    const next = shiftMonth(today.slice(0, 7), 1);
    const forecastQuery = `from=${next}-01&to=${next}-14&targetShare=0.8`;
    const forecast = await manager<Forecast>('GET', `/insights/forecast?${forecastQuery}`);

    const page = await staffPage(browser, ownServer, 'manager', '/manager/staffing');
    await expect(page.getByLabel(/From/)).toHaveValue(`${next}-01`);
    // Planning from the history takes the server a moment.
    await expect(page.locator('[data-figure="history-days"]')).toHaveText(String(forecast.historyDays), { timeout: 30_000 });
    await expect(page.locator('[data-section="assumptions"] [data-service="tennyu"]')).toBeVisible();
    await expect(page.locator('[data-figure="walk"] b')).toHaveText(String(forecast.walkSec));
    await expect(page.locator('[data-section="hours"] tr.hour')).toHaveCount(forecast.hours.length);
    if (forecast.hours.length > 0) {
      const first = forecast.hours[0]!;
      const row = page.locator(`[data-section="hours"] tr.hour[data-date="${first.date}"][data-hour="${first.hour}"]`);
      await expect(row.locator('.simulated')).toHaveText(String(first.simulated));
      await row.getByRole('button', { name: /Detail/ }).click();
      await expect(page.locator('[data-section="hours"] tr.detail[data-service="tennyu"]').first()).toBeVisible();
      await expect(page.locator('.chart[data-chart="staffing"] svg')).toBeVisible();
    }
    // The shift plan prints without the staff header, the tabs or the form.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header').first()).toBeHidden();
    await expect(page.locator('.manager-nav')).toBeHidden();
    await expect(page.getByRole('button', { name: /Print/ })).toBeHidden();
    await page.pdf({ path: testInfo.outputPath('staffing.pdf'), preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });

    // The history's charts: the heatmap's legend clear of the hour labels, the trend's axis titles clear of one
    // another and of the legend; no text drawn over another.
    await page.getByRole('link', { name: /History/ }).click();
    // Three months of history take the server a moment on a busy machine.
    await expect(
      page
        .locator('.chart[data-chart="heatmap"] svg text')
        .filter({ hasText: /^\d\d:00$/ })
        .first(),
    ).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.chart[data-chart="trend"] svg text').first()).toBeVisible();
    expect.soft(await collidingTexts(page, 'heatmap')).toEqual([]);
    expect.soft(await collidingTexts(page, 'trend')).toEqual([]);
    // Last month's report: the mean wait is not drawn across the weekends, when the office was closed.
    await page.goto(`${ownServer.baseURL}/admin/manager/report?month=${shiftMonth(today.slice(0, 7), -1)}`);
    await expect(page.locator('.chart[data-chart="daily"] svg')).toBeVisible();
    const waitLine = page.locator(`.chart[data-chart="daily"] svg path[stroke="#c2410c"][fill="none"]`);
    await expect(waitLine.first()).toBeAttached();
    const moves = await waitLine.evaluateAll((paths) =>
      paths
        .map((p) => p.getAttribute('d') ?? '')
        .filter((d) => (d.match(/L/g) ?? []).length >= 3)
        .reduce((n, d) => n + (d.match(/M/g) ?? []).length, 0),
    );
    expect.soft(moves, 'separate stretches of the wait line').toBeGreaterThanOrEqual(4);

    // What-if opens on the latest past day. Its grid shows the real opening as it was: a counter at lunch from
    // 11:30 is ticked at 11:00 with the share of the hour it was open, and the hour counts it by that share.
    await page.getByRole('link', { name: /What-if/ }).click();
    await expect(page.getByLabel(/Date/)).not.toHaveValue('');
    const past = await manager<WhatIf>('POST', '/insights/what-if', { date: await page.getByLabel(/Date/).inputValue(), plan: {} });
    const [partHour, shares] = Object.entries(past.actualShare).find(([, byCounter]) => Object.values(byCounter).some((x) => x < 1))!;
    const [partCounter, part] = Object.entries(shares).find(([, x]) => x < 1)!;
    const partRow = page.locator(`[data-section="plan"] tr[data-hour="${partHour}"]`);
    await expect(partRow.locator(`input[data-counter="${partCounter}"]`)).toBeChecked();
    await expect(partRow.locator(`td.partial:has(input[data-counter="${partCounter}"])`)).toHaveText(`${(part * 100).toFixed(0)}%`);
    const realCount = Math.round(Object.values(shares).reduce((a, b) => a + b, 0) * 10) / 10;
    await expect(partRow.locator('td.open small')).toHaveText(`(${Number.isInteger(realCount) ? realCount : realCount.toFixed(1)})`);
    // Replayed as it opens, the plan is the real staffing: same waits as the replay of actual, not an "edited plan",
    // and the real waits still drawn.
    await page.getByRole('button', { name: /Replay/ }).click();
    await expect(page.locator('[data-section="results"] h2')).toContainText('actual staffing');
    await expect(page.locator('[data-section="results"] h2')).not.toContainText('edited plan');
    await expect(page.locator('[data-total="planned"] .mean')).toHaveText(minutes(past.totals.replayed.mean));
    // Both replays carry their service level, the same figure here.
    const levels = page.locator('[data-total="replayed"] td:last-child, [data-total="planned"] td:last-child');
    await expect(levels.first()).toHaveText(/%$/);
    expect(new Set(await levels.allTextContents()).size).toBe(1);
    await expect(page.locator('[data-total="actual"] .mean')).toHaveText(minutes(past.totals.actual.mean));
    // The real waits' line is drawn over the plan's (which it would otherwise lie under, the two being alike).
    const lines = page.locator('.chart[data-chart="what-if"] svg path');
    await expect(lines.first()).toBeAttached();
    const order = await lines.evaluateAll((paths) =>
      paths.flatMap((p, i) =>
        p.getAttribute('fill') === 'none' && ((p.getAttribute('d') ?? '').match(/L/g) ?? []).length >= 3 ? [[p.getAttribute('stroke'), i]] : [],
      ),
    );
    const drawnAt = (colour: string) => order.find(([stroke]) => stroke === colour)?.[1] as number;
    expect(drawnAt('#c2410c'), 'the actual wait line').toBeGreaterThan(drawnAt('#1d3a5f'));

    // Then today so far, from the real staffing; counter 1 toggled in the first hour and replayed.
    const actual = await manager<WhatIf>('POST', '/insights/what-if', { date: today, plan: {} });
    await page.getByLabel(/Date/).fill(today);
    await expect(page.locator('[data-total="actual"] .mean')).toHaveText(minutes(actual.totals.actual.mean));
    const hours = [...new Set([...Object.keys(actual.actualPlan), ...actual.hours.map((h) => String(h.hour).padStart(2, '0'))])].sort();
    await expect(page.locator('[data-section="plan"] tbody tr')).toHaveCount(hours.length);
    const hour = hours[0]!;
    const box = page.locator(`[data-section="plan"] tr[data-hour="${hour}"] input[data-counter="1"]`);
    const wasOpen = (actual.actualPlan[hour] ?? []).includes('1');
    await expect(box).toBeChecked({ checked: wasOpen });
    await box.setChecked(!wasOpen);
    await page.getByRole('button', { name: /Replay/ }).click();
    await expect(page.locator('[data-section="results"] h2')).toContainText('edited plan');
    const plan = { ...actual.actualPlan, [hour]: wasOpen ? actual.actualPlan[hour]!.filter((id) => id !== '1') : ['1', ...(actual.actualPlan[hour] ?? [])] };
    const replayed = await manager<WhatIf>('POST', '/insights/what-if', { date: today, plan });
    await expect(page.locator('[data-total="planned"] .mean')).toHaveText(minutes(replayed.totals.planned.mean));
    await expect(page.locator('.chart[data-chart="what-if"] svg')).toBeVisible();
    await page.getByRole('button', { name: /Back to actual/ }).click();
    await expect(box).toBeChecked({ checked: wasOpen });
  } finally {
    await ownServer.stop();
  }
});

test('counter staff are refused the manager pages', async ({ browser, ownServer }) => {
  const page = await staffPage(browser, ownServer, 'counter', '/manager');
  for (const path of ['/manager', '/manager/history', '/manager/staffing', '/manager/what-if', '/manager/report']) {
    await page.goto(`${ownServer.baseURL}/admin${path}`);
    await expect(page.getByRole('heading', { name: /Not allowed/ })).toBeVisible();
    await expect(page.locator('.manager')).toHaveCount(0);
  }
});
