/**
 * The bytes of one queue ticket. Japanese text is printed by the printer's own kanji font where it has one; whatever
 * the font cannot show (another script, a printer without kanji) is drawn into a bitmap; and if even drawing is
 * impossible here, the line is printed in English, so a ticket always comes out.
 */
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import type { Language } from '@junban/protocol';
import { type Align, type Bitmap, EscPos, columnsOf, normalizeForCp932, printableWithFont } from './escpos.js';
import { cssFamiliesFor, registerShippedFonts } from './fonts.js';
import { mayLeave, residentMayLeave } from './words.js';

export interface TicketContent {
  office: string;
  number: string;
  /** Japanese names */
  procedures: string[];
  /** already formatted local time, e.g. "2026/11/22 10:15" */
  issuedAt: string;
  peopleAhead: number;
  estimateMinutes: number | null;
  statusUrl: string;
  /** The status page is at a linked city that may send notices: "you may leave" says the phone can be told too. */
  notices?: boolean;
  language: Language;
  /** one line in the resident's language, given when language !== 'ja' */
  residentLine?: string;
  reprint?: boolean;
}

export interface TicketPrinter {
  model: 'tm-t88' | 'tm-m30';
  paperWidth: 58 | 80;
  codePage: 'shift_jis' | 'raster';
}

/**
 * Printable dots per line.
 * TM-T88 (180 dpi): 512 dots on 80 mm, 360 on 58 mm — the GS W default print area Epson's ESC/POS reference gives
 * for the TM-T88III (nL=0 nH=2; nL=104 nH=1), 72 mm and 50.8 mm.
 * TM-m30 (203 dpi): 576 dots on 80 mm (72 mm), 420 on 58 mm (52.5 mm) — Epson's TM-m30II Technical Reference
 * Guide, which gives 48 and 35 Font A characters per line. (384 dots is the 48 mm area of generic 58 mm printers.)
 */
export const DOTS_PER_LINE = { 'tm-t88': { 80: 512, 58: 360 }, 'tm-m30': { 80: 576, 58: 420 } } as const;

/** Font A is 12 × 24 dots for single-byte characters and 24 × 24 for kanji on both models. */
const FONT_A = { width: 12, height: 24 };

/** Continuation lines of a wrapped procedure start under its name, past the "・". */
const PROCEDURE_INDENT = '  ';

/** Draws text into a bitmap `width` dots wide, wrapping as needed; null when it cannot. */
export type Rasterizer = (
  text: string,
  style: { width: number; scale: number; bold: boolean; align: Align; indent: string; language: Language },
) => Bitmap | null;

export interface TicketOptions {
  /** How lines the printer's font cannot show are drawn; null prints them in English instead. Default: canvas. */
  rasterize?: Rasterizer | null;
}

export const dotsOf = (printer: TicketPrinter): number => DOTS_PER_LINE[printer.model][printer.paperWidth];
export const columnsPerLine = (printer: TicketPrinter): number => Math.floor(dotsOf(printer) / FONT_A.width);

/** Largest GS ! multiplier (1..8) at which `number` still fits on one line. */
export function numberScale(number: string, printer: TicketPrinter): number {
  const width = Math.max(1, columnsOf(normalizeForCp932(number, printer.codePage === 'shift_jis')));
  return Math.max(1, Math.min(8, Math.floor(columnsPerLine(printer) / width)));
}

/**
 * QR module size in dots: the largest up to 6 at which the symbol and its 4-module quiet zone fit the paper.
 * 6 dots is 0.75-0.85 mm per module, large enough for any phone from arm's length.
 */
export function qrModuleSize(url: string, printer: TicketPrinter): number | null {
  // Status links all have the same length, and measuring a symbol costs more than the rest of the ticket.
  const key = `${url.length}:${dotsOf(printer)}`;
  if (!moduleSizes.has(key)) moduleSizes.set(key, measureQrModuleSize(url, printer));
  return moduleSizes.get(key)!;
}
const moduleSizes = new Map<string, number | null>();

function measureQrModuleSize(url: string, printer: TicketPrinter): number | null {
  try {
    // Byte mode throughout, as the printer may encode it: its symbol is then never larger than the one measured.
    const segments = [{ data: new TextEncoder().encode(url), mode: 'byte' as const }];
    const modules = QRCode.create(segments, { errorCorrectionLevel: 'M' }).modules.size + 8;
    const size = Math.min(6, Math.floor(dotsOf(printer) / modules));
    return size >= 1 ? size : null;
  } catch {
    return null; // too long for any QR version: the ticket goes out without one
  }
}

