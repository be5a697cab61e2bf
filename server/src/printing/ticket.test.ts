import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EscPos, normalizeForCp932, printableWithFont } from './escpos.js';
import { decodeText } from './render.js';
import { stateOf, readStatus } from './status.js';
import type { PrinterTransport } from './printer.js';
import { languagesTicketsCannotDraw } from './font-check.js';
import { undrawable } from './fonts.js';
import { type TicketContent, type TicketPrinter, canvasRasterizer, qrModuleSize, ticketBytes, wrap } from './ticket.js';
import demoOffice from '../../demo/office.json' with { type: 'json' };
import { OfficeConfig } from '@junban/protocol';

// ---- the expected bytes, spelled out from Epson's ESC/POS reference ------------------------------------------
const cp932 = (s: string) => [...iconv.encode(s, 'CP932')];
const ascii = (s: string) => [...Buffer.from(s, 'ascii')];
const line = (s: string) => [...cp932(s), 0x0a]; // text, LF
const ESC_AT = [0x1b, 0x40]; // ESC @ initialize
const FS_C_1 = [0x1c, 0x43, 0x01]; // FS C 1: kanji code system Shift_JIS
const ESC_t_1 = [0x1b, 0x74, 0x01]; // ESC t 1: character code table page 1, Katakana
const ESC_R_8 = [0x1b, 0x52, 0x08]; // ESC R 8: international character set Japan
const FS_AMP = [0x1c, 0x26]; // FS &: kanji mode on
const LEFT = [0x1b, 0x61, 0x00]; // ESC a 0
const CENTER = [0x1b, 0x61, 0x01]; // ESC a 1
const BOLD_ON = [0x1b, 0x45, 0x01]; // ESC E 1
const BOLD_OFF = [0x1b, 0x45, 0x00]; // ESC E 0
const SIZE = (w: number, h: number) => [0x1d, 0x21, ((w - 1) << 4) | (h - 1)]; // GS ! n
const FEED = (n: number) => [0x1b, 0x64, n]; // ESC d n
const PARTIAL_CUT = [0x1d, 0x56, 0x42, 0x00]; // GS V 66 0: feed to the cutter and partial cut
const QR = (url: string, module: number) => {
  const k = ascii(url).length + 3; // pL pH count the data plus cn fn m
  return [
    0x1d,
    0x28,
    0x6b,
    0x04,
    0x00,
    0x31,
    0x41,
    0x32,
    0x00, // GS ( k fn 65: model 2
    0x1d,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x43,
    module, // GS ( k fn 67: module size
    0x1d,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x45,
    0x31, // GS ( k fn 69: error correction M
    0x1d,
    0x28,
    0x6b,
    k & 0xff,
    k >> 8,
    0x31,
    0x50,
    0x30,
    ...ascii(url), // GS ( k fn 80: store
    0x1d,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x51,
    0x30, // GS ( k fn 81: print
  ];
};

const URL = 'https://junban.example.jp/s/Xy7pQ2';
const TM_M30 = (paperWidth: 58 | 80): TicketPrinter => ({ model: 'tm-m30', paperWidth, codePage: 'shift_jis' });

const japanese: TicketContent = {
  office: '千代田区役所 区民課',
  number: 'A123',
  procedures: ['住民票の写し', '国民健康保険の加入・脱退・変更の届出'],
  issuedAt: '2026/11/22 10:15',
  peopleAhead: 3,
  estimateMinutes: 15,
  statusUrl: URL,
  language: 'ja',
};

const english: TicketContent = {
  ...japanese,
  number: 'MY12',
  procedures: ['マイナンバーカードの受け取り'],
  peopleAhead: 0,
  estimateMinutes: null,
  language: 'en',
  residentLine: 'Your number is MY12. Please watch the screen.',
  reprint: true,
};

const bytesOf = (content: TicketContent, printer: TicketPrinter) => [...ticketBytes(content, printer)];

