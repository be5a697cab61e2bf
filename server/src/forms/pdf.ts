/**
 * A resident's completed form as an A4 PDF, printed at the counter for their signature: the procedure, each field
 * with its answer (dates in the Japanese era and in Western form), the household table, the document checklist and
 * a signature box. Japanese needs a font the PDF embeds: the server's own Noto Sans JP (printing/fonts.ts).
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { JunbanError, type FormField, type FormValue, type HouseholdMember, type JapaneseDate, type LocalizedText } from '@junban/protocol';
import { JAPANESE_FONT_FILE } from '../printing/fonts.js';
import type { OpenForm } from './forms.js';
import { formatJapaneseDate, fromIsoDate, toIsoDate } from '@junban/protocol/form-check';

export interface PdfFont {
  file: string;
  /** For a font collection (.ttc): the face to use, by its PostScript name. */
  face?: string;
}

/**
 * The font for forms: JUNBAN_PDF_FONT (a .ttf/.otf, or a .ttc/.otc with `#<PostScript name>` after it, Noto's
 * Japanese face by default) where a
 * city wants its own typeface, else the Noto Sans JP that ships with the server.
 */
export function japaneseFont(override: string | undefined = process.env.JUNBAN_PDF_FONT): PdfFont {
  if (!override) return { file: JAPANESE_FONT_FILE };
  const [file, face] = override.split('#') as [string, string | undefined];
  if (!existsSync(file)) throw new JunbanError('form/no_font', `JUNBAN_PDF_FONT names ${file}, which does not exist.`);
  // Noto's CJK collection (Debian's fonts-noto-cjk) is the usual one; its Japanese face is the default.
  if (/\.(ttc|otc)$/i.test(file)) return { file, face: face ?? 'NotoSansCJKjp-Regular' };
  return { file };
}

export interface PdfContext {
  office: LocalizedText;
  /** The visit's number, e.g. "A12": how the counter matches paper to resident. */
  number: string | null;
  font: PdfFont;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INNER = A4.width - 2 * MARGIN;
const LABEL_WIDTH = 170;
const GREY = '#666666';

/** A date as written, shown in the era it falls in with its Western date: 令和8年4月1日 (2026-04-01). */
export function dateText(d: JapaneseDate): string {
  const iso = toIsoDate(d);
  return iso ? `${formatJapaneseDate(fromIsoDate(iso)).ja} (${iso})` : formatJapaneseDate(d).ja;
}

function valueText(field: FormField, value: FormValue | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'string') {
    if (field.type === 'choice') return field.options?.find((o) => o.value === value)?.label.ja ?? value;
    return value;
  }
  if (Array.isArray(value)) return '';
  return dateText(value);
}

