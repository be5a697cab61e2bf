import express from 'express';
import type { Logger } from 'pino';
import { authorize } from '../access/authenticate.js';
import type { AccessStore } from '../access/store.js';
import { sendError } from '../web/errors.js';
import { files, type OfficeConfig } from '@junban/protocol';
import type { PrinterConnections } from './connections.js';
import { renderTicket } from './render.js';

/**
 * A virtual printer's tickets as pictures (`/printers/<id>/virtual/<n>.png`, 0 the newest; declared in `files`): what the demo shows
 * instead of paper, and what tests look at. Staff only, like the tickets on a real printer's tray.
 */
export function virtualTicketImages(access: AccessStore, config: () => OfficeConfig, printers: PrinterConnections, log: Logger) {
  const router = express.Router();
  router.get(files.virtualTicketImage.path, async (req, res) => {
    try {
      authorize(access, req.headers, files.virtualTicketImage.permission);
    } catch (err) {
      sendError(res, err, log);
      return;
    }
    const printer = config().printers.find((p) => p.id === req.params.printerId && p.connection.kind === 'virtual');
    const jobs = printer ? printers.virtual(printer.id, true)!.jobs() : [];
    const n = String(req.params.n);
    const job = /^\d{1,3}$/.test(n) ? jobs[jobs.length - 1 - Number(n)] : undefined;
    if (!printer || !job) {
      res.status(404).json({ error: { code: 'print/not_found', message: 'No such ticket on a virtual printer.' } });
      return;
    }
    res
      .type('png')
      .set('cache-control', 'no-store')
      .send(await renderTicket(job.bytes, { paperWidth: printer.paperWidth, model: printer.model }));
  });
  return router;
}