/** Where `needle` starts in `hay`, or -1. */
const indexOf = (hay: ArrayLike<number>, needle: number[]) => {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
};

describe('ticket bytes, TM-m30', () => {
  // Font A is 12 dots wide: 576 dots give 48 columns on 80 mm, 420 dots give 35 on 58 mm. "A123" is 4 columns,
  // so GS ! 8×8 fits both (32 ≤ 48, 32 ≤ 35). The URL makes a version 3 symbol (29 modules, 37 with the quiet
  // zone): 6-dot modules fit both widths, and 6 is the cap.
  const setup = [...ESC_AT, ...FS_C_1, ...ESC_t_1, ...ESC_R_8, ...FS_AMP];

  it('prints a Japanese ticket on 80 mm paper', () => {
    expect(bytesOf(japanese, TM_M30(80))).toEqual([
      ...setup,
      ...CENTER,
      ...BOLD_ON,
      ...line('千代田区役所 区民課'),
      ...BOLD_OFF,
      ...line('-'.repeat(48)),
      ...line('受付番号'),
      ...SIZE(8, 8),
      ...BOLD_ON,
      ...line('A123'),
      ...BOLD_OFF,
      ...SIZE(1, 1),
      ...line('-'.repeat(48)),
      ...LEFT,
      ...line('・住民票の写し'),
      ...line('・国民健康保険の加入・脱退・変更の届出'),
      ...line('発行日時 2026/11/22 10:15'),
      ...line('お待ちの方 3人'),
      ...line('待ち時間の目安 約15分'),
      ...CENTER,
      ...FEED(1),
      ...QR(URL, 6),
      ...FEED(1),
      ...line('順番の状況はこちら'),
      ...line('この場を離れても大丈夫です'),
      ...line('スマホで順番を確認できます'),
      ...FEED(2),
      ...PARTIAL_CUT,
    ]);
  });

  it('prints a Japanese ticket on 58 mm paper, wrapping at 35 columns with kanji counted as two', () => {
    expect(bytesOf(japanese, TM_M30(58))).toEqual([
      ...setup,
      ...CENTER,
      ...BOLD_ON,
      ...line('千代田区役所 区民課'),
      ...BOLD_OFF,
      ...line('-'.repeat(35)),
      ...line('受付番号'),
      ...SIZE(8, 8),
      ...BOLD_ON,
      ...line('A123'),
      ...BOLD_OFF,
      ...SIZE(1, 1),
      ...line('-'.repeat(35)),
      ...LEFT,
      ...line('・住民票の写し'),
      ...line('・国民健康保険の加入・脱退・変更の'), // 2 + 16 × 2 = 34 columns
      ...line('  届出'),
      ...line('発行日時 2026/11/22 10:15'),
      ...line('お待ちの方 3人'),
      ...line('待ち時間の目安 約15分'),
      ...CENTER,
      ...FEED(1),
      ...QR(URL, 6),
      ...FEED(1),
      ...line('順番の状況はこちら'),
      ...line('この場を離れても大丈夫です'),
      ...line('スマホで順番を確認できます'),
      ...FEED(2),
      ...PARTIAL_CUT,
    ]);
  });

  const englishTail = (residentLines: string[]) => [
    ...CENTER,
    ...FEED(1),
    ...QR(URL, 6),
    ...FEED(1),
    ...line('順番の状況はこちら'),
    ...line('この場を離れても大丈夫です'),
    ...line('スマホで順番を確認できます'),
    ...residentLines.flatMap(line),
    ...SIZE(2, 2),
    ...BOLD_ON,
    ...line('再発行'),
    ...BOLD_OFF,
    ...SIZE(1, 1),
    ...FEED(2),
    ...PARTIAL_CUT,
  ];

  it("prints an English resident's reprinted ticket on 80 mm paper", () => {
    expect(bytesOf(english, TM_M30(80))).toEqual([
      ...setup,
      ...CENTER,
      ...BOLD_ON,
      ...line('千代田区役所 区民課'),
      ...BOLD_OFF,
      ...line('-'.repeat(48)),
      ...line('受付番号'),
      ...SIZE(8, 8),
      ...BOLD_ON,
      ...line('MY12'),
      ...BOLD_OFF,
      ...SIZE(1, 1),
      ...line('-'.repeat(48)),
      ...LEFT,
      ...line('・マイナンバーカードの受け取り'),
      ...line('発行日時 2026/11/22 10:15'),
      ...line('お待ちの方 0人'),
      ...line('待ち時間の目安なし'),
      ...englishTail(['Your number is MY12. Please watch the screen.', 'You may leave: follow your turn on your phone.']), // 45 and 46 of 48 columns
    ]);
  });

  it("prints an English resident's reprinted ticket on 58 mm paper, wrapping English at a space", () => {
    expect(bytesOf(english, TM_M30(58))).toEqual([
      ...setup,
      ...CENTER,
      ...BOLD_ON,
      ...line('千代田区役所 区民課'),
      ...BOLD_OFF,
      ...line('-'.repeat(35)),
      ...line('受付番号'),
      ...SIZE(8, 8),
      ...BOLD_ON,
      ...line('MY12'),
      ...BOLD_OFF,
      ...SIZE(1, 1),
      ...line('-'.repeat(35)),
      ...LEFT,
      ...line('・マイナンバーカードの受け取り'),
      ...line('発行日時 2026/11/22 10:15'),
      ...line('お待ちの方 0人'),
      ...line('待ち時間の目安なし'),
      ...englishTail(['Your number is MY12. Please watch', 'the screen.', 'You may leave: follow your turn on', 'your phone.']),
    ]);
  });

  it('is read back by a Shift_JIS decoder with the number and the procedure names intact', () => {
    const text = new TextDecoder('shift_jis').decode(ticketBytes(japanese, TM_M30(80)));
    expect(text).toContain('A123');
    expect(text).toContain('住民票の写し');
    expect(text).toContain('国民健康保険の加入・脱退・変更の届出');
    expect(text).toContain('受付番号');
  });
});

