/**
 * The kiosk's icons, drawn for it in the manner of Lucide (24 × 24, round 2 px strokes, no fill) so that an office
 * can name a procedure's icon with a Lucide name. Each icon is a list of SVG path data; circles and rectangles are
 * written as paths so one loop draws them all.
 */

const circle = (cx: number, cy: number, r: number) => `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
const rect = (x: number, y: number, w: number, h: number, r: number) =>
  `M${x + r} ${y}h${w - 2 * r}a${r} ${r} 0 0 1 ${r} ${r}v${h - 2 * r}a${r} ${r} 0 0 1 ${-r} ${r}h${-(w - 2 * r)}a${r} ${r} 0 0 1 ${-r} ${-r}v${-(h - 2 * r)}a${r} ${r} 0 0 1 ${r} ${-r}z`;

/** Procedure icons an office may name in its configuration (the admin's setup offers exactly these). */
const serviceIcons = {
  house: ['M3 10.5 12 3l9 7.5', 'M5 9v12h14V9', 'M10 21v-6h4v6'],
  truck: [rect(2, 6, 12, 10, 1), 'M14 9h4l3 3.5V16h-7', circle(6.5, 17.5, 2), circle(17.5, 17.5, 2)],
  baby: [circle(12, 13, 8), 'M9.5 12h.01', 'M14.5 12h.01', 'M10 16a3 3 0 0 0 4 0', 'M12 5a2.5 2.5 0 0 1 2.5-2.5'],
  'id-card': [rect(2, 5, 20, 14, 2), circle(8, 11, 2), 'M5 16a3 3 0 0 1 6 0', 'M14 10h5', 'M14 14h4'],
  stamp: ['M9 13V9.5C9 8 8 7.5 8 5.5a4 4 0 0 1 8 0c0 2-1 2.5-1 4V13', rect(4, 13, 16, 5, 1.5), 'M5 22h14'],
  'file-text': ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6', 'M8 13h8', 'M8 17h8', 'M8 9h2'],
  'heart-pulse': [
    'M19 14c1.5-1.5 3-3.2 3-5.5A5.5 5.5 0 0 0 16.5 3C14.7 3 13.5 3.5 12 5c-1.5-1.5-2.7-2-4.5-2A5.5 5.5 0 0 0 2 8.5c0 2.3 1.5 4 3 5.5l7 7z',
    'M3.5 12h4l1.5-3 2.5 6 1.5-3h7.5',
  ],
  users: [circle(9, 7, 4), 'M2 21v-2a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v2', 'M16 3.1a4 4 0 0 1 0 7.8', 'M22 21v-2a4 4 0 0 0-3-3.9'],
  landmark: ['M3 22h18', 'M6 18v-7', 'M10 18v-7', 'M14 18v-7', 'M18 18v-7', 'M12 2l8 5H4z'],
  receipt: ['M4 2v20l2-1 2 1 2-1 2 1 2-1 2 1 2-1 2 1V2l-2 1-2-1-2 1-2-1-2 1-2-1-2 1z', 'M16 8H8', 'M16 12H8', 'M13 16H8'],
  'help-circle': [circle(12, 12, 10), 'M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3', 'M12 17h.01'],
  'map-pin': ['M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0z', circle(12, 10, 3)],
  'key-round': ['M2 18v3c0 .6.4 1 1 1h4v-3h3v-3h2l1.4-1.4a6.5 6.5 0 1 0-4-4z', circle(16.5, 7.5, 0.5)],
} satisfies Record<string, string[]>;
export type ServiceIconName = keyof typeof serviceIcons;

/** Icons of the kiosk's and the display's own buttons and marks. */
const uiIcons: Record<string, string[]> = {
  check: ['M20 6 9 17l-5-5'],
  plus: ['M12 5v14', 'M5 12h14'],
  'calendar-check': [rect(3, 4, 18, 18, 2), 'M16 2v4', 'M8 2v4', 'M3 10h18', 'm9 16 2 2 4-4'],
  accessibility: [circle(16, 4, 1.5), 'm18 19 1-7-6 1', 'm5 8 3-3 5.5 3-2.4 3.5', 'M4.2 14.5a5 5 0 0 0 6.9 6', 'M13.8 17.5a5 5 0 0 0-6.9-6'],
  delete: ['M20 5H9l-7 7 7 7h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2z', 'm18 9-6 6', 'm12 9 6 6'],
  'arrow-left': ['m12 19-7-7 7-7', 'M19 12H5'],
  scan: ['M3 7V5a2 2 0 0 1 2-2h2', 'M17 3h2a2 2 0 0 1 2 2v2', 'M21 17v2a2 2 0 0 1-2 2h-2', 'M7 21H5a2 2 0 0 1-2-2v-2', 'M7 12h10'],
  printer: ['M6 9V2h12v7', 'M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2', rect(6, 14, 12, 8, 0)],
  smartphone: [rect(5, 2, 14, 20, 2), 'M12 18h.01'],
  globe: [circle(12, 12, 10), 'M2 12h20', 'M12 2a15 15 0 0 1 4 10 15 15 0 0 1-4 10 15 15 0 0 1-4-10 15 15 0 0 1 4-10z'],
  bell: ['M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.9 1.9 0 0 0 3.4 0'],
  'volume-2': ['M11 5 6 9H2v6h4l5 4z', 'M15.5 8.5a5 5 0 0 1 0 7', 'M19 5a10 10 0 0 1 0 14'],
  'arrow-right': ['M5 12h14', 'm12 5 7 7-7 7'],
  clock: [circle(12, 12, 10), 'M12 6v6l4 2'],
  // Residents' needs (issue 20), after Lucide's ear, eye, hand and languages.
  ear: ['M6 8.5a6.5 6.5 0 1 1 13 0c0 6-6 6-6 10a3.5 3.5 0 1 1-7 0', 'M15 8.5a2.5 2.5 0 0 0-5 0v1a2 2 0 1 1 0 4'],
  eye: ['M2 12s3-7 10-7 10 7 10 7-3 7-10 7-10-7-10-7z', circle(12, 12, 3)],
  hand: [
    'M18 11V6a2 2 0 0 0-4 0v5',
    'M14 10V4a2 2 0 0 0-4 0v2',
    'M10 10.5V6a2 2 0 0 0-4 0v8',
    'M18 8a2 2 0 1 1 4 0v6a8 8 0 0 1-8 8h-2c-2.8 0-4.5-.9-6-2.4l-3.6-3.6a2 2 0 0 1 2.8-2.8L7 15',
  ],
  languages: ['m5 8 6 6', 'm4 14 6-6 2-3', 'M2 5h12', 'M7 2h1', 'm22 22-5-10-5 10', 'M14 18h6'],
};

/** A name the kiosk does not know still gets a mark, so buttons line up. */
const plainMark = [circle(12, 12, 4)];

const known: Record<string, string[]> = { ...uiIcons, ...serviceIcons };
export const iconPaths = (name: string | undefined): string[] => (name && known[name]) || plainMark;
