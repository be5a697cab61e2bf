import { JunbanError, type OfficeConfig } from '@junban/protocol';

/** The printer's id if the configuration has it, else null (a kiosk set to a printer since removed prints nowhere). */
export function knownPrinter(config: OfficeConfig, printerId: string | null | undefined): string | null {
  return printerId && config.printers.some((p) => p.id === printerId) ? printerId : null;
}

/** A printer a caller names must exist. */
export function assertKnownPrinter(config: OfficeConfig, printerId: string | null | undefined): void {
  if (printerId && !knownPrinter(config, printerId)) throw new JunbanError('printer/not_found', `Unknown printer "${printerId}".`);
}
