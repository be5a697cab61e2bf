/**
 * The paper ticket, end to end: a resident touches the kiosk, a (fake) Ethernet printer receives the bytes, the
 * bytes say the number and the procedures in Shift_JIS, the printed QR code opens the resident's status page, and
 * a printer without paper leaves the number on screen and an alert for staff, who reprint it once paper is back.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQRModule from 'jsqr';
import type { FakeNetworkPrinter } from '../../server/src/printing/fake-network-printer.js';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';
import { staffPage } from '../support/staff.js';
import { repoRoot, startServer, type RunningServer } from '../support/server.js';

const jsQR = jsQRModule.default;
const sjis = new TextDecoder('shift_jis');
type Issued = { visit: { id: string; number: string }; statusUrl: string };

const fromServerBuild = async <T>(module: string): Promise<T> => (await import(pathToFileURL(join(repoRoot, 'server', 'dist', 'printing', module)).href)) as T;

/** The QR code on the printed ticket, read from the virtual printer's picture of the bytes, as a phone would. */
async function printedQr(bytes: Uint8Array): Promise<string | null> {
  const { renderTicket } = await fromServerBuild<typeof import('../../server/src/printing/render.js')>('render.js');
  const image = await loadImage(await renderTicket(bytes, { paperWidth: 80, model: 'tm-m30' }));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height);
  return jsQR(pixels.data, image.width, image.height)?.data ?? null;
}

async function takeNumber(kiosk: Page, services: string[]): Promise<Issued> {
  for (const id of services) await kiosk.locator(`[data-service="${id}"]`).click();
  const answer = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
  await kiosk.locator('.take').click();
  const issued = (await (await answer).json()) as Issued;
  await expect(kiosk.locator('.ticket .number')).toHaveText(issued.visit.number);
  return issued;
}

test.describe('the paper ticket', () => {
  let server: RunningServer;
  let printer: FakeNetworkPrinter;

  test.beforeEach(async () => {
    server = await startServer();
    const { startFakeNetworkPrinter } = await fromServerBuild<typeof import('../../server/src/printing/fake-network-printer.js')>('fake-network-printer.js');
    printer = await startFakeNetworkPrinter();
    const admin = await (await demoOffice(server)).as('admin');
    await admin('PUT', '/config/printers/lobby', { id: 'lobby', name: 'ロビー発券機', connection: { kind: 'network', host: '127.0.0.1', port: printer.port } });
    const kiosk = (await admin<{ id: string; kind: string }[]>('GET', '/devices')).find((d) => d.kind === 'kiosk')!;
    await admin('PUT', `/devices/${kiosk.id}/kiosk`, { printerId: 'lobby', ticketsPerMinute: 8 });
  });
  test.afterEach(async () => {
    await printer.close();
    await server.stop();
  });

  test('prints the number and procedures in Shift_JIS, and its QR code opens the live status page', async ({ page, browser }, testInfo) => {
    const office = await demoOffice(server);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
    const issued = await takeNumber(page, ['tennyu', 'kokuho']);
    await expect(page.locator('[data-print]')).toHaveAttribute('data-print', 'printed');

    const [job] = await printer.waitForJobs(1, 5_000);
    const text = sjis.decode(job!.bytes);
    expect(text).toContain(issued.visit.number);
    expect(text).toContain('転入届');
    expect(text).toContain('国民健康保険');
    // Under the QR code: the resident may leave and follow their turn on the phone.
    expect(text).toContain('この場を離れても大丈夫です');
    expect(text).toContain('スマホで順番を確認できます');
    const { renderTicket } = await fromServerBuild<typeof import('../../server/src/printing/render.js')>('render.js');
    const picture = testInfo.outputPath('printed-ticket.png');
    await writeFile(picture, await renderTicket(job!.bytes, { paperWidth: 80, model: 'tm-m30' }));
    await testInfo.attach('printed-ticket', { path: picture, contentType: 'image/png' });

    const link = await printedQr(job!.bytes);
    expect(link).toBe(issued.statusUrl);
    expect(link).not.toContain(issued.visit.number);

    const phone = await (await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(link!);
    const status = phone.locator('main');
    await expect(status).toContainText(issued.visit.number);
    await expect(status).toContainText('転入届');
    await phone.screenshot({ path: testInfo.outputPath('status-waiting.png') });

    const counter = await office.as('counter');
    await counter('POST', '/counters/3/call-next');
    await expect(status).toContainText('3番窓口');
    await expect(phone.locator('[data-state="called"]')).toBeVisible();
    await phone.screenshot({ path: testInfo.outputPath('status-called.png') });
  });

  test('paper out: the number stays on screen, staff see the alert, and the reprint after new paper has the same number', async ({
    page,
    browser,
  }, testInfo) => {
    const office = await demoOffice(server);
    printer.setState('paper_out');
    await page.goto(`${server.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
    const issued = await takeNumber(page, ['juminhyo']);
    await expect(page.locator('[data-print]')).toHaveAttribute('data-print', 'failed');
    await expect(page.locator('.ticket .number')).toHaveText(issued.visit.number);
    await page.screenshot({ path: testInfo.outputPath('kiosk-paper-out.png') });
    expect(printer.jobs()).toHaveLength(0);

    const console = await staffPage(browser, server, 'counter', '/counter');
    const alert = console.locator('.printer-alerts [data-printer="lobby"]');
    await expect(alert).toHaveAttribute('data-state', 'paper_out');
    const failed = alert.locator(`.failed-ticket[data-number="${issued.visit.number}"]`);
    await expect(failed).toBeVisible();

    printer.setState('ready');
    await failed.getByRole('button', { name: /Reprint/ }).click();
    const [job] = await printer.waitForJobs(1, 5_000);
    const text = sjis.decode(job!.bytes);
    expect(text).toContain(issued.visit.number);
    expect(text).toContain('再発行');
    await expect(console.locator('.printer-alerts')).toHaveCount(0);

    // One visit, one number: the reprint issued nothing new.
    const staff = await office.as('counter');
    const view = await staff<{ queues: { serviceId: string; entries: { number: string }[] }[] }>('GET', '/view/staff');
    const numbers = view.queues.flatMap((q) => q.entries.map((e) => e.number));
    expect(numbers.filter((n) => n === issued.visit.number)).toHaveLength(1);
  });
});
