/**
 * Printer status between jobs: the four real-time requests DLE EOT 1-4 of ESC/POS, each answered by one byte.
 * Bit meanings are Epson's (TM-T88 / TM-m30 class); bits 1 and 4 of every answer are fixed (0x12) and let us tell
 * a status byte from noise.
 */
import type { PrinterState } from '@junban/protocol';
import type { PrinterTransport } from './printer.js';

const DLE = 0x10;
const EOT = 0x04;
export const statusRequest = (n: 1 | 2 | 3 | 4) => Uint8Array.of(DLE, EOT, n);

/** Answers to DLE EOT 1 (printer), 2 (offline cause), 3 (error cause) and 4 (roll paper sensor). */
export interface StatusBytes {
  printer: number;
  offline: number;
  error: number;
  paper: number;
}

const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** The one state a resident or member of staff needs to know, most serious first. */
export function stateOf(s: StatusBytes): PrinterState {
  if (![s.printer, s.offline, s.error, s.paper].every(isStatusByte)) return 'offline';
  if ((s.paper & 0x60) === 0x60 || (s.offline & 0x20) !== 0) return 'paper_out';
  if ((s.offline & 0x04) !== 0) return 'cover_open';
  if ((s.error & 0x68) !== 0 || (s.offline & 0x40) !== 0 || (s.printer & 0x08) !== 0) return 'offline';
  if ((s.paper & 0x0c) === 0x0c) return 'paper_near_end';
  return 'ready';
}

/** Asks the four questions in turn; a printer that stays silent is unreachable. The first may include (re)connecting. */
export async function readStatus(printer: PrinterTransport, timeoutMs = 1_500): Promise<PrinterState> {
  const answers: number[] = [];
  for (const n of [1, 2, 3, 4] as const) {
    const answer = await printer.query(statusRequest(n), timeoutMs);
    if (answer === null) return 'unreachable';
    answers.push(answer);
  }
  const [printerByte, offline, error, paper] = answers as [number, number, number, number];
  return stateOf({ printer: printerByte, offline, error, paper });
}

/** States in which a ticket can be printed; near-end still prints, staff are told to change the roll. */
export const canPrint = (state: PrinterState) => state === 'ready' || state === 'paper_near_end';
