/**
 * The print agent: runs on a kiosk PC with its own USB printer, signs in to the office server with its device
 * token, and prints the jobs the server sends it. It holds no queue of its own: a job it cannot print is answered
 * as failed, and staff reprint it from the console.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PrinterState, ServerToClientEvents } from '@junban/protocol';
import { printOn } from './driver.js';
import { NetworkPrinter } from './network.js';
import type { PrinterTransport } from './printer.js';
import { readStatus } from './status.js';
import { DevicePrinter, LibUsbPrinter } from './usb.js';

/**
 * Where the agent's printer is: a kernel printer device path (/dev/usb/lp0), `usb` or `usb:<vendor>:<product>` (hex)
 * for libusb, or `tcp://host:port` for a network printer beside the kiosk.
 */
export function transportFor(printer: string): PrinterTransport {
  if (printer.startsWith('tcp://')) {
    const url = new URL(printer);
    return new NetworkPrinter(url.hostname, url.port ? Number(url.port) : 9100);
  }
  const usb = /^usb(?::([0-9a-f]{4}):([0-9a-f]{4}))?$/i.exec(printer);
  if (usb) return new LibUsbPrinter(usb[1] ? { vendorId: parseInt(usb[1], 16), productId: parseInt(usb[2]!, 16) } : {});
  return new DevicePrinter(printer);
}

export interface AgentLog {
  info(message: string): void;
  warn(message: string): void;
}

export function startPrintAgent(options: { serverUrl: string; token: string; printer: PrinterTransport; log: AgentLog }) {
  const { printer, log } = options;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.serverUrl, { auth: { token: options.token } });
  // One job at a time: the printer cannot interleave two tickets, nor a ticket and a status question.
  let line: Promise<unknown> = Promise.resolve();
  const inLine = <T>(work: () => Promise<T>): Promise<T> => {
    const next = line.then(work, work);
    line = next.catch(() => undefined);
    return next;
  };

  socket.on('connect', () => log.info(`connected to ${options.serverUrl}`));
  socket.on('disconnect', (reason) => log.warn(`disconnected (${reason}); reconnecting`));
  socket.on('connect_error', (err) => log.warn(`cannot connect: ${err.message}`));
  socket.on('revoked', () => {
    log.warn('this agent was revoked by an administrator');
    socket.disconnect();
  });
  socket.on('printerStatus', (ack) => {
    void inLine(() => readStatus(printer)).then(ack, () => ack('unreachable' satisfies PrinterState));
  });
  socket.on('print', (job, ack) => {
    void inLine(() => printOn(printer, new Uint8Array(job.bytes))).then(
      (result) => {
        log.info(`job ${job.jobId}: ${result.printed ? 'printed' : `not printed (${result.message ?? result.state})`}`);
        ack(result);
      },
      (err: unknown) => ack({ printed: false, state: 'unreachable', message: String(err) }),
    );
  });

  return {
    socket,
    async close(): Promise<void> {
      socket.disconnect();
      await line;
      await printer.close();
    },
  };
}
