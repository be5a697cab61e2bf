import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsqr from 'jsqr';
import { describe, expect, it } from 'vitest';
import { decodeText, renderTicket } from './render.js';
import { type TicketContent, type TicketPrinter, ticketBytes } from './ticket.js';

// jsqr is CommonJS with an ES-style default export; under NodeNext the function is that `default`.
const jsQR = jsqr.default;

const content: TicketContent = {
  office: '千代田区役所 区民課',
  number: 'A123',
  procedures: ['住民票の写し', '印鑑登録証明書'],
  issuedAt: '2026/11/22 10:15',
  peopleAhead: 3,
  estimateMinutes: 15,
  statusUrl: 'https://junban.example.jp/s/Xy7pQ2',
  language: 'ko',
  residentLine: '고객님의 번호는 A123입니다.',
};

async function qrIn(png: Buffer): Promise<string | null> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  return jsQR(data, width, height)?.data ?? null;
}

/** A small deterministic generator, so a failing run can be repeated. */
function randomBytes(seed: number, length: number): Uint8Array {
  let x = seed || 1;
  return Uint8Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
}

describe('renderTicket', () => {
  for (const printer of [
    { model: 'tm-m30', paperWidth: 80, codePage: 'shift_jis' },
    { model: 'tm-m30', paperWidth: 58, codePage: 'shift_jis' },
    { model: 'tm-t88', paperWidth: 58, codePage: 'raster' },
  ] satisfies TicketPrinter[]) {
    it(`draws a QR a phone can read (${printer.model}, ${printer.paperWidth} mm, ${printer.codePage})`, async () => {
      const png = await renderTicket(ticketBytes(content, printer), printer);
      const image = await loadImage(png);
      expect(image.width).toBe({ 'tm-m30': { 80: 576, 58: 420 }, 'tm-t88': { 80: 512, 58: 360 } }[printer.model][printer.paperWidth]);
      expect(await qrIn(png)).toBe(content.statusUrl);
    });
  }

  it('never throws on random bytes', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = randomBytes(seed, 4096);
      await expect(renderTicket(bytes)).resolves.toBeInstanceOf(Buffer);
      expect(typeof decodeText(bytes)).toBe('string');
    }
  });

  it('survives commands that claim more data than there is', async () => {
    const lies = [
      [0x1d, 0x76, 0x30, 0x00, 0xff, 0xff, 0xff, 0xff, 0x01], // GS v 0 of 65535 × 65535
      [0x1d, 0x28, 0x6b, 0xff, 0xff, 0x31, 0x50, 0x30], // GS ( k store of 65532 bytes
      [0x1b, 0x64, 0xff, 0x1b, 0x64, 0xff, 0x1b, 0x64, 0xff], // ESC d 255, three times
      [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30], // print with nothing stored
      [0x1c, 0x26, 0x88], // a lead byte with no trail byte
    ];
    for (const bytes of lies) await expect(renderTicket(Uint8Array.from(bytes))).resolves.toBeInstanceOf(Buffer);
  });
});

describe('decodeText', () => {
  it('gives the printed lines of a ticket', () => {
    const lines = decodeText(ticketBytes(content, { model: 'tm-m30', paperWidth: 80, codePage: 'shift_jis' })).split('\n');
    expect(lines).toEqual([
      '千代田区役所 区民課',
      '-'.repeat(48),
      '受付番号',
      'A123',
      '-'.repeat(48),
      '・住民票の写し',
      '・印鑑登録証明書',
      '発行日時 2026/11/22 10:15',
      'お待ちの方 3人',
      '待ち時間の目安 約15分',
      '順番の状況はこちら',
      'この場を離れても大丈夫です',
      'スマホで順番を確認できます', // the Korean lines are images
    ]);
  });

  it('reads 0x5C as the yen sign under the Japanese character set', () => {
    expect(decodeText(Uint8Array.from([0x1b, 0x52, 0x08, 0x5c, 0x31, 0x30, 0x30, 0x0a]))).toBe('¥100');
    expect(decodeText(Uint8Array.from([0x5c, 0x0a]))).toBe('\\');
  });
});
