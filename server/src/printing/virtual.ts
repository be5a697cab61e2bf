/**
 * A printer that exists only in memory: the demo's printer and the tests'. It keeps the exact bytes of the latest
 * jobs (to render them as images) and plays a state set by hand, answering DLE EOT like an Epson TM would, so the
 * code that reads status cannot tell it from the real thing.
 */
import { PrinterError, type PrinterTransport } from './printer.js';
import type { StatusBytes } from './status.js';

export const scriptedStates = ['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'silent'] as const;
export type ScriptedState = (typeof scriptedStates)[number];

const FIXED = 0x12;
// What a TM printer answers to DLE EOT 1-4 in each situation. 'offline' plays an autocutter jam, the usual reason
// a working printer stops; paper out and cover open also raise the offline bit of DLE EOT 1, as on real models.
const answers: Record<Exclude<ScriptedState, 'silent'>, StatusBytes> = {
  ready: { printer: FIXED, offline: FIXED, error: FIXED, paper: FIXED },
  paper_near_end: { printer: FIXED, offline: FIXED, error: FIXED, paper: FIXED | 0x0c },
  paper_out: { printer: FIXED | 0x08, offline: FIXED | 0x20, error: FIXED, paper: FIXED | 0x0c | 0x60 },
  cover_open: { printer: FIXED | 0x08, offline: FIXED | 0x04, error: FIXED, paper: FIXED },
  offline: { printer: FIXED | 0x08, offline: FIXED | 0x40, error: FIXED | 0x08, paper: FIXED },
};

/** The byte a printer in `state` sends back for `request`, or null if it would stay silent. */
export function statusAnswer(state: ScriptedState, request: Uint8Array): number | null {
  if (state === 'silent' || request.length !== 3 || request[0] !== 0x10 || request[1] !== 0x04) return null;
  const bytes = answers[state];
  switch (request[2]) {
    case 1:
      return bytes.printer;
    case 2:
      return bytes.offline;
    case 3:
      return bytes.error;
    case 4:
      return bytes.paper;
    default:
      return null;
  }
}

const refusal: Partial<Record<ScriptedState, string>> = {
  paper_out: 'the printer is out of paper',
  cover_open: 'the printer cover is open',
  offline: 'the printer is offline (error)',
  silent: 'the printer does not answer',
};

/** Tells why a printer in `state` would not print, or undefined when it would. */
export const whyNotPrinting = (state: ScriptedState): string | undefined => refusal[state];

export interface VirtualJob {
  bytes: Uint8Array;
  at: Date;
}

export class VirtualPrinter implements PrinterTransport {
  state: ScriptedState = 'ready';
  private readonly kept: VirtualJob[] = [];

  /** `keep` bounds memory on a demo that runs for weeks. */
  constructor(private readonly keep = 50) {}

  setState(state: ScriptedState): void {
    this.state = state;
  }

  /** Latest jobs, oldest first. */
  jobs(): readonly VirtualJob[] {
    return this.kept;
  }

  lastJob(): VirtualJob | undefined {
    return this.kept.at(-1);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const why = whyNotPrinting(this.state);
    if (why) throw new PrinterError(`virtual printer: ${why}`);
    // A copy, so a caller reusing its buffer cannot change a ticket already "printed".
    this.kept.push({ bytes: Uint8Array.from(bytes), at: new Date() });
    if (this.kept.length > this.keep) this.kept.splice(0, this.kept.length - this.keep);
  }

  // Nothing could arrive later, so there is no point in making the caller wait out timeoutMs.
  async query(request: Uint8Array, _timeoutMs: number): Promise<number | null> {
    return statusAnswer(this.state, request);
  }

  async close(): Promise<void> {}
}