export function formPdf(form: OpenForm, ctx: PdfContext): Promise<Buffer> {
  // No personal data in the document's metadata: only the procedure.
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: form.entry.title.ja, Producer: 'junban', Creator: 'junban' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (ctx.font.face) doc.registerFont('jp', ctx.font.file, ctx.font.face);
  else doc.registerFont('jp', ctx.font.file);
  doc.font('jp');

  const bottom = A4.height - MARGIN;
  const ensure = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };

  // Heading: office and number, then the procedure.
  doc
    .fontSize(9)
    .fillColor(GREY)
    .text(`${ctx.office.ja} / ${ctx.office.en}`, MARGIN, MARGIN, { width: INNER / 2 });
  if (ctx.number) doc.fontSize(9).text(`受付番号 / Number: ${ctx.number}`, MARGIN + INNER / 2, MARGIN, { width: INNER / 2, align: 'right' });
  doc.moveDown(1.2).fillColor('black').fontSize(20).text(form.entry.title.ja, MARGIN, doc.y, { width: INNER });
  doc.fontSize(10).fillColor(GREY).text(form.entry.title.en, { width: INNER });
  doc.fillColor('black').moveDown(0.8);

  for (const field of form.entry.fields) {
    const value = form.values[field.id];
    if (field.type === 'household') {
      household(doc, field, Array.isArray(value) ? value : [], ensure);
      continue;
    }
    const text = valueText(field, value);
    doc.fontSize(11);
    const height = Math.max(doc.heightOfString(text || ' ', { width: INNER - LABEL_WIDTH - 8 }), 26) + 10;
    ensure(height);
    const top = doc.y;
    doc.rect(MARGIN, top, INNER, height).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.rect(MARGIN, top, LABEL_WIDTH, height).fillColor('#f2f2f2').fill();
    doc
      .fillColor('black')
      .fontSize(9)
      .text(field.label.ja, MARGIN + 6, top + 5, { width: LABEL_WIDTH - 12 });
    doc
      .fillColor(GREY)
      .fontSize(7)
      .text(field.label.en, MARGIN + 6, doc.y, { width: LABEL_WIDTH - 12 });
    doc
      .fillColor('black')
      .fontSize(11)
      .text(text, MARGIN + LABEL_WIDTH + 8, top + 6, { width: INNER - LABEL_WIDTH - 16 });
    doc.y = top + height;
  }

  // The documents to bring, ticked as the guide or the counter saw them. Boxes are drawn: the font has no ☑.
  if (form.entry.documents.length) {
    ensure(40);
    doc.moveDown(1).fontSize(12).text('持参書類 / Documents', MARGIN, doc.y);
    doc.moveDown(0.3);
    const seen = new Set(form.documents);
    for (const d of form.entry.documents) {
      ensure(20);
      const top = doc.y;
      checkbox(doc, MARGIN + 2, top + 2, seen.has(d.id));
      const required = d.required ? '（必須 / required）' : '';
      doc
        .fontSize(10)
        .fillColor('black')
        .text(`${d.name.ja} / ${d.name.en}${required}`, MARGIN + 20, top, { width: INNER - 20 });
      doc.y = Math.max(doc.y, top + 16) + 2;
    }
  }

  // The resident signs here; the date is the visit's business day.
  ensure(110);
  doc.moveDown(1.5);
  const top = doc.y;
  doc.fontSize(9).fillColor('black').text('上記の内容に相違ありません。 / I confirm the above is correct.', MARGIN, top, { width: INNER });
  const boxTop = doc.y + 6;
  doc
    .rect(MARGIN, boxTop, INNER * 0.62, 64)
    .lineWidth(0.8)
    .strokeColor('black')
    .stroke();
  doc.fontSize(9).text('署名 / Signature', MARGIN + 6, boxTop + 5);
  const dateLeft = MARGIN + INNER * 0.62 + 10;
  doc.rect(dateLeft, boxTop, INNER - INNER * 0.62 - 10, 64).stroke();
  doc.fontSize(9).text('日付 / Date', dateLeft + 6, boxTop + 5);
  doc.fontSize(11).text(dateText(fromIsoDate(form.businessDate)), dateLeft + 6, boxTop + 30, { width: INNER - INNER * 0.62 - 22 });

  doc.end();
  return done;
}

function checkbox(doc: PDFKit.PDFDocument, x: number, y: number, ticked: boolean): void {
  doc.rect(x, y, 11, 11).lineWidth(0.8).strokeColor('black').stroke();
  if (ticked)
    doc
      .moveTo(x + 2, y + 6)
      .lineTo(x + 4.5, y + 9)
      .lineTo(x + 9.5, y + 2)
      .lineWidth(1.4)
      .stroke();
}

/** The household table: one row per person, with a header row; an empty table still shows its header. */
function household(doc: PDFKit.PDFDocument, field: FormField, members: HouseholdMember[], ensure: (h: number) => void): void {
  const columns: { title: string; width: number; text: (m: HouseholdMember) => string }[] = [
    { title: '氏名 / Name', width: 0.28, text: (m) => m.name },
    { title: 'フリガナ / Furigana', width: 0.28, text: (m) => m.furigana },
    { title: '続柄 / Relationship', width: 0.14, text: (m) => m.relationship },
    { title: '生年月日 / Date of birth', width: 0.3, text: (m) => (m.birthdate ? dateText(m.birthdate) : '') },
  ];
  ensure(60);
  doc.moveDown(0.6).fontSize(10).fillColor('black').text(`${field.label.ja} / ${field.label.en}`, MARGIN, doc.y, { width: INNER });
  doc.moveDown(0.2);
  const row = (cells: string[], header: boolean) => {
    doc.fontSize(header ? 8 : 10);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: columns[i]!.width * INNER - 8 }))) + 8;
    ensure(height);
    const top = doc.y;
    let x = MARGIN;
    for (const [i, c] of cells.entries()) {
      const w = columns[i]!.width * INNER;
      if (header) doc.rect(x, top, w, height).fillColor('#f2f2f2').fill();
      doc.rect(x, top, w, height).lineWidth(0.5).strokeColor('#999999').stroke();
      doc.fillColor('black').text(c, x + 4, top + 4, { width: w - 8 });
      x += w;
    }
    doc.y = top + height;
  };
  row(
    columns.map((c) => c.title),
    true,
  );
  for (const m of members)
    row(
      columns.map((c) => c.text(m)),
      false,
    );
  if (!members.length) row(['—', '', '', ''], false);
  doc.moveDown(0.4);
}
