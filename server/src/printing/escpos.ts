/**
 * The few ESC/POS commands a queue ticket needs, one method each, so every byte can be checked against Epson's
 * ESC/POS command reference. Text goes out as Windows-31J (CP932), which is what Epson's Japanese models decode
 * after FS C 1.
 */
import iconv from 'iconv-lite';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

/** A 1-bit image: `height` rows of ceil(width / 8) bytes, most significant bit leftmost, 1 = black dot. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Characters that JIS X 0208 and Windows-31J map to different code points. Text typed on a Mac or taken from a
 * JIS-based source carries the left-hand one, which CP932 cannot encode (it would print '?'); the right-hand one is
 * what the same Shift_JIS bytes mean in CP932, so the printer prints the glyph the writer meant.
 */
const CP932_EQUIVALENT: Record<string, string> = {
  '\u301C': '\uFF5E', // WAVE DASH 〜 -> FULLWIDTH TILDE ～ (0x8160)
  '\u2016': '\u2225', // DOUBLE VERTICAL LINE ‖ -> PARALLEL TO ∥ (0x8161)
  '\u2212': '\uFF0D', // MINUS SIGN − -> FULLWIDTH HYPHEN-MINUS － (0x817C)
  '\u2014': '\u2015', // EM DASH — -> HORIZONTAL BAR ― (0x815C)
  '\u00A2': '\uFFE0', // CENT SIGN ¢ -> ￠ (0x8191)
  '\u00A3': '\uFFE1', // POUND SIGN £ -> ￡ (0x8192)
  '\u00AC': '\uFFE2', // NOT SIGN ¬ -> ￢ (0x81CA)
  // Not mapping differences, but common in pasted text and absent from CP932 altogether.
  '\u2011': '-', // NON-BREAKING HYPHEN
  '\u2013': '-', // EN DASH
  '\u00A0': ' ', // NO-BREAK SPACE
  '\u00B7': '\u30FB', // MIDDLE DOT -> KATAKANA MIDDLE DOT ・
};

/**
 * Under ESC R 8 (Japan) the printer shows 0x5C as ¥ and 0x7E as ‾, so an ASCII backslash or tilde would print as
 * the wrong sign; their fullwidth forms keep their look.
 */
const JAPAN_SET_EQUIVALENT: Record<string, string> = { '\\': '\uFF3C', '~': '\uFF5E' };

/** Text as CP932 can carry it: composed (NFC), JIS-vs-Microsoft differences mapped, control characters removed. */
export function normalizeForCp932(text: string, japanSet = false): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
    if (/[\u0000-\u001f\u007f]/.test(ch)) continue; // a stray ESC or GS in a name must never become a command
    const mapped = CP932_EQUIVALENT[ch] ?? ch;
    out += japanSet ? (JAPAN_SET_EQUIVALENT[mapped] ?? mapped) : mapped;
  }
  return out;
}

/** CP932 bytes of already-normalised text; characters CP932 lacks become '?'. */
export const encodeCp932 = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'CP932'));

/** Lead bytes of JIS X 0208 rows (0x81-0x84 symbols, 0x88-0x9F and 0xE0-0xEA kanji) in Shift_JIS. */
const isJisX0208Lead = (b: number) => (b >= 0x81 && b <= 0x84) || (b >= 0x88 && b <= 0x9f) || (b >= 0xe0 && b <= 0xea);

/**
 * Whether a printer can print this (normalised) text with its own font. Raster-only printers get ASCII alone.
 * Kanji printers get what round-trips through CP932, minus the NEC and IBM extensions (rows 13, 89-92, 115-119),
 * which Windows has but the JIS X 0208 kanji font of a Japanese printer does not promise.
 */
export function printableWithFont(text: string, codePage: 'shift_jis' | 'raster'): boolean {
  if (codePage === 'raster') return /^[\x20-\x7e]*$/.test(text);
  const bytes = encodeCp932(text);
  if (iconv.decode(Buffer.from(bytes), 'CP932') !== text) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue;
    if (!isJisX0208Lead(b)) return false;
    i++;
  }
  return true;
}

/** Printed width in Font A columns: a single-byte character takes one, a kanji-mode character two. */
export const columnsOf = (text: string): number => encodeCp932(text).length;

export class EscPos {
  private readonly out: number[] = [];
  private japanSet = false;

  private push(...bytes: number[]): this {
    for (const b of bytes) this.out.push(b & 0xff);
    return this;
  }

  private pushAll(bytes: Uint8Array): this {
    for (const b of bytes) this.out.push(b);
    return this;
  }

