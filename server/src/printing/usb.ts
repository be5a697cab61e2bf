/**
 * Printers on the server's own USB port, two ways:
 * - DevicePrinter: the kernel's printer driver (usblp) and its device file, /dev/usb/lp0. Nothing to install.
 * - LibUsbPrinter: straight to the USB endpoints through the optional `usb` package, for printers usblp does not
 *   take (Epson TMs set to their "vendor-defined class" USB mode) or systems without usblp.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrinterError, type PrinterTransport } from './printer.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** Runs operations one at a time, so an answer can never be read by the wrong question. */
class Line {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function deviceError(path: string, err: unknown): PrinterError {
  const why = {
    ENOENT: 'no such device: is the printer plugged in and switched on, and is the usblp kernel module loaded?',
    EACCES: 'permission denied: add the service user to the "lp" group (see docs/printers.md)',
    EPERM: 'permission denied: add the service user to the "lp" group (see docs/printers.md)',
    EBUSY: 'the device is in use by another program (CUPS?)',
    ENODEV: 'the printer was unplugged or switched off',
    EIO: 'the printer was unplugged or switched off',
  }[code(err) ?? ''];
  return new PrinterError(`USB printer ${path}: ${why ?? message(err)}`, { cause: err });
}

export class DevicePrinter implements PrinterTransport {
  private file: FileHandle | null = null;
  private readonly line = new Line();

  constructor(
    readonly path = '/dev/usb/lp0',
    private readonly writeTimeoutMs = 20_000,
  ) {}

  write(bytes: Uint8Array): Promise<void> {
    return this.line.run(async () => {
      const file = await this.open();
      try {
        await this.writeAll(file, bytes, Date.now() + this.writeTimeoutMs);
      } catch (err) {
        await this.release();
        throw err instanceof PrinterError ? err : deviceError(this.path, err);
      }
    });
  }

  query(request: Uint8Array, timeoutMs: number): Promise<number | null> {
    return this.line.run(async () => {
      const deadline = Date.now() + timeoutMs;
      try {
        const file = await this.open();
        const buffer = Buffer.alloc(64);
        // Whatever the printer sent unasked must not pass for the answer.
        for (let i = 0; i < 16 && (await readSome(file, buffer)) > 0; i++);
        await this.writeAll(file, request, deadline);
        for (;;) {
          if ((await readSome(file, buffer)) > 0) return buffer[0]!;
          if (Date.now() >= deadline) return null;
          await sleep(10);
        }
      } catch {
        await this.release();
        return null;
      }
    });
  }

  close(): Promise<void> {
    return this.line.run(() => this.release());
  }