const wordy = (ch: string) => /[\p{Script=Latin}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Greek}\p{Nd}]/u.test(ch);
/** Characters that must not start a line (closing brackets, punctuation, the long-vowel mark). */
const noLineStart = (ch: string) => /[、。，．）」』】〕！？ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ)\]}.,!?:;%]/u.test(ch);

/**
 * Greedy line breaking for mixed text: Latin and Hangul words break at spaces, kanji and kana between any two
 * characters, and no line starts with closing punctuation. A word wider than the line is cut where it must be.
 */
export function wrap(text: string, max: number, measure: (s: string) => number, indent = ''): string[] {
  const lines: string[] = [];
  let rest = [...text.trim()];
  let prefix = '';
  while (rest.length > 0) {
    let fit = 0;
    while (fit < rest.length && measure(prefix + rest.slice(0, fit + 1).join('')) <= max) fit++;
    if (fit === rest.length) {
      lines.push(prefix + rest.join(''));
      break;
    }
    let cut = Math.max(1, fit);
    for (let k = cut; k > 0; k--) {
      const before = rest[k - 1]!;
      const after = rest[k]!;
      if (before === ' ' || after === ' ' || (!(wordy(before) && wordy(after)) && !noLineStart(after))) {
        cut = k;
        break;
      }
    }
    lines.push((prefix + rest.slice(0, cut).join('')).trimEnd());
    rest = [...rest.slice(cut).join('').trimStart()];
    prefix = indent;
  }
  return lines;
}

interface Say {
  text: string;
  /** What to print on a printer that can neither show nor draw `text`; undefined drops the line there. */
  en?: string;
  scale?: number;
  bold?: boolean;
  indent?: string;
  /** The language of `text`, which decides how shared Han characters are drawn. Default: Japanese. */
  language?: Language;
}

class TicketWriter {
  readonly out = new EscPos();
  private align: Align = 'left';

  constructor(
    private readonly printer: TicketPrinter,
    private readonly rasterize: Rasterizer | null,
  ) {}

  setAlign(align: Align): this {
    this.align = align;
    this.out.align(align);
    return this;
  }

  /** One logical line, wrapped, through the first of: the printer's font, a bitmap, English. */
  say({ text, en, scale = 1, bold = false, indent = '', language = 'ja' }: Say): void {
    const japanSet = this.printer.codePage === 'shift_jis';
    const normalized = normalizeForCp932(text, japanSet);
    if (printableWithFont(normalized, this.printer.codePage)) return this.fontLines(normalized, scale, bold, indent);
    if (this.drawn(text, { scale, bold, indent, language })) return;
    if (en !== undefined) return this.fontLines(japanSet ? normalizeForCp932(en, true) : en.replace(/[^\x20-\x7e]/g, '?'), scale, bold, '');
    // A kanji printer can still show most of a Japanese line; '?' marks only what CP932 lacks.
    if (japanSet) this.fontLines(normalized, scale, bold, indent);
  }

  private fontLines(text: string, scale: number, bold: boolean, indent: string): void {
    const columns = Math.max(1, Math.floor(columnsPerLine(this.printer) / scale));
    if (scale > 1) this.out.size(scale, scale);
    if (bold) this.out.bold(true);
    for (const line of wrap(text, columns, columnsOf, indent)) this.out.line(line);
    if (bold) this.out.bold(false);
    if (scale > 1) this.out.size(1, 1);
  }

  private drawn(text: string, { scale, bold, indent, language }: { scale: number; bold: boolean; indent: string; language: Language }): boolean {
    if (!this.rasterize) return false;
    try {
      // GS v 0 takes whole bytes; rounding down keeps the image inside the printable area (420 dots -> 416).
      const width = Math.floor(dotsOf(this.printer) / 8) * 8;
      // A drawn "・" is as wide as an ideographic space, not as two proportional ASCII spaces.
      const drawnIndent = '\u3000'.repeat(Math.floor(indent.length / 2)) + ' '.repeat(indent.length % 2);
      const image = this.rasterize(text, { width, scale, bold, align: this.align, indent: drawnIndent, language });
      if (!image) return false;
      this.out.raster(image);
      return true;
    } catch {
      return false;
    }
  }

  rule(): void {
    this.out.line('-'.repeat(columnsPerLine(this.printer)));
  }
}

