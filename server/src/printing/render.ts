/**
 * A virtual printer's view of ESC/POS bytes: the subset our encoder emits (escpos.ts), interpreted the way an
 * Epson TM prints it, drawn as a PNG for people and tests. Anything else is skipped by its known length, or byte by
 * byte when unknown, so no input can make it throw or draw forever.
 */
import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import { cssFamiliesFor, registerShippedFonts } from './fonts.js';
import { DOTS_PER_LINE } from './ticket.js';

export interface RenderOptions {
  paperWidth?: 58 | 80;
  model?: 'tm-t88' | 'tm-m30';
}

interface Cell {
  ch: string;
  x: number;
  width: number;
  scaleX: number;
  scaleY: number;
  bold: boolean;
}

type Item =
  | { kind: 'text'; y: number; height: number; cells: Cell[] }
  | { kind: 'image'; x: number; y: number; width: number; height: number; rowBytes: number; data: Uint8Array }
  | { kind: 'qr'; x: number; y: number; module: number; size: number; dark: (row: number, col: number) => boolean }
  | { kind: 'cut'; y: number };

/** Paper longer than this (about 2.5 m) is not a ticket; the view stops there rather than allocate without end. */
const MAX_HEIGHT = 20_000;
const GLYPH = { narrow: 12, wide: 24, height: 24, baseline: 21 };