  private async open(): Promise<FileHandle> {
    if (this.file) return this.file;
    try {
      // Non-blocking: a blocking read on usblp waits until the printer says something, which would pin one of
      // libuv's few threads for good. Without O_NONBLOCK there is no way to give up on a silent printer.
      this.file = await open(this.path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (err) {
      throw deviceError(this.path, err);
    }
    // The path comes from configuration: a typo, or a hostile admin, must not get ticket bytes written over a file
    // (the server may run as root). A printer is a character device; a FIFO can only feed a reader (tests).
    const stat = await this.file.stat();
    if (!stat.isCharacterDevice() && !stat.isFIFO()) {
      await this.release();
      throw new PrinterError(`USB printer ${this.path}: not a device file (expected something like /dev/usb/lp0)`);
    }
    return this.file;
  }

  private async release(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close().catch(() => undefined);
  }

  /** usblp takes at most a few kilobytes per call and says EAGAIN while its previous block is still in flight. */
  private async writeAll(file: FileHandle, bytes: Uint8Array, deadline: number): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      try {
        done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
        continue;
      } catch (err) {
        if (code(err) !== 'EAGAIN') throw err;
      }
      if (Date.now() >= deadline) throw new PrinterError(`USB printer ${this.path}: did not take the data in time (paper jam, or switched off?)`);
      await sleep(5);
    }
  }
}

/** Bytes read without waiting; 0 when the printer has nothing to say. */
async function readSome(file: FileHandle, buffer: Buffer): Promise<number> {
  try {
    return (await file.read(buffer, 0, buffer.length, null)).bytesRead;
  } catch (err) {
    if (code(err) === 'EAGAIN') return 0;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// libusb mode. `usb` v3 dropped the old libusb-style API (findByIds, interface objects, endpoint.transfer): it is
// a WebUSB implementation (open, claimInterface, transferIn/transferOut by endpoint number) plus a few extras such
// as detachKernelDriver. Only what is used here is declared, so the package stays optional at build time too.

interface UsbEndpoint {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: string;
  packetSize: number;
}
interface UsbInterface {
  interfaceNumber: number;
  alternate: { interfaceClass: number; endpoints: UsbEndpoint[] };
}
interface UsbDevice {
  vendorId: number;
  productId: number;
  readonly configuration: { interfaces: UsbInterface[] } | null;
  open(): Promise<void>;
  close(): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  detachKernelDriver(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array, timeoutMs?: number): Promise<{ bytesWritten: number; status: string }>;
  transferIn(endpointNumber: number, length: number, timeoutMs?: number): Promise<{ data?: DataView; status: string }>;
}
interface UsbModule {
  usb: { getDevices(): Promise<UsbDevice[]> };
}

const PRINTER_CLASS = 7;
// Epson's USB packet is 64 bytes; smaller pieces keep each transfer's timeout meaningful on a slow printer.
const CHUNK = 4096;
const hex = (n: number | undefined) => (n === undefined ? '*' : n.toString(16).padStart(4, '0'));

async function loadUsb(): Promise<UsbModule> {
  // Through a variable, so that neither tsc nor a bundler insists on the optional package.
  const name = 'usb';
  try {
    return (await import(name)) as UsbModule;
  } catch (err) {
    throw new PrinterError(
      `libusb mode needs the optional "usb" package, which is missing or cannot load on this system (${message(err)}); or give the printer's device path (/dev/usb/lp0) instead`,
      { cause: err },
    );
  }
}

const interfacesOf = (device: UsbDevice): UsbInterface[] => {
  try {
    return device.configuration?.interfaces ?? [];
  } catch {
    return [];
  }
};
const bulk = (iface: UsbInterface, direction: 'in' | 'out') => iface.alternate.endpoints.find((e) => e.type === 'bulk' && e.direction === direction);

interface Claimed {
  device: UsbDevice;
  interfaceNumber: number;
  out: number;
  in?: UsbEndpoint;
}

export class LibUsbPrinter implements PrinterTransport {
  private claimed: Claimed | null = null;
  private readonly line = new Line();
  private readonly vendorId: number | undefined;
  private readonly productId: number | undefined;

  constructor(
    match: { vendorId?: number | undefined; productId?: number | undefined } = {},
    private readonly writeTimeoutMs = 20_000,
  ) {
    this.vendorId = match.vendorId;
    this.productId = match.productId;
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.line.run(async () => {
      const { device, out } = await this.open();
      try {
        for (let at = 0; at < bytes.length; at += CHUNK) {
          const chunk = bytes.subarray(at, at + CHUNK);
          const result = await device.transferOut(out, chunk, this.writeTimeoutMs);
          if (result.status !== 'ok' || result.bytesWritten !== chunk.length) throw new Error(`transfer ${result.status}`);
        }
      } catch (err) {
        await this.release();
        throw new PrinterError(`USB printer ${this.name}: ${message(err)} (unplugged or switched off?)`, { cause: err });
      }
    });
  }

  query(request: Uint8Array, timeoutMs: number): Promise<number | null> {
    return this.line.run(async () => {
      let claimed: Claimed;
      try {
        claimed = await this.open();
      } catch {
        return null;
      }
      const { device, out, in: answers } = claimed;
      if (!answers) return null;
      try {
        // Whatever the printer queued unasked must not pass for the answer; a short read finds it.
        for (let i = 0; i < 4 && (await this.read(device, answers, 10)) !== null; i++);
        await device.transferOut(out, request, timeoutMs);
        const answer = await this.read(device, answers, timeoutMs);
        // Reopening leaves no transfer of a silent printer pending, and no late answer to be misread.
        if (answer === null) await this.release();
        return answer;
      } catch {
        await this.release();
        return null;
      }
    });
  }

  close(): Promise<void> {
    return this.line.run(() => this.release());
  }

  private get name(): string {
    return `${hex(this.vendorId)}:${hex(this.productId)}`;
  }

  /** The first byte of one IN transfer; null when the printer has nothing to say within the time. */
  private async read(device: UsbDevice, endpoint: UsbEndpoint, timeoutMs: number): Promise<number | null> {
    try {
      // Reads are whole packets; asking for less than one is an overflow on some host controllers.
      const { data } = await device.transferIn(endpoint.endpointNumber, endpoint.packetSize || 64, timeoutMs);
      return data && data.byteLength > 0 ? data.getUint8(0) : null;
    } catch {
      return null;
    }
  }

  private async open(): Promise<Claimed> {
    if (this.claimed) return this.claimed;
    const { usb } = await loadUsb();
    let devices: UsbDevice[];
    try {
      devices = await usb.getDevices();
    } catch (err) {
      throw new PrinterError(`cannot list USB devices: ${message(err)}`, { cause: err });
    }
    const found = this.pick(devices);
    if (!found) {
      throw new PrinterError(
        this.vendorId === undefined
          ? 'no USB printer found (no device with a printer-class interface): is it plugged in and switched on? A printer in a vendor-specific USB mode needs its vendorId and productId'
          : `no USB device ${this.name} with a bulk OUT endpoint found: is it plugged in and switched on?`,
      );
    }
    const { device, iface } = found;
    try {
      await device.open();
      // usblp may hold the interface. v3 cannot ask whether a kernel driver is bound, so try, and go on when none was.
      await device.detachKernelDriver(iface.interfaceNumber).catch(() => undefined);
      await device.claimInterface(iface.interfaceNumber);
    } catch (err) {
      await device.close().catch(() => undefined);
      throw new PrinterError(
        `cannot open the USB printer ${hex(device.vendorId)}:${hex(device.productId)}: ${message(err)} (device permissions: see docs/printers.md)`,
        { cause: err },
      );
    }
    this.claimed = { device, interfaceNumber: iface.interfaceNumber, out: bulk(iface, 'out')!.endpointNumber, ...optionalIn(bulk(iface, 'in')) };
    return this.claimed;
  }

  private pick(devices: UsbDevice[]): { device: UsbDevice; iface: UsbInterface } | undefined {
    for (const device of devices) {
      if (this.vendorId !== undefined && device.vendorId !== this.vendorId) continue;
      if (this.productId !== undefined && device.productId !== this.productId) continue;
      const usable = interfacesOf(device).filter((i) => bulk(i, 'out'));
      // Without ids only a printer-class interface will do; with ids, a vendor-class interface is fine too.
      const iface = usable.find((i) => i.alternate.interfaceClass === PRINTER_CLASS) ?? (this.vendorId === undefined ? undefined : usable[0]);
      if (iface) return { device, iface };
    }
    return undefined;
  }

  private async release(): Promise<void> {
    const claimed = this.claimed;
    this.claimed = null;
    if (!claimed) return;
    // The kernel driver is not re-attached: usblp or CUPS would grab the printer between our jobs.
    await claimed.device.releaseInterface(claimed.interfaceNumber).catch(() => undefined);
    await claimed.device.close().catch(() => undefined);
  }
}

const optionalIn = (endpoint: UsbEndpoint | undefined) => (endpoint ? { in: endpoint } : {});
