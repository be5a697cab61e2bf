/**
 * One interface for every printer, whatever the cable: the server's print service and the print agent only ever
 * talk to a `PrinterTransport`. Transports move bytes; what the bytes say is built in ticket.ts and read in status.ts.
 */

/** Raised when bytes could not be delivered (unreachable, unplugged mid-ticket, timed out). */
export class PrinterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrinterError';
  }
}

export interface PrinterTransport {
  /**
   * Resolves once the last byte has reached the printer; rejects with PrinterError otherwise. Delivery only: a real
   * printer takes bytes into its buffer even with the cover open, so callers ask the status before and after.
   */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Sends a real-time query (DLE EOT n) and resolves with the printer's one-byte answer,
   * or null when it did not answer within `timeoutMs`. Never rejects.
   */
  query(request: Uint8Array, timeoutMs: number): Promise<number | null>;
  /** Releases the connection; the transport may be used again afterwards (it reconnects). */
  close(): Promise<void>;
}
