import type { Device, PrinterState, PrinterView, PrintJobView, PublicView } from '@junban/protocol/screens';

/** What the ticket screen tells the resident about their paper ticket. */
export type TicketPrint = 'none' | 'printing' | 'printed' | 'failed';

/** States in which a ticket still comes out. 'unknown' means not asked yet, which is no reason to worry anyone. */
const WORKING: readonly PrinterState[] = ['ready', 'paper_near_end', 'unknown'];

/** This kiosk's printer as the office last saw it, from the kiosk's settings; null when it has none. */
export function kioskPrinter(view: PublicView | null, device: Device | null): PrinterView | null {
  const id = device?.kiosk?.printerId;
  return (id && view?.printers.find((p) => p.id === id)) || null;
}

const settled = (job: PrintJobView) => (job.state === 'queued' ? 0 : 1);

/**
 * The newest news of a ticket: the answer to issuing it, or a later `printJob` event. An event can arrive before
 * the answer does, so neither order is assumed; a printed or failed job is newer than a queued one of the same instant.
 */
export function latestJob(answered: PrintJobView | null, events: readonly PrintJobView[]): PrintJobView | null {
  if (!answered) return null;
  return events
    .filter((e) => e.id === answered.id)
    .reduce((newest, e) => (e.at > newest.at || (e.at === newest.at && settled(e) > settled(newest)) ? e : newest), answered);
}

/** A job still waiting on a printer that is out of paper, open or offline will not print: say so now. */
export function ticketPrint(job: PrintJobView | null, printer: PrinterView | null): TicketPrint {
  if (!job) return 'none';
  if (job.state === 'queued') return printer && !WORKING.includes(printer.state) ? 'failed' : 'printing';
  return job.state;
}