/** Runs the bytes through a model of the printer's state and returns what lands on the paper. */
function interpret(bytes: Uint8Array, dots: number, lineSpacing: number): { items: Item[]; lines: string[]; height: number } {
  const items: Item[] = [];
  const lines: string[] = [];
  let y = 0;
  let cells: Cell[] = [];
  let lineWidth = 0;
  const fresh = () => ({ align: 0, bold: false, scaleX: 1, scaleY: 1, kanji: false, shiftJis: false, page: 0, japan: false });
  let s = fresh();
  const qr = { module: 3, level: 'M' as 'L' | 'M' | 'Q' | 'H', data: '' };

  const startX = (width: number) => (s.align === 1 ? Math.max(0, (dots - width) / 2) : s.align === 2 ? Math.max(0, dots - width) : 0);

  const printLine = () => {
    if (cells.length === 0) return;
    const height = Math.max(...cells.map((c) => GLYPH.height * c.scaleY));
    const offset = startX(lineWidth);
    items.push({ kind: 'text', y, height, cells: cells.map((c) => ({ ...c, x: c.x + offset })) });
    lines.push(cells.map((c) => c.ch).join(''));
    y += Math.max(lineSpacing, height);
    cells = [];
    lineWidth = 0;
  };

  const addChar = (ch: string, wide: boolean) => {
    const width = (wide ? GLYPH.wide : GLYPH.narrow) * s.scaleX;
    if (lineWidth + width > dots && cells.length > 0) printLine(); // the printer wraps a full line by itself
    cells.push({ ch, x: lineWidth, width, scaleX: s.scaleX, scaleY: s.scaleY, bold: s.bold });
    lineWidth += width;
  };

  const isLead = (b: number) => (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
  const isTrail = (b: number) => b >= 0x40 && b <= 0xfc && b !== 0x7f;

  let i = 0;
  const has = (n: number) => i + n <= bytes.length;
  const at = (k: number) => bytes[i + k] ?? 0;

  while (i < bytes.length && y < MAX_HEIGHT) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      // LF on an empty buffer still feeds a line
      if (cells.length === 0) y += lineSpacing;
      printLine();
      i += 1;
    } else if (b === 0x1b) {
      if (!has(2)) break;
      const c = at(1);
      const n = at(2);
      const one = has(3);
      switch (c) {
        case 0x40:
          s = fresh();
          cells = [];
          lineWidth = 0;
          i += 2;
          break; // ESC @
        case 0x61:
          if (!one) return done();
          s.align = n % 48 <= 2 ? n % 48 : 0;
          i += 3;
          break; // ESC a
        case 0x45:
          if (!one) return done();
          s.bold = (n & 1) === 1;
          i += 3;
          break; // ESC E
        case 0x74:
          if (!one) return done();
          s.page = n;
          i += 3;
          break; // ESC t
        case 0x52:
          if (!one) return done();
          s.japan = n === 8;
          i += 3;
          break; // ESC R
        case 0x64:
          if (!one) return done();
          printLine();
          y += n * lineSpacing;
          i += 3;
          break; // ESC d
        case 0x4a:
          if (!one) return done();
          printLine();
          y += n;
          i += 3;
          break; // ESC J (dots)
        case 0x33:
          if (!one) return done();
          lineSpacing = n;
          i += 3;
          break; // ESC 3
        case 0x32:
          i += 2;
          break; // ESC 2
        case 0x24:
        case 0x5c:
          i += 4;
          break; // ESC $, ESC \
        case 0x70:
          i += 5;
          break; // ESC p
        case 0x63:
          i += 4;
          break; // ESC c
        case 0x57:
          i += 10;
          break; // ESC W
        case 0x44: {
          // ESC D: tab stops up to NUL
          let k = 2;
          while (has(k + 1) && at(k) !== 0 && k < 40) k++;
          i += k + 1;
          break;
        }
        case 0x2a: {
          // ESC * m nL nH: column image, skipped
          if (!has(5)) return done();
          i += 5 + (at(3) + at(4) * 256) * (at(2) >= 32 ? 3 : 1);
          break;
        }
        default:
          // ESC ! - G M V { SP r U T = ? and others take one parameter; the rest none
          i += '!-GMV{ rUT=?'.includes(String.fromCharCode(c)) ? 3 : 2;
      }
    } else if (b === 0x1d) {
      if (!has(2)) break;
      const c = at(1);
      if (c === 0x21 && has(3)) {
        // GS !
        s.scaleX = ((at(2) >> 4) & 7) + 1;
        s.scaleY = (at(2) & 7) + 1;
        i += 3;
      } else if (c === 0x56 && has(3)) {
        // GS V
        const m = at(2);
        printLine();
        items.push({ kind: 'cut', y: y + 8 });
        y += 32;
        i += [65, 66, 97, 98, 103, 104].includes(m) ? 4 : 3;
      } else if (c === 0x76 && at(2) === 0x30 && has(8)) {
        // GS v 0
        printLine();
        const rowBytes = at(4) + at(5) * 256;
        const claimed = at(6) + at(7) * 256;
        const height = rowBytes === 0 ? 0 : Math.min(claimed, Math.floor((bytes.length - i - 8) / rowBytes), MAX_HEIGHT - y);
        const width = Math.min(rowBytes * 8, dots);
        if (height > 0 && width > 0) {
          items.push({ kind: 'image', x: startX(width), y, width, height, rowBytes, data: bytes.subarray(i + 8, i + 8 + rowBytes * height) });
          y += height;
        }
        i += 8 + rowBytes * claimed;
      } else if (c === 0x28 && has(5)) {
        // GS ( X pL pH ...
        const length = at(3) + at(4) * 256;
        if (at(2) === 0x6b && length >= 3 && has(5 + length) && at(5) === 0x31) y = symbol(at(6), bytes.subarray(i + 7, i + 5 + length));
        i += 5 + length;
      } else if (c === 0x6b && has(3)) {
        // GS k barcode: NUL-terminated or counted data
        const m = at(2);
        if (m <= 6) {
          let k = 3;
          while (has(k + 1) && at(k) !== 0) k++;
          i += k + 1;
        } else {
          i += 4 + at(3);
        }
      } else {
        // GS B H I a b f h w r E / take one parameter; GS L W P $ \ two; the rest none
        const ch = String.fromCharCode(c);
        i += 'BHIabfhwrE/'.includes(ch) ? 3 : 'LWP$\\'.includes(ch) ? 4 : 2;
      }
    } else if (b === 0x1c) {
      if (!has(2)) break;
      const c = at(1);
      if (c === 0x26) {
        s.kanji = true;
        i += 2;
      } // FS &
      else if (c === 0x2e) {
        s.kanji = false;
        i += 2;
      } // FS .
      else if (c === 0x43 && has(3)) {
        s.shiftJis = at(2) === 1 || at(2) === 49;
        i += 3;
      } // FS C
      else if (c === 0x53 || c === 0x70)
        i += 4; // FS S, FS p
      else if (c === 0x32)
        i += 4 + 72; // FS 2: a user-defined kanji
      else if (c === 0x28 && has(5))
        i += 5 + at(3) + at(4) * 256; // FS ( X
      else i += '!-W'.includes(String.fromCharCode(c)) ? 3 : 2;
    } else if (b === 0x10) {
      i += has(3) && at(1) === 0x14 ? 5 : 3; // DLE EOT/ENQ n, DLE DC4 fn a b: real-time, nothing printed
    } else if ((s.kanji || s.shiftJis) && isLead(b) && has(2) && isTrail(at(1))) {
      addChar(iconv.decode(Buffer.from([b, at(1)]), 'CP932'), true);
      i += 2;
    } else if (b >= 0x20 && b < 0x7f) {
      addChar(s.japan && b === 0x5c ? '¥' : s.japan && b === 0x7e ? '‾' : String.fromCharCode(b), false);
      i += 1;
    } else if (b >= 0xa1 && b <= 0xdf && s.page === 1) {
      addChar(String.fromCharCode(0xff61 + b - 0xa1), false);
      i += 1;
    } else {
      i += 1; // other control codes and code-page bytes we never send
    }
  }
  return done();

  function done() {
    printLine();
    return { items, lines, height: Math.min(y, MAX_HEIGHT) };
  }

  /** GS ( k cn=49 (QR Code): the settings, the stored data, and printing it. */
  function symbol(fn: number, params: Uint8Array): number {
    if (fn === 0x43 && params[0] !== undefined) qr.module = Math.min(16, Math.max(1, params[0]));
    else if (fn === 0x45 && params[0] !== undefined) qr.level = (['L', 'M', 'Q', 'H'] as const)[params[0] - 0x30] ?? 'M';
    else if (fn === 0x50) qr.data = new TextDecoder().decode(params.subarray(1));
    else if (fn === 0x51 && qr.data.length > 0) {
      printLine();
      try {
        const modules = QRCode.create(qr.data, { errorCorrectionLevel: qr.level }).modules;
        const width = modules.size * qr.module;
        items.push({ kind: 'qr', x: startX(width), y, module: qr.module, size: modules.size, dark: (r, c) => modules.get(r, c) === 1 });
        return y + width;
      } catch {
        return y; // data no QR version can hold: a real printer prints nothing either
      }
    }
    return y;
  }
}