describe('sizes chosen from the paper', () => {
  it('shrinks a long number on the narrowest paper', () => {
    const bytes = ticketBytes({ ...japanese, number: 'AB1234' }, { model: 'tm-t88', paperWidth: 58, codePage: 'shift_jis' });
    // 360 dots / 12 = 30 columns; 6 characters fit 5 times over
    expect(indexOf(bytes, [...SIZE(5, 5), ...BOLD_ON, ...line('AB1234')])).toBeGreaterThan(0);
  });

  it('takes smaller QR modules for a long status URL', () => {
    const long = `https://junban.example.jp/s/${'x'.repeat(300)}`;
    expect(qrModuleSize(URL, TM_M30(58))).toBe(6);
    const size = qrModuleSize(long, { model: 'tm-t88', paperWidth: 58, codePage: 'shift_jis' })!;
    expect(size).toBeLessThan(6);
    expect(size).toBeGreaterThanOrEqual(1);
  });
});

describe('text normalisation for CP932', () => {
  it('maps JIS-only code points to what the same Shift_JIS bytes mean in CP932', () => {
    const bytes = [...iconv.encode(normalizeForCp932('〜‖−—¢£¬'), 'CP932')];
    expect(bytes).toEqual([0x81, 0x60, 0x81, 0x61, 0x81, 0x7c, 0x81, 0x5c, 0x81, 0x91, 0x81, 0x92, 0x81, 0xca]);
  });

  it('prints 〜 and − as ～ and －, never as ?', () => {
    const bytes = ticketBytes({ ...japanese, procedures: ['証明書（１〜３通）', '手数料−免除'] }, TM_M30(80));
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text).toContain('証明書（１～３通）');
    expect(text).toContain('手数料－免除');
    expect(decodeText(bytes)).not.toContain('?');
  });

  it('drops control characters so a name can never smuggle in a command', () => {
    const bytes = ticketBytes({ ...japanese, office: 'City\x1b@\x1dV\x00 Hall' }, TM_M30(80));
    expect(decodeText(bytes).split('\n')[0]).toBe('City@V Hall'); // ESC, GS and NUL gone, '@' and 'V' mere text
    expect(indexOf(bytes.subarray(2), ESC_AT)).toBe(-1);
  });

  it('keeps Windows-only extensions out of the printer font', () => {
    expect(printableWithFont('住民票', 'shift_jis')).toBe(true);
    expect(printableWithFont('髙橋', 'shift_jis')).toBe(false); // 髙 is an IBM extension (0xFBFC)
    expect(printableWithFont('안녕', 'shift_jis')).toBe(false);
    expect(printableWithFont('A123', 'raster')).toBe(true);
    expect(printableWithFont('受付', 'raster')).toBe(false);
  });
});