  /** ESC @ — initialize printer. Clears whatever a half-sent earlier job left in the printer's modes. */
  initialize(): this {
    this.japanSet = false;
    return this.push(ESC, 0x40);
  }

  /** FS C 1 — select Shift_JIS as the kanji code system (Japanese models default to JIS). */
  shiftJisCodeSystem(): this {
    return this.push(FS, 0x43, 1);
  }

  /** ESC t 1 — single-byte page 1 (Katakana), so 0xA1-0xDF print as halfwidth katakana as in CP932. */
  katakanaPage(): this {
    return this.push(ESC, 0x74, 1);
  }

  /** ESC R 8 — international character set Japan (0x5C prints ¥). */
  japanCharacterSet(): this {
    this.japanSet = true;
    return this.push(ESC, 0x52, 8);
  }

  /** FS & — select kanji character mode. Japanese models decode Shift_JIS kanji without it; sent for those that do not. */
  kanjiMode(): this {
    return this.push(FS, 0x26);
  }

  /** The Japanese setup of a kanji printer, in the order Epson's reference lists the commands. */
  japanese(): this {
    return this.shiftJisCodeSystem().katakanaPage().japanCharacterSet().kanjiMode();
  }

  /** ESC a n — justification (0 left, 1 centre, 2 right). */
  align(align: Align): this {
    return this.push(ESC, 0x61, align === 'left' ? 0 : align === 'center' ? 1 : 2);
  }

  /** ESC E n — emphasized (bold) on or off. */
  bold(on: boolean): this {
    return this.push(ESC, 0x45, on ? 1 : 0);
  }

  /** GS ! n — character size: width multiplier in the high nibble, height in the low one, each 1..8. */
  size(width: number, height: number): this {
    const clamp = (n: number) => Math.min(8, Math.max(1, Math.floor(n)));
    return this.push(GS, 0x21, ((clamp(width) - 1) << 4) | (clamp(height) - 1));
  }

  /** Text without a line feed, normalised and encoded as CP932. */
  text(text: string): this {
    return this.pushAll(encodeCp932(normalizeForCp932(text, this.japanSet)));
  }

  /** LF — print the line buffer and feed one line. */
  newline(): this {
    return this.push(LF);
  }

  /** A line of text followed by LF. */
  line(text = ''): this {
    return this.text(text).newline();
  }

  /** GS ( k fn 65 — QR Code: select model 2 (the model every phone reads). */
  qrModel(): this {
    return this.push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0);
  }

  /** GS ( k fn 67 — QR Code: module size in dots (1..16). */
  qrModuleSize(dots: number): this {
    return this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.min(16, Math.max(1, Math.floor(dots))));
  }

  /** GS ( k fn 69 — QR Code: error correction level (48 L, 49 M, 50 Q, 51 H). */
  qrErrorCorrection(level: QrLevel): this {
    return this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(level));
  }

  /** GS ( k fn 80 — QR Code: store the data (UTF-8 bytes); pL pH count the data plus cn, fn and m. */
  qrStore(data: string): this {
    const bytes = new TextEncoder().encode(data);
    if (bytes.length < 1 || bytes.length > 7089) throw new RangeError(`QR data must be 1..7089 bytes, not ${bytes.length}`);
    const length = bytes.length + 3;
    return this.push(GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30).pushAll(bytes);
  }

  /** GS ( k fn 81 — QR Code: print the stored symbol. */
  qrPrint(): this {
    return this.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
  }

  /** A native QR Code: the printer builds the symbol itself, so it is sharp at any module size. */
  qr(data: string, moduleSize: number, level: QrLevel = 'M'): this {
    return this.qrModel().qrModuleSize(moduleSize).qrErrorCorrection(level).qrStore(data).qrPrint();
  }

  /** GS v 0 — print a raster bit image at normal density (m = 0). */
  raster(image: Bitmap): this {
    const rowBytes = Math.ceil(image.width / 8);
    if (rowBytes < 1 || rowBytes > 0xffff || image.height < 1 || image.height > 0xffff) throw new RangeError('raster image size out of range');
    if (image.data.length !== rowBytes * image.height) throw new RangeError('raster data does not match its size');
    return this.push(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, image.height & 0xff, image.height >> 8).pushAll(image.data);
  }

  /** ESC d n — print the buffer and feed n lines. */
  feed(lines: number): this {
    return this.push(ESC, 0x64, Math.min(255, Math.max(0, Math.floor(lines))));
  }

  /** GS V 66 n — feed to the cutter (plus n motion units) and cut, leaving one point uncut (partial cut). */
  cut(extraFeed = 0): this {
    return this.push(GS, 0x56, 66, Math.min(255, Math.max(0, Math.floor(extraFeed))));
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
