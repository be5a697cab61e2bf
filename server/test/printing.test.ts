/** Tickets on a real (fake) network printer over a real port: printed, refused, reprinted, and never a number twice. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPrintAgent } from '../src/printing/agent.js';
import { startFakeNetworkPrinter, type FakeNetworkPrinter } from '../src/printing/fake-network-printer.js';
import { NetworkPrinter } from '../src/printing/network.js';
import type { PrintJobView, PrinterView } from '@junban/protocol';
import { databaseContents, startOffice, type ClientSocket, type TestOffice } from './support.js';

const sjis = new TextDecoder('shift_jis');

function nextJob(socket: ClientSocket, jobId: string): Promise<PrintJobView> {
  return new Promise((resolve) => {
    const on = (job: PrintJobView) => {
      if (job.id !== jobId) return;
      socket.off('printJob', on);
      resolve(job);
    };
    socket.on('printJob', on);
  });
}

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kiosk tickets on a network printer', () => {
  let office: TestOffice;
  let printer: FakeNetworkPrinter;
  let admin: Awaited<ReturnType<TestOffice['staff']>>;
  let counter: Awaited<ReturnType<TestOffice['staff']>>;
  let kioskSocket: ClientSocket;
  const kiosk = () => office.device(office.kioskToken);
  const printerView = async (): Promise<PrinterView> => (await counter('printers', {})).find((p) => p.id === 'entrance')!;

  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
    printer = await startFakeNetworkPrinter();
    admin = await office.staff('admin');
    counter = await office.staff('counter');
    await admin('putPrinter', {
      printerId: 'entrance',
      id: 'entrance',
      name: 'Entrance',
      connection: { kind: 'network', host: '127.0.0.1', port: printer.port },
    });
    await admin('setKioskSettings', { deviceId: office.kioskId, printerId: 'entrance', ticketsPerMinute: 0 });
    kioskSocket = await office.socket({ token: office.kioskToken });
  });
  afterEach(() => printer.setState('ready'));
  afterAll(async () => {
    await office.stop();
    await printer.close();
  });

  it('prints the number, the procedures in Japanese and the status link', async () => {
    const issued = await kiosk()('issueVisit', { services: ['tennyu', 'kokuho'], language: 'en' });
    expect(issued.print).toMatchObject({ state: 'queued', printerId: 'entrance', number: issued.visit.number });
    expect(await nextJob(kioskSocket, issued.print!.id)).toMatchObject({ state: 'printed' });

    const ticket = printer.jobs().at(-1)!.bytes;
    const text = sjis.decode(ticket);
    expect(text).toContain(issued.visit.number);
    expect(text).toContain('転入届');
    expect(text).toContain('国民健康保険');
    expect(text).toContain(`Your number is ${issued.visit.number}`);
    expect(Buffer.from(ticket).includes(Buffer.from(issued.statusUrl))).toBe(true);
    expect(issued.statusUrl).toMatch(/\/kiosk\/status\/[^/]+$/);
    expect(issued.statusUrl).not.toContain(issued.visit.number);
  });

  it('paper out: the number is valid on screen, staff see the alert, and a reprint after new paper gives the same number', async () => {
    printer.setState('paper_out');
    const before = printer.jobs().length;
    const issued = await kiosk()('issueVisit', { services: ['juminhyo'] });
    const failed = await nextJob(kioskSocket, issued.print!.id);
    expect(failed).toMatchObject({ state: 'failed', problem: 'paper_out' });
    expect(printer.jobs().length).toBe(before);
    expect(await counter('getVisit', { visitId: issued.visit.id })).toMatchObject({ number: issued.visit.number });

    const alert = await printerView();
    expect(alert.state).toBe('paper_out');
    expect(alert.failed.map((j) => j.number)).toEqual([issued.visit.number]);
    const logged = office.server.db.prepare("SELECT state FROM printer_log WHERE printer_id = 'entrance'").pluck().all();
    expect(logged).toContain('paper_out');

    printer.setState('ready');
    const visits = office.server.db.prepare('SELECT COUNT(*) FROM visits').pluck().get();
    const again = await counter('reprint', { jobId: failed.id });
    expect(again).toMatchObject({ state: 'queued', reprint: true, number: issued.visit.number });
    await printer.waitForJobs(before + 1, 5_000);
    expect(sjis.decode(printer.jobs().at(-1)!.bytes)).toContain(issued.visit.number);
    await until(printerView, (p) => p.failed.length === 0 && p.state === 'ready');
    expect(office.server.db.prepare('SELECT COUNT(*) FROM visits').pluck().get()).toBe(visits);
  });

  it('cover open, a silent printer and a cable pulled mid-ticket each leave the ticket for staff to reprint', async () => {
    for (const fault of ['cover_open', 'silent'] as const) {
      printer.setState(fault);
      const issued = await kiosk()('issueVisit', { services: ['juminhyo'] });
      const job = await nextJob(kioskSocket, issued.print!.id);
      expect(job).toMatchObject({ state: 'failed', problem: fault === 'silent' ? 'unreachable' : fault });
    }
    printer.setState('ready');
    printer.unplugAfter(40);
    const issued = await kiosk()('issueVisit', { services: ['juminhyo'] });
    expect(await nextJob(kioskSocket, issued.print!.id)).toMatchObject({ state: 'failed' });
    const failed = (await printerView()).failed;
    expect(failed.map((j) => j.number)).toContain(issued.visit.number);
    for (const job of failed) await counter('reprint', { jobId: job.id });
    await until(printerView, (p) => p.failed.length === 0 && p.state === 'ready');
  });

  it('a kiosk issuing too fast is slowed down politely, changes nothing, and staff can lift the limit', async () => {
    await admin('setKioskSettings', { deviceId: office.kioskId, printerId: 'entrance', ticketsPerMinute: 2 });
    // A refusal for another reason issues nothing, so it does not count toward the limit.
    await expect(kiosk()('issueVisit', { services: ['nosuch'] })).rejects.toMatchObject({ code: 'office/unknown_service' });
    await kiosk()('issueVisit', { services: ['juminhyo'] });
    await kiosk()('issueVisit', { services: ['juminhyo'] });
    const before = databaseContents(office.server);
    await expect(kiosk()('issueVisit', { services: ['juminhyo'] })).rejects.toMatchObject({ code: 'kiosk/slow_down', status: 429 });
    expect(databaseContents(office.server)).toBe(before);
    expect((await counter('staffView', {})).limitedKiosks).toMatchObject([{ deviceId: office.kioskId, name: 'test kiosk' }]);

    await counter('liftKioskLimit', { deviceId: office.kioskId });
    await kiosk()('issueVisit', { services: ['juminhyo'] });
    expect((await counter('staffView', {})).limitedKiosks).toEqual([]);
    await admin('setKioskSettings', { deviceId: office.kioskId, printerId: 'entrance', ticketsPerMinute: 0 });
  });
});

describe('a kiosk PC with its own printer, through the print agent', () => {
  it("prints the kiosk's tickets while the agent is connected; without it the ticket waits for a reprint", async () => {
    const office = await startOffice();
    const printer = await startFakeNetworkPrinter();
    const quiet = { info: () => {}, warn: () => {} };
    try {
      const admin = await office.staff('admin');
      const { device, token } = await admin('createDevice', { kind: 'agent', name: 'Kiosk 2 print agent' });
      await admin('putPrinter', { printerId: 'kiosk2', id: 'kiosk2', name: 'Kiosk 2', paperWidth: 58, connection: { kind: 'agent', deviceId: device.id } });
      await admin('setKioskSettings', { deviceId: office.kioskId, printerId: 'kiosk2', ticketsPerMinute: 0 });
      const kioskSocket = await office.socket({ token: office.kioskToken });
      const agent = startPrintAgent({ serverUrl: office.url, token, printer: new NetworkPrinter('127.0.0.1', printer.port), log: quiet });
      await new Promise<void>((resolve) => agent.socket.once('connect', () => resolve()));

      const issued = await office.device(office.kioskToken)('issueVisit', { services: ['tennyu'] });
      expect(await nextJob(kioskSocket, issued.print!.id)).toMatchObject({ state: 'printed', printerId: 'kiosk2' });
      expect(sjis.decode(printer.jobs().at(-1)!.bytes)).toContain(issued.visit.number);

      await agent.close();
      const orphan = await office.device(office.kioskToken)('issueVisit', { services: ['tennyu'] });
      expect(await nextJob(kioskSocket, orphan.print!.id)).toMatchObject({ state: 'failed', problem: 'unreachable' });
      expect(printer.jobs()).toHaveLength(1);
    } finally {
      await office.stop();
      await printer.close();
    }
  });
});