describe('QR store command', () => {
  const store = (url: string) => {
    const bytes = ticketBytes({ ...japanese, statusUrl: url }, TM_M30(80));
    const at = indexOf(bytes, [0x1d, 0x28, 0x6b]);
    const start = indexOf(bytes.subarray(at), [0x31, 0x50, 0x30]) + at - 5; // back to GS of fn 80
    return { bytes, start };
  };

  it('carries the exact status URL with its length in pL pH', () => {
    const { bytes, start } = store(URL);
    expect(URL.length).toBe(34);
    expect([...bytes.subarray(start, start + 8)]).toEqual([0x1d, 0x28, 0x6b, 34 + 3, 0, 0x31, 0x50, 0x30]);
    expect(Buffer.from(bytes.subarray(start + 8, start + 8 + 34)).toString('ascii')).toBe(URL);
    expect([...bytes.subarray(start + 8 + 34, start + 8 + 34 + 3)]).toEqual([0x1d, 0x28, 0x6b]); // fn 81 follows at once
  });

  it('puts lengths over 255 into pH', () => {
    const long = `https://junban.example.jp/s/${'q'.repeat(300)}`; // 328 bytes: 331 = 0x14B
    const { bytes, start } = store(long);
    expect([...bytes.subarray(start, start + 8)]).toEqual([0x1d, 0x28, 0x6b, 0x4b, 0x01, 0x31, 0x50, 0x30]);
    expect(Buffer.from(bytes.subarray(start + 8, start + 8 + long.length)).toString('ascii')).toBe(long);
  });

  it('refuses data no QR symbol can hold, and the ticket goes out without one', () => {
    expect(() => new EscPos().qrStore('')).toThrow(RangeError);
    const bytes = ticketBytes({ ...japanese, statusUrl: 'x'.repeat(8000) }, TM_M30(80));
    expect(indexOf(bytes, [0x31, 0x50, 0x30])).toBe(-1);
    expect(decodeText(bytes)).toContain('A123');
  });
});

