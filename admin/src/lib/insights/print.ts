/**
 * The paper the open page prints on, for charts to redraw at its width before printing (a chart drawn for a wide
 * screen would otherwise be cut at the paper's edge). Set by <PrintPage>; 10 mm margins all round.
 */
export type Paper = 'A4 landscape' | 'A4 portrait';

const MARGIN_MM = 10;
const CSS_PX_PER_MM = 96 / 25.4;
const A4_MM = { short: 210, long: 297 };

export const printing: { paper: Paper | null } = { paper: null };

/** The printable width in CSS pixels of the paper, or null when the page did not say. */
export function printableWidthPx(paper: Paper | null = printing.paper): number | null {
  if (!paper) return null;
  const mm = (paper === 'A4 landscape' ? A4_MM.long : A4_MM.short) - 2 * MARGIN_MM;
  // A few pixels to spare: rounding in the print layout must not push the chart onto a new line.
  return Math.floor(mm * CSS_PX_PER_MM) - 8;
}

export const pageRule = (paper: Paper) => `@page { size: ${paper}; margin: ${MARGIN_MM}mm; }`;
