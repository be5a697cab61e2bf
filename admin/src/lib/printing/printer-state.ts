import type { KioskView, PrinterState, PrinterView, PublicView } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/**
 * How much a printer's state matters on the floor. A fault stops tickets now: residents still get their number on
 * the kiosk's screen, but staff must fix the printer and reprint. A low roll only needs changing soon.
 */
export type Trouble = 'fault' | 'low';

interface Text {
  ja: string;
  en: string;
}

interface StateInfo extends Text {
  trouble?: Trouble;
  /** What staff should do about it; every state with a trouble has one. */
  advice?: Text;
}

const state = say.printing.states;
const advice = say.printing.advice;

export const printerStates: Record<PrinterState, StateInfo> = {
  ready: { ja: state.ready.ja(), en: state.ready.en() },
  paper_near_end: {
    ja: state.paperNearEnd.ja(),
    en: state.paperNearEnd.en(),
    trouble: 'low',
    advice: { ja: advice.paperNearEnd.ja(), en: advice.paperNearEnd.en() },
  },
  paper_out: {
    ja: state.paperOut.ja(),
    en: state.paperOut.en(),
    trouble: 'fault',
    advice: { ja: advice.paperOut.ja(), en: advice.paperOut.en() },
  },
  cover_open: {
    ja: state.coverOpen.ja(),
    en: state.coverOpen.en(),
    trouble: 'fault',
    advice: { ja: advice.coverOpen.ja(), en: advice.coverOpen.en() },
  },
  // An Epson TM reports "offline" for what stops it other than paper and cover: mostly a jammed cutter.
  offline: {
    ja: state.offline.ja(),
    en: state.offline.en(),
    trouble: 'fault',
    advice: { ja: advice.offline.ja(), en: advice.offline.en() },
  },
  unreachable: {
    ja: state.unreachable.ja(),
    en: state.unreachable.en(),
    trouble: 'fault',
    advice: { ja: advice.unreachable.ja(), en: advice.unreachable.en() },
  },
  // Not asked yet since the server started, or a ticket was printing when it stopped: nothing to alarm anyone about.
  unknown: { ja: state.unknown.ja(), en: state.unknown.en() },
};

/** "用紙切れ / Paper out" */
export function stateLabel(state: PrinterState): string {
  return `${printerStates[state].ja} / ${printerStates[state].en}`;
}

/** What needs staff's attention in the live view: printers in trouble or with tickets to reprint, slowed kiosks. */
export interface Alerts {
  printers: PrinterView[];
  kiosks: KioskView[];
  count: number;
}

export function alertsOf(view: Pick<PublicView, 'printers' | 'limitedKiosks'>, now: number): Alerts {
  const printers = view.printers.filter((p) => printerStates[p.state].trouble || p.failed.length > 0);
  // The server forgets an expired limit without telling the screens, so the clock decides here.
  const kiosks = view.limitedKiosks.filter((k) => k.limitedUntil === null || k.limitedUntil > now);
  return { printers, kiosks, count: printers.length + kiosks.length };
}