describe('lines the printer font cannot show', () => {
  const korean: TicketContent = { ...japanese, language: 'ko', residentLine: '고객님의 번호는 A123입니다. 안내 화면을 확인해 주세요.' };
  const GS_v_0 = (rowBytes: number) => [0x1d, 0x76, 0x30, 0x00, rowBytes, 0x00];

  it('draws a Korean line as a raster image as wide as the paper', () => {
    expect(indexOf(ticketBytes(korean, TM_M30(80)), GS_v_0(72))).toBeGreaterThan(0); // 576 dots
    const narrow = ticketBytes(korean, TM_M30(58));
    expect(indexOf(narrow, GS_v_0(52))).toBeGreaterThan(0); // 420 dots, rounded down to 416
    expect(decodeText(narrow)).not.toMatch(/[\uac00-\ud7a3?]/);
  });

  it('prints the English line when drawing is unavailable or fails', () => {
    for (const rasterize of [
      null,
      () => null,
      () => {
        throw new Error('no canvas');
      },
    ]) {
      const bytes = ticketBytes(korean, TM_M30(80), { rasterize });
      expect(decodeText(bytes)).toContain('Your number is A123. Please watch the screen.');
      expect(indexOf(bytes, [0x1d, 0x76, 0x30])).toBe(-1);
    }
  });

  it('draws every Japanese line for a printer without kanji, and sends no kanji setup', () => {
    const printer: TicketPrinter = { model: 'tm-m30', paperWidth: 80, codePage: 'raster' };
    const bytes = ticketBytes(japanese, printer);
    expect(indexOf(bytes, FS_C_1)).toBe(-1);
    expect(indexOf(bytes, FS_AMP)).toBe(-1);
    expect(indexOf(bytes, GS_v_0(72))).toBeGreaterThan(0);
    expect(decodeText(bytes)).toContain('A123');
    expect(decodeText(bytes)).not.toContain('受付番号');
  });

  it('falls back to English on a printer without kanji when nothing can be drawn', () => {
    const printer: TicketPrinter = { model: 'tm-t88', paperWidth: 58, codePage: 'raster' };
    const text = decodeText(ticketBytes(japanese, printer, { rasterize: null }));
    expect(text.split('\n')).toEqual([
      '-'.repeat(30),
      'Your number',
      'A123',
      '-'.repeat(30),
      'Procedures: 2',
      'Issued 2026/11/22 10:15',
      'Waiting ahead: 3',
      'Estimated wait: about 15 min',
      'Scan to follow your turn',
      'You may leave.',
      'Follow your turn by phone.',
    ]);
  });
});

describe('"you may leave" under the QR code', () => {
  /** The text of a 58 mm ticket as printed by the printer's font (lines wrapped at a space read as one), and the lines drawn for a printer that draws them. */
  const printed = (content: TicketContent) => decodeText(ticketBytes(content, TM_M30(58))).replace(/\n/g, ' ');
  const drawn = (content: TicketContent) => {
    const lines: string[] = [];
    ticketBytes(content, { model: 'tm-m30', paperWidth: 58, codePage: 'raster' }, { rasterize: (text) => (lines.push(text), null) });
    return lines;
  };

  it('tells a resident they may leave and follow their turn on their phone', () => {
    const text = printed(japanese);
    expect(text).toContain('この場を離れても大丈夫です');
    expect(text).toContain('スマホで順番を確認できます');
    expect(text).not.toContain('通知');
  });

  it('says the phone can be notified where the status page is at a city that sends notices', () => {
    const text = printed({ ...japanese, notices: true });
    expect(text).toContain('この場を離れても大丈夫です');
    expect(text).toContain('スマホで順番確認・通知ができます');
  });

  it('says it in the language the resident chose too', () => {
    expect(drawn({ ...japanese, language: 'ko', residentLine: '고객님의 번호는 A123입니다.' })).toContain(
      '자리를 비우셔도 됩니다. 휴대폰으로 순서를 확인하세요.',
    );
    expect(printed({ ...japanese, language: 'pt', notices: true })).toContain('Pode sair: acompanhe a sua vez e receba avisos no celular.');
    expect(printed({ ...english, notices: true })).toContain('You may leave: follow your turn and be notified on your phone.');
  });

  it('is left out of a ticket without a QR code, which has nothing to follow', () => {
    const text = printed({ ...english, statusUrl: 'x'.repeat(8000) });
    expect(text).not.toContain('この場を離れても大丈夫です');
    expect(text).not.toContain('You may leave');
  });
});

