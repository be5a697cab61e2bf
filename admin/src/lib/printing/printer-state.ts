import type { KioskView, PrinterState, PrinterView, PublicView } from '@junban/protocol/screens';

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

export const printerStates: Record<PrinterState, StateInfo> = {
  ready: { ja: '正常', en: 'Ready' },
  paper_near_end: {
    ja: '用紙残りわずか',
    en: 'Paper low',
    trouble: 'low',
    advice: { ja: 'まもなくロール紙を交換してください', en: 'Change the roll soon' },
  },
  paper_out: { ja: '用紙切れ', en: 'Paper out', trouble: 'fault', advice: { ja: 'ロール紙を補充してください', en: 'Load a new paper roll' } },
  cover_open: { ja: 'カバーが開いています', en: 'Cover open', trouble: 'fault', advice: { ja: 'カバーを閉じてください', en: 'Close the cover' } },
  // An Epson TM reports "offline" for what stops it other than paper and cover: mostly a jammed cutter.
  offline: {
    ja: 'エラー停止中',
    en: 'Stopped with an error',
    trouble: 'fault',
    advice: { ja: '紙詰まりを取り除き、電源を入れ直してください', en: 'Clear any paper jam, then switch it off and on' },
  },
  unreachable: {
    ja: '応答なし',
    en: 'Not responding',
    trouble: 'fault',
    advice: { ja: '電源とケーブルを確認してください', en: 'Check the power and the cable' },
  },
  // Not asked yet since the server started, or a ticket was printing when it stopped: nothing to alarm anyone about.
  unknown: { ja: '不明', en: 'Unknown' },
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
