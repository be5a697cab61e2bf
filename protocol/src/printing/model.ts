/** Printers, their state, and the tickets sent to them. */
import { z } from 'zod';
import { Id, Slug } from '../common/model.js';

/** What a printer answered when last asked between jobs (DLE EOT), or 'unreachable' when it did not answer. */
export const PrinterState = z.enum(['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'unreachable', 'unknown']);
export type PrinterState = z.infer<typeof PrinterState>;

/** How the office reaches a printer. */
export const PrinterConnection = z.discriminatedUnion('kind', [
  /** An Ethernet printer taking raw ESC/POS on TCP (port 9100); the server drives it. */
  z.object({ kind: z.literal('network'), host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535).default(9100) }),
  /**
   * A printer on the server's own USB port: the kernel's printer device (e.g. /dev/usb/lp0), or, with no path,
   * the first ESC/POS printer found through libusb (optionally by vendor and product id).
   */
  z.object({
    kind: z.literal('usb'),
    path: z.string().max(200).optional(),
    vendorId: z.number().int().min(0).max(0xffff).optional(),
    productId: z.number().int().min(0).max(0xffff).optional(),
  }),
  /** A printer on a kiosk PC, driven by the print agent (`junban print-agent`) signed in as this device. */
  z.object({ kind: z.literal('agent'), deviceId: Id }),
  /** Keeps the exact bytes and renders them as images: the demo's printer and the tests'. */
  z.object({ kind: z.literal('virtual') }),
]);
export type PrinterConnection = z.infer<typeof PrinterConnection>;

export const Printer = z.object({
  id: Slug,
  name: z.string().trim().min(1).max(100),
  connection: PrinterConnection,
  /** Sets the printable width in dots and characters: Epson TM-T88 (180 dpi) or TM-m30 (203 dpi) class. */
  model: z.enum(['tm-t88', 'tm-m30']).default('tm-m30'),
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
  /**
   * shift_jis: Japanese models print kanji themselves (FS C 1, ESC t 1, ESC R 8).
   * raster: models without a kanji font get every non-ASCII line as an image.
   */
  codePage: z.enum(['shift_jis', 'raster']).default('shift_jis'),
});
export type Printer = z.infer<typeof Printer>;

/** A ticket sent to a printer: queued, printed, or failed (the resident has the number on screen; staff reprint it). */
export const PrintJobView = z.object({
  id: Id,
  visitId: Id,
  number: z.string(),
  printerId: Slug,
  state: z.enum(['queued', 'printed', 'failed']),
  /** Why it failed: the printer's state at the time. */
  problem: PrinterState.optional(),
  at: z.number(),
  reprint: z.boolean(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

/** A printer as staff and kiosks see it: its last known state, and today's tickets it failed to print. */
export const PrinterView = z.object({
  id: Slug,
  name: z.string(),
  state: PrinterState,
  /** When the state was last read from the printer; null if never. */
  checkedAt: z.number().nullable(),
  /** Tickets still to be reprinted, oldest first. */
  failed: z.array(PrintJobView),
});
export type PrinterView = z.infer<typeof PrinterView>;

/** A kiosk that issued too many tickets in a short time (a child at the buttons) is slowed down until this instant. */
export const KioskView = z.object({ deviceId: Id, name: z.string(), limitedUntil: z.number().nullable() });
export type KioskView = z.infer<typeof KioskView>;
