import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeNetworkPrinter } from '../../server/src/printing/fake-network-printer.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { staffPage } from '../support/staff.js';
import { repoRoot, type RunningServer } from '../support/server.js';

type Visit = { id: string; number: string };
type Device = { id: string; kind: string };

/** The fake Ethernet printer from the server's build: a real TCP printer whose paper we can take away. */
async function startFakePrinter(): Promise<FakeNetworkPrinter> {
  const url = pathToFileURL(join(repoRoot, 'server', 'dist', 'printing', 'fake-network-printer.js')).href;
  const { startFakeNetworkPrinter } = (await import(url)) as typeof import('../../server/src/printing/fake-network-printer.js');
  return startFakeNetworkPrinter();
}

/** The demo kiosk now prints on `printerId`; answers the kiosk's device id. */
async function kioskPrintsOn(server: RunningServer, printerId: string, ticketsPerMinute = 6): Promise<string> {
  const admin = await (await demoOffice(server)).as('admin');
  const kiosk = (await admin<Device[]>('GET', '/devices')).find((d) => d.kind === 'kiosk')!;
  await admin('PUT', `/devices/${kiosk.id}/kiosk`, { printerId, ticketsPerMinute });
  return kiosk.id;
}

test('a counter sees the paper-out alert, reprints once the roll is changed, and the console still fits 1366x768', async ({ browser, ownServer }, testInfo) => {
  test.setTimeout(60_000);
  const office = await demoOffice(ownServer);
  const fake = await startFakePrinter();
  try {
    const admin = await office.as('admin');
    await admin('PUT', '/config/printers/lobby', { id: 'lobby', name: 'ロビー発券機', connection: { kind: 'network', host: '127.0.0.1', port: fake.port } });
    await kioskPrintsOn(ownServer, 'lobby');
    fake.setState('paper_out');
    const { visit } = await office.kiosk<{ visit: Visit }>('POST', '/visits', { services: ['juminhyo'] });

    const page = await staffPage(browser, ownServer, 'counter', '/counter');
    await page.getByLabel(/担当窓口/).selectOption('1');
    const alert = page.locator('.printer-alerts [data-printer="lobby"]');
    await expect(alert).toHaveAttribute('data-state', 'paper_out');
    await expect(alert.getByRole('alert')).toContainText('ロビー発券機：用紙切れ');
    await expect(alert.getByRole('alert')).toContainText('Paper out');
    const ticket = alert.locator(`.failed-ticket[data-number="${visit.number}"]`);
    await expect(ticket).toBeVisible();

    // The alert takes a strip, not the screen: every action is still in view, and nothing scrolls sideways.
    for (const name of [/Call next/, /Recall/, /Start/, /Finish/, /Transfer/, /Hold/, /No-show/, /Pause/]) {
      await expect(page.getByRole('button', { name })).toBeInViewport();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath('counter-paper-out-1366x768.png') });
    // The shortcuts still work with the alert on screen.
    await page.keyboard.press('n');
    await expect(page.locator('.current-number')).toHaveText(visit.number);

    // A manager sees the same on the printers page, but reprinting is for counter and guide staff.
    const manager = await staffPage(browser, ownServer, 'manager', '/printers');
    const card = manager.locator('.printer[data-printer="lobby"]');
    await expect(card).toHaveAttribute('data-state', 'paper_out');
    await expect(card.locator(`.failed-ticket[data-number="${visit.number}"]`)).toContainText('用紙切れ / Paper out');
    await expect(card.getByRole('button', { name: /Reprint/ })).toHaveCount(0);
    await expect(card.getByRole('button', { name: /Test print/ })).toHaveCount(0);

    // The roll is changed; the counter reprints. The list comes back empty from the live view, on both screens.
    fake.setState('ready');
    await ticket.getByRole('button', { name: /Reprint/ }).click();
    const [job] = await fake.waitForJobs(1);
    expect(job!.bytes.includes(Buffer.from(visit.number))).toBe(true);
    await expect(page.locator('.printer-alerts')).toHaveCount(0);
    await expect(card).toHaveAttribute('data-state', 'ready');
    await expect(card.locator('.failed-ticket')).toHaveCount(0);
  } finally {
    await fake.close();
  }
});

test('a kiosk slowed down is shown to staff, and a guide lifts the limit', async ({ browser, ownServer }) => {
  const office = await demoOffice(ownServer);
  await kioskPrintsOn(ownServer, 'entrance', 2);
  await office.kiosk('POST', '/visits', { services: ['juminhyo'] });
  await office.kiosk('POST', '/visits', { services: ['juminhyo'] });
  await expect(office.kiosk('POST', '/visits', { services: ['juminhyo'] })).rejects.toThrow(/kiosk\/slow_down/);

  const page = await staffPage(browser, ownServer, 'guide', '/guide');
  const limit = page.locator('.printer-alerts .kiosk-limit');
  await expect(limit).toContainText('発券を一時制限中 / Kiosk slowed down: Demo kiosk (entrance)');
  await limit.getByRole('button', { name: /Lift/ }).click();
  await expect(limit).toHaveCount(0);
  await office.kiosk('POST', '/visits', { services: ['juminhyo'] });
});

test("the printers page shows the virtual printer's latest tickets, and an admin can print a test ticket", async ({ browser, ownServer }, testInfo) => {
  const office = await demoOffice(ownServer);
  await office.kiosk('POST', '/visits', { services: ['juminhyo'] });

  const counter = await staffPage(browser, ownServer, 'counter', '/printers');
  const card = counter.locator('.printer[data-printer="entrance"]');
  await expect(card).toContainText('Entrance kiosk printer');
  await expect(card.getByRole('button', { name: /Test print/ })).toHaveCount(0);
  const newest = card.locator('.virtual-tickets img').first();
  await expect(newest).toHaveAttribute('src', /^\/api\/v1\/printers\/entrance\/virtual\/0\.png/);
  await expect.poll(() => newest.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // A new ticket shows up on its own, newest first.
  await office.kiosk('POST', '/visits', { services: ['koseki-shomei'] });
  await expect(card.locator('.virtual-tickets img')).toHaveCount(2);

  const admin = await staffPage(browser, ownServer, 'admin', '/printers');
  const adminCard = admin.locator('.printer[data-printer="entrance"]');
  await adminCard.getByRole('button', { name: /Test print/ }).click();
  await expect(adminCard.getByRole('status')).toContainText('テスト印刷');
  await expect(card.locator('.virtual-tickets img')).toHaveCount(3);
  const loaded = () =>
    card.locator('.virtual-tickets img').evaluateAll((imgs: HTMLImageElement[]) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);
  await expect.poll(loaded).toBe(3);
  await counter.screenshot({ path: testInfo.outputPath('printers-1366x768.png'), fullPage: true });
});