const dotsFor = (opts: RenderOptions) => DOTS_PER_LINE[opts.model ?? 'tm-m30'][opts.paperWidth ?? 80];
const lineSpacingFor = (opts: RenderOptions) => ((opts.model ?? 'tm-m30') === 'tm-t88' ? 30 : 34); // 1/6 inch at 180 or 203 dpi

/** The printable text, one printed line per line (blank feeds, images and QR codes leave nothing). */
export function decodeText(bytes: Uint8Array): string {
  return interpret(bytes, dotsFor({}), lineSpacingFor({})).lines.join('\n');
}

/** What the ticket would look like on paper: white, `dots` wide, black print. */
export async function renderTicket(bytes: Uint8Array, opts: RenderOptions = {}): Promise<Buffer> {
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  registerShippedFonts(GlobalFonts);
  const dots = dotsFor(opts);
  const margin = 16;
  const { items, height } = interpret(bytes, dots, lineSpacingFor(opts));
  const canvas = createCanvas(dots, height + margin * 2);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.strokeStyle = '#000';
  for (const item of items) {
    const top = item.y + margin;
    if (item.kind === 'text') {
      for (const cell of item.cells) {
        ctx.save();
        // Characters of one line share their baseline, as taller ones grow upwards on the printer.
        ctx.translate(cell.x + cell.width / 2, top + item.height - (GLYPH.height - GLYPH.baseline) * cell.scaleY);
        ctx.scale(cell.scaleX, cell.scaleY);
        ctx.font = `${cell.bold ? 'bold ' : ''}${GLYPH.height}px ${cssFamiliesFor('ja')}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'alphabetic';
        ctx.fillText(cell.ch, 0, 0);
        ctx.restore();
      }
    } else if (item.kind === 'image') {
      const image = ctx.createImageData(item.width, item.height);
      for (let r = 0; r < item.height; r++) {
        for (let x = 0; x < item.width; x++) {
          const on = ((item.data[r * item.rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
          const p = (r * item.width + x) * 4;
          const v = on ? 0 : 255;
          image.data[p] = v;
          image.data[p + 1] = v;
          image.data[p + 2] = v;
          image.data[p + 3] = 255;
        }
      }
      ctx.putImageData(image, item.x, top);
    } else if (item.kind === 'qr') {
      for (let r = 0; r < item.size; r++) {
        for (let c = 0; c < item.size; c++) {
          if (item.dark(r, c)) ctx.fillRect(item.x + c * item.module, top + r * item.module, item.module, item.module);
        }
      }
    } else {
      ctx.setLineDash([8, 6]);
      ctx.beginPath();
      ctx.moveTo(0, top + 0.5);
      ctx.lineTo(dots, top + 0.5);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  return canvas.toBuffer('image/png');
}
