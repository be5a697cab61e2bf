import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeNetworkPrinter, type FakeNetworkPrinter } from '../src/printing/fake-network-printer.js';
import { NetworkPrinter } from '../src/printing/network.js';
import { PrinterError } from '../src/printing/printer.js';
import { readStatus, statusRequest } from '../src/printing/status.js';
import { DevicePrinter, LibUsbPrinter } from '../src/printing/usb.js';
import { scriptedStates, VirtualPrinter } from '../src/printing/virtual.js';

const CUT = [0x1d, 0x56, 0x42, 0x00];
/** A job like a ticket: init, some text with every byte value except DLE (a real-time request would be taken out), cut. */
function job(label: string, size = 600): Uint8Array {
  const body = Array.from({ length: size }, (_, i) => i % 256).filter((b) => b !== 0x10);
  return Uint8Array.from([0x1b, 0x40, ...Buffer.from(label), ...body, ...CUT]);
}

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('NetworkPrinter with the fake Ethernet printer', () => {
  let fake: FakeNetworkPrinter;
  let printer: NetworkPrinter;

  beforeEach(async () => {
    fake = await startFakeNetworkPrinter();
    printer = new NetworkPrinter('127.0.0.1', fake.port, { writeTimeoutMs: 2000 });
  });
  afterEach(async () => {
    await printer.close();
    await fake.close();
  });

  it('reads every scripted state back through DLE EOT 1-4', async () => {
    for (const state of scriptedStates.filter((s) => s !== 'silent')) {
      fake.setState(state);
      expect(await readStatus(printer)).toBe(state);
    }
  });

  it('finds a silent printer unreachable within the timeout', async () => {
    fake.setState('silent');
    const started = Date.now();
    expect(await readStatus(printer, 200)).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(1000);
    fake.setState('ready');
    expect(await readStatus(printer, 200)).toBe('ready');
  });

  it('delivers the exact bytes, job by job, without the status requests', async () => {
    const first = job('A-001');
    const second = job('A-002', 20_000);
    await printer.write(first);
    expect(await readStatus(printer)).toBe('ready');
    await printer.write(second);
    const jobs = await fake.waitForJobs(2);
    expect(jobs.map((j) => Buffer.from(j.bytes))).toEqual([Buffer.from(first), Buffer.from(second)]);
    expect(fake.received).toEqual(Buffer.concat([first, second]));
    expect(jobs[1]!.lastByteAt).toBeGreaterThanOrEqual(jobs[1]!.firstByteAt);
    expect(fake.queries).toBeGreaterThanOrEqual(6);
  });

  it('recognises a status request split across TCP chunks', async () => {
    const socket = net.connect(fake.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.setNoDelay(true);
    const answer = new Promise<Buffer>((resolve) => socket.once('data', resolve));
    socket.write(Uint8Array.of(0x41, 0x10));
    await new Promise((resolve) => setTimeout(resolve, 30));
    socket.write(Uint8Array.of(0x04));
    await new Promise((resolve) => setTimeout(resolve, 30));
    socket.write(Uint8Array.of(0x04, 0x42));
    fake.setState('paper_near_end');
    expect([...(await answer)]).toEqual([0x1e]);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([...fake.received]).toEqual([0x41, 0x42]);
  });

  it('fails a ticket cut short by a pulled cable, then prints the next one on a new connection', async () => {
    fake.unplugAfter(300);
    await expect(printer.write(job('A-003'))).rejects.toBeInstanceOf(PrinterError);
    expect(fake.interrupted()).toHaveLength(1);
    expect(fake.interrupted()[0]!.bytes.length).toBe(300);
    const next = job('A-004');
    await printer.write(next);
    const jobs = await fake.waitForJobs(1);
    expect(Buffer.from(jobs[0]!.bytes)).toEqual(Buffer.from(next));
  });

  it('fails a job the printer never confirms (silent) with PrinterError', async () => {
    fake.setState('silent');
    const impatient = new NetworkPrinter('127.0.0.1', fake.port, { writeTimeoutMs: 300 });
    await expect(impatient.write(job('A-005'))).rejects.toThrow(/did not confirm/);
    await impatient.close();
  });

  it('keeps concurrent callers apart: every answer goes to its own question', async () => {
    fake.setState('paper_out');
    const results = await Promise.all([readStatus(printer), printer.write(job('A-006')), readStatus(printer), readStatus(printer)]);
    expect(results).toEqual(['paper_out', undefined, 'paper_out', 'paper_out']);
  });

  it('does not take bytes the printer sent unasked for an answer', async () => {
    // A DLE EOT hidden in image data gets answered like any other: a byte nobody will ask for.
    fake.setState('cover_open');
    await printer.write(Uint8Array.from([0x1b, 0x40, 0x10, 0x04, 0x02, ...CUT]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    fake.setState('ready');
    expect(await printer.query(statusRequest(2), 500)).toBe(0x12);
  });

  it('lets the connection go when idle, and comes back on the next call', async () => {
    const idle = new NetworkPrinter('127.0.0.1', fake.port, { idleMs: 50 });
    expect(await readStatus(idle)).toBe('ready');
    expect(fake.connections).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.connections).toBe(0);
    expect(await readStatus(idle)).toBe('ready');
    await idle.close();
  });
});

describe('NetworkPrinter without a printer', () => {
  it('rejects quickly with PrinterError when nothing listens', async () => {
    const printer = new NetworkPrinter('127.0.0.1', await closedPort());
    const started = Date.now();
    const failure = await printer.write(job('X')).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(PrinterError);
    expect((failure as Error).message).toMatch(/refused/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await printer.query(statusRequest(1), 200)).toBeNull();
    expect(await readStatus(printer, 200)).toBe('unreachable');
  });

  it('fails within the connect timeout on an address where nothing answers', async () => {
    // 192.0.2.0/24 is reserved for documentation: nothing answers there (or the network says unreachable).
    const printer = new NetworkPrinter('192.0.2.1', 9100, { connectTimeoutMs: 300, writeTimeoutMs: 500 });
    const started = Date.now();
    await expect(printer.write(job('X'))).rejects.toBeInstanceOf(PrinterError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('VirtualPrinter', () => {
  it('keeps the exact bytes of the latest jobs', async () => {
    const printer = new VirtualPrinter(2);
    const bytes = job('V-1');
    await printer.write(bytes);
    bytes[0] = 0;
    await printer.write(job('V-2'));
    await printer.write(job('V-3'));
    expect(printer.jobs().map((j) => Buffer.from(j.bytes))).toEqual([Buffer.from(job('V-2')), Buffer.from(job('V-3'))]);
    expect(printer.lastJob()!.at).toBeInstanceOf(Date);
  });

  it('answers status as set, and refuses to print when a real printer would not', async () => {
    const printer = new VirtualPrinter();
    for (const state of scriptedStates) {
      printer.setState(state);
      expect(await readStatus(printer)).toBe(state === 'silent' ? 'unreachable' : state);
      const printing = printer.write(job('V'));
      if (state === 'ready' || state === 'paper_near_end') await expect(printing).resolves.toBeUndefined();
      else await expect(printing).rejects.toBeInstanceOf(PrinterError);
    }
    expect(printer.jobs()).toHaveLength(2);
  });
});

describe('USB transports (no hardware here)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'junban-usb-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('DevicePrinter names the missing device in its error', async () => {
    const printer = new DevicePrinter(join(dir, 'lp0'));
    await expect(printer.write(job('U'))).rejects.toThrow(/lp0: no such device: is the printer plugged in/);
    expect(await printer.query(statusRequest(1), 100)).toBeNull();
  });

  it('DevicePrinter refuses a path that is not a device, and leaves the file alone', async () => {
    const path = join(dir, 'passwd');
    await writeFile(path, 'root:x:0:0\n');
    const printer = new DevicePrinter(path);
    await expect(printer.write(job('U'))).rejects.toThrow(/not a device file/);
    expect(await readFile(path, 'utf8')).toBe('root:x:0:0\n');
  });

  it('DevicePrinter writes the exact bytes (to a FIFO standing in for /dev/usb/lp0)', async () => {
    const path = join(dir, 'lp0');
    execFileSync('mkfifo', [path]);
    const reader = createReadStream(path);
    const chunks: Buffer[] = [];
    reader.on('data', (chunk) => chunks.push(chunk as Buffer));
    const printer = new DevicePrinter(path);
    const bytes = job('U-1', 100_000);
    await printer.write(bytes);
    await printer.write(job('U-2'));
    await printer.close();
    await new Promise<void>((resolve) => reader.once('close', () => resolve()));
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([bytes, job('U-2')]));
  });

  it('LibUsbPrinter without such a device fails with PrinterError, and its query gives null', async () => {
    const printer = new LibUsbPrinter({ vendorId: 0xfffe, productId: 0xfffe });
    await expect(printer.write(job('U'))).rejects.toBeInstanceOf(PrinterError);
    expect(await printer.query(statusRequest(1), 100)).toBeNull();
    await printer.close();
  });
});
