/** The printing endpoints: printers, their state and tickets (and a virtual printer's pictures). Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { Ok, endpoint, fileRoute, idMatchesPath } from '../common/endpoint.js';
import { Id, Slug } from '../common/model.js';
import { PrintJobView, Printer, PrinterView } from './model.js';
import { printingRoutes } from './routes.js';
import { OfficeConfig } from '../setup/model.js';

export const printingApi = {
  printers: endpoint({
    ...printingRoutes.printers,
    permission: 'public:read',
    summary: "Each printer's last known state and the tickets it failed to print today.",
    input: z.object({}),
    output: z.array(PrinterView),
  }),
  reprint: endpoint({
    ...printingRoutes.reprint,
    permission: 'visit:edit',
    errors: ['print/not_found', 'printer/not_found', 'visit/not_found'],
    summary: 'Print a ticket again, on the same printer or another; the number stays the same.',
    input: z.object({ jobId: Id, printerId: Slug.optional() }),
    output: PrintJobView,
  }),
  testPrint: endpoint({
    ...printingRoutes.testPrint,
    permission: 'config:write',
    summary: 'Print a test ticket and report the printer state.',
    errors: ['printer/not_found'],
    input: z.object({ printerId: Slug }),
    output: PrinterView,
  }),
  virtualPrints: endpoint({
    ...printingRoutes.virtualPrints,
    permission: 'queue:read',
    errors: ['printer/not_found'],
    summary: "A virtual printer's latest tickets, newest first, as the exact bytes (base64) it received.",
    input: z.object({ printerId: Slug }),
    output: z.array(z.object({ at: z.number(), bytes: z.string() })),
  }),
  liftKioskLimit: endpoint({
    ...printingRoutes.liftKioskLimit,
    permission: 'visit:edit',
    errors: ['access/not_found'],
    summary: 'Let a kiosk that was slowed down issue tickets again at once.',
    input: z.object({ deviceId: Id }),
    output: Ok,
  }),
  putPrinter: endpoint({
    ...printingRoutes.putPrinter,
    permission: 'config:write',
    summary: 'Add or change a printer.',
    input: Printer.extend({ printerId: Slug, id: Slug.optional() }).refine(...idMatchesPath('printerId')),
    output: OfficeConfig,
  }),
  deletePrinter: endpoint({
    ...printingRoutes.deletePrinter,
    permission: 'config:write',
    summary: 'Remove a printer; kiosks using it show numbers on screen only.',
    errors: ['printer/not_found'],
    input: z.object({ printerId: Slug }),
    output: OfficeConfig,
  }),
} as const;

/** The printing routes that answer a file (see `files` in api.ts). */
export const printingFiles = {
  virtualTicketImage: fileRoute({
    method: 'GET',
    path: '/printers/:printerId/virtual/:n.png',
    permission: 'queue:read',
    contentType: 'image/png',
    errors: ['print/not_found'],
    summary: "A virtual printer's ticket as a picture, 0 the newest: what the demo shows instead of paper.",
    input: z.object({ printerId: Slug, n: z.string().regex(/^\d{1,3}$/, '0 for the newest ticket, 1 the one before…') }),
  }),
} as const;
