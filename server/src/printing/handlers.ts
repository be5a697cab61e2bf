/** Printing's slice of the API table: printers' states, reprints, test tickets and a virtual printer's tickets. */
import { JunbanError } from '@junban/protocol';
import type { OfficeReader } from '../queue/office.js';
import type { HandlerSlice } from '../web/calls.js';
import type { PrinterConnections } from './connections.js';
import { assertKnownPrinter } from './known.js';
import type { PrintService } from './service.js';

export function printingHandlers(deps: { office: Pick<OfficeReader, 'config'>; printing: PrintService; printers: PrinterConnections }) {
  const { office, printing, printers } = deps;
  return {
    printers: () => printing.views(),
    reprint: ({ jobId, printerId }) => {
      assertKnownPrinter(office.config, printerId);
      return printing.reprint(jobId, printerId);
    },
    testPrint: ({ printerId }) => printing.testPrint(printerId),
    virtualPrints({ printerId }) {
      const printer = office.config.printers.find((p) => p.id === printerId);
      if (printer?.connection.kind !== 'virtual') throw new JunbanError('printer/not_found', `"${printerId}" is not a virtual printer.`);
      return printers
        .virtual(printerId, true)!
        .jobs()
        .map((j) => ({ at: j.at.getTime(), bytes: Buffer.from(j.bytes).toString('base64') }))
        .reverse();
    },
  } satisfies HandlerSlice;
}
