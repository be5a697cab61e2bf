import type { PrinterState } from '@junban/protocol';
import type { PrinterTransport } from './printer.js';
import { canPrint, readStatus } from './status.js';

export interface PrintResult {
  printed: boolean;
  /** The printer's state after the job, or the state in which it refused it. */
  state: PrinterState;
  message?: string;
}

/** A printer as the print service sees it: the server's own transports and a kiosk's print agent look the same. */
export interface PrinterDriver {
  status(): Promise<PrinterState>;
  print(bytes: Uint8Array): Promise<PrintResult>;
  close(): Promise<void>;
}

/**
 * One ticket on a printer we reach ourselves (the server, or the print agent on its kiosk PC): ask first, print,
 * ask again. A printer that ran out of paper during the ticket stopped printing it, so that ticket counts as failed
 * and goes on staff's reprint list; at worst a resident holds two copies of the same number.
 */
export async function printOn(transport: PrinterTransport, bytes: Uint8Array): Promise<PrintResult> {
  const before = await readStatus(transport);
  if (!canPrint(before)) return { printed: false, state: before, message: `printer is ${before}` };
  try {
    await transport.write(bytes);
  } catch (err) {
    await transport.close();
    return { printed: false, state: await readStatus(transport), message: (err as Error).message };
  }
  const after = await readStatus(transport);
  return { printed: canPrint(after), state: after, ...(canPrint(after) ? {} : { message: `printer is ${after} after the ticket` }) };
}

export function localDriver(transport: PrinterTransport): PrinterDriver {
  return {
    status: () => readStatus(transport),
    print: (bytes) => printOn(transport, bytes),
    close: () => transport.close(),
  };
}