/** The ticket. Sync: drawing with @napi-rs/canvas is synchronous. */
export function ticketBytes(content: TicketContent, printer: TicketPrinter, options: TicketOptions = {}): Uint8Array {
  // Most tickets need no drawing: the canvas module (tens of MB) is loaded only for the first line that does.
  const rasterize =
    options.rasterize === undefined ? (text: string, style: Parameters<Rasterizer>[1]) => canvasRasterizer()?.(text, style) ?? null : options.rasterize;
  const t = new TicketWriter(printer, rasterize);
  const minutes = content.estimateMinutes;

  t.out.initialize();
  if (printer.codePage === 'shift_jis') t.out.japanese();

  t.setAlign('center');
  t.say({ text: content.office, bold: true });
  t.rule();
  t.say({ text: '受付番号', en: 'Your number' });
  t.say({ text: content.number, en: content.number, scale: numberScale(content.number, printer), bold: true });
  t.rule();

  t.setAlign('left');
  content.procedures.forEach((name, i) =>
    t.say({ text: `・${name}`, indent: PROCEDURE_INDENT, ...(i === 0 ? { en: `Procedures: ${content.procedures.length}` } : {}) }),
  );
  t.say({ text: `発行日時 ${content.issuedAt}`, en: `Issued ${content.issuedAt}` });
  t.say({ text: `お待ちの方 ${content.peopleAhead}人`, en: `Waiting ahead: ${content.peopleAhead}` });
  t.say(
    minutes === null
      ? { text: '待ち時間の目安なし', en: 'Estimated wait: none yet' }
      : { text: `待ち時間の目安 約${minutes}分`, en: `Estimated wait: about ${minutes} min` },
  );

  t.setAlign('center');
  const moduleSize = qrModuleSize(content.statusUrl, printer);
  if (moduleSize !== null) {
    // A blank line above and below keeps text out of the QR's quiet zone, which phones need to find it.
    t.out.feed(1).qr(content.statusUrl, moduleSize, 'M').feed(1);
    t.say({ text: '順番の状況はこちら', en: 'Scan to follow your turn' });
    // With the QR code in hand the resident need not wait by the display.
    for (const line of mayLeave(content.notices ?? false)) t.say(line);
  }
  if (content.language !== 'ja' && content.residentLine) {
    t.say({ text: content.residentLine, en: `Your number is ${content.number}. Please watch the screen.`, language: content.language });
  }
  if (content.language !== 'ja' && moduleSize !== null) {
    const leave = residentMayLeave[content.language](content.notices ?? false);
    t.say({ text: leave, en: residentMayLeave.en(content.notices ?? false), language: content.language });
  }
  if (content.reprint) t.say({ text: '再発行', en: 'REPRINT', scale: 2, bold: true });

  t.out.feed(2).cut(0);
  return t.out.bytes();
}

// ---- drawing with @napi-rs/canvas ---------------------------------------------------------------------------

type Canvas = typeof import('@napi-rs/canvas');
let canvas: Canvas | null | undefined;

/** Loaded lazily and only once: a missing native binary must not stop the server or the ticket. */
function loadCanvas(): Canvas | null {
  if (canvas !== undefined) return canvas;
  try {
    canvas = createRequire(import.meta.url)('@napi-rs/canvas') as Canvas;
    registerShippedFonts(canvas.GlobalFonts);
  } catch {
    canvas = null;
  }
  return canvas;
}

export function canvasRasterizer(): Rasterizer | null {
  const mod = loadCanvas();
  if (!mod) return null;
  return (text, { width, scale, bold, align, indent, language }) => {
    const px = FONT_A.height * scale;
    const lineHeight = Math.ceil(px * 1.3);
    const font = `${bold ? 'bold ' : ''}${px}px ${cssFamiliesFor(language)}`;
    const measuring = mod.createCanvas(width, lineHeight).getContext('2d');
    measuring.font = font;
    const lines = wrap(text.normalize('NFC'), width, (s) => measuring.measureText(s).width, indent);
    if (lines.length === 0) return null;
    const page = mod.createCanvas(width, lineHeight * lines.length);
    const ctx = page.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, page.width, page.height);
    ctx.fillStyle = '#000';
    ctx.font = font;
    ctx.textBaseline = 'middle';
    lines.forEach((line, i) => {
      const w = ctx.measureText(line).width;
      const x = align === 'left' ? 0 : align === 'center' ? (width - w) / 2 : width - w;
      ctx.fillText(line, Math.max(0, x), i * lineHeight + lineHeight / 2);
    });
    return toBitmap(ctx.getImageData(0, 0, page.width, page.height));
  };
}

/** Thresholds at mid-grey; an all-white result means no font drew anything, which the caller treats as failure. */
function toBitmap(image: { width: number; height: number; data: Uint8ClampedArray }): Bitmap | null {
  const rowBytes = Math.ceil(image.width / 8);
  const data = new Uint8Array(rowBytes * image.height);
  let black = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const luminance = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      if (luminance < 128) {
        data[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
        black++;
      }
    }
  }
  return black > 0 ? { width: image.width, height: image.height, data } : null;
}
