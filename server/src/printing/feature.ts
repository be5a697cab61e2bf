/**
 * Printing, wired: the printers' connections (a print agent reached through the screens' port), the print queue,
 * printing's slice of the API table and the virtual printer's pictures.
 */
import type { Logger } from 'pino';
import type { AccessStore } from '../access/store.js';
import type { ScreensPort } from '../realtime/port.js';
import type { Db } from '../storage/database.js';
import { PrinterConnections } from './connections.js';
import { printingHandlers } from './handlers.js';
import { virtualTicketImages } from './http.js';
import { PrintService, type PrintingOffice } from './service.js';

export function printingFeature(deps: {
  /** The records connection: jobs are written beside the office's commits, not between them. */
  db: Db;
  office: PrintingOffice;
  access: AccessStore;
  log: Logger;
  screens: Pick<ScreensPort, 'agent' | 'devicesChanged' | 'printJobChanged'>;
  /** The visit status page, for the ticket's QR code. */
  statusUrl: (visitId: string) => string;
  /** Whether the status page is at a linked city that may send notices: the ticket says so. */
  notices: () => boolean;
  /** How often idle printers are asked for their state; 0: only around jobs. */
  pollMs: number;
}) {
  const { office, screens, log } = deps;
  const printers = new PrinterConnections((deviceId) => screens.agent(deviceId));
  const printing = new PrintService({
    db: deps.db,
    office,
    log,
    statusUrl: deps.statusUrl,
    notices: deps.notices,
    pollMs: deps.pollMs,
    openDriver: (printer) => printers.open(printer),
    events: { printersChanged: () => screens.devicesChanged(), jobChanged: (kioskId, job) => screens.printJobChanged(kioskId, job) },
  });
  return {
    printing,
    printers,
    handlers: printingHandlers({ office, printing, printers }),
    routes: virtualTicketImages(deps.access, () => office.config, printers, log),
  };
}