describe('the fonts tickets are drawn with, on any machine', () => {
  // Each character alone, as the printer would get it. Where no font has a glyph, every character is the same
  // empty box, so two different characters drawing the same picture means the resident gets boxes.
  const picture = (ch: string, language: TicketContent['language']) => {
    const image = canvasRasterizer()!(ch, { width: 96, scale: 2, bold: false, align: 'left', indent: '', language });
    return image ? Buffer.from(image.data).toString('base64') : null;
  };

  for (const [language, a, b] of [
    ['ko', '고', '님'],
    ['zh', '码', '请'],
    ['ja', '受', '番'],
    ['vi', 'ố', 'ạ'],
  ] as const) {
    it(`draws ${language} characters as themselves, with the fonts the server ships (${a} is not ${b})`, () => {
      const first = picture(a, language);
      expect(first).not.toBeNull();
      expect(first).not.toBe(picture(b, language));
    });
  }

  it("can draw every language a resident may choose on the demo office's tickets", () => {
    expect(languagesTicketsCannotDraw(OfficeConfig.parse(demoOffice))).toEqual({});
  });

  it('names a language and the characters no shipped font has, for the warning at start', () => {
    // Thai and Nepali ship their faces now; Khmer is a script no shipped font has.
    expect(undrawable({ ja: '受付番号', th: 'คิว', ne: 'पालो', km: 'ជួរ' })).toEqual({ km: ['ជ', 'ួ', 'រ'] });
  });
});

describe('wrap', () => {
  const columns = (s: string) => [...iconv.encode(s, 'CP932')].length;
  it('breaks Latin at spaces, kanji anywhere, and never starts a line with closing punctuation', () => {
    expect(wrap('Please watch the screen', 12, columns)).toEqual(['Please watch', 'the screen']);
    expect(wrap('住民票の写し', 6, columns)).toEqual(['住民票', 'の写し']);
    expect(wrap('写し、届出', 4, columns)).toEqual(['写', 'し、', '届出']);
    expect(wrap('abcdefghij', 4, columns)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('printer status (DLE EOT 1-4)', () => {
  // Each answer has bit 1 and bit 4 set and bits 0 and 7 clear (0x12); the other bits as Epson documents them:
  // n=1 bit 3 offline; n=2 bit 2 cover open, bit 5 stopped at paper end, bit 6 error; n=3 bit 3 autocutter error,
  // bit 5 unrecoverable error, bit 6 auto-recoverable error; n=4 bits 2-3 near end, bits 5-6 roll end.
  const ok = { printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 };

  it('reads a ready printer', () => expect(stateOf(ok)).toBe('ready'));
  it('reads paper near its end', () => expect(stateOf({ ...ok, paper: 0x12 | 0x0c })).toBe('paper_near_end'));
  it('reads paper out', () => {
    expect(stateOf({ printer: 0x12 | 0x08, offline: 0x12 | 0x20, error: 0x12, paper: 0x12 | 0x0c | 0x60 })).toBe('paper_out');
  });
  it('reads an open cover, also when it was opened mid-print (auto-recoverable error)', () => {
    expect(stateOf({ ...ok, printer: 0x12 | 0x08, offline: 0x12 | 0x04 })).toBe('cover_open');
    expect(stateOf({ printer: 0x12 | 0x08, offline: 0x12 | 0x04 | 0x40, error: 0x12 | 0x40, paper: 0x12 })).toBe('cover_open');
  });
  it('reads errors and a plain offline printer as offline', () => {
    expect(stateOf({ ...ok, printer: 0x1a, offline: 0x52, error: 0x12 | 0x08 })).toBe('offline'); // autocutter
    expect(stateOf({ ...ok, printer: 0x1a, offline: 0x52, error: 0x12 | 0x20 })).toBe('offline'); // unrecoverable
    expect(stateOf({ ...ok, printer: 0x12 | 0x08 })).toBe('offline');
  });
  it('reads garbage as offline', () => {
    expect(stateOf({ printer: 0xff, offline: 0x00, error: 0x12, paper: 0x12 })).toBe('offline');
    expect(stateOf({ ...ok, paper: 0x93 })).toBe('offline');
  });
  it('reads silence as unreachable', async () => {
    const silent: PrinterTransport = { write: async () => {}, query: async () => null, close: async () => {} };
    expect(await readStatus(silent, 10)).toBe('unreachable');
  });
});
