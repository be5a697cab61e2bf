/**
 * The fonts the office draws with: tickets drawn as images (a resident's line in Chinese or Korean, a printer
 * without kanji), the virtual printer's pictures and the forms' PDF. They ship with the server as npm packages
 * (Google's Noto Sans JP, SC, KR, Thai and Devanagari, under the SIL Open Font License), so what the office prints never depends on
 * the fonts a machine happens to have: a fresh Debian has none that can draw kana, hanzi or hangul.
 */
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Language } from '@junban/protocol';

const require = createRequire(import.meta.url);

type Script = 'JP' | 'SC' | 'KR' | 'Thai' | 'Devanagari';
const fileOf = (script: Script, weight: '400Regular' | '700Bold') =>
  require.resolve(`@expo-google-fonts/noto-sans-${script.toLowerCase()}/${weight}/NotoSans${script}_${weight}.ttf`);

/**
 * Each family and its files; Noto Sans JP also covers Latin (English, Vietnamese, Portuguese, Tagalog, Indonesian).
 * Thai and Devanagari (Nepali) have their own faces.
 */
export const SHIPPED_FONTS = (['JP', 'SC', 'KR', 'Thai', 'Devanagari'] as const).map((script) => ({
  family: `Noto Sans ${script}`,
  regular: fileOf(script, '400Regular'),
  bold: fileOf(script, '700Bold'),
}));

/** The Japanese face for forms' PDF. */
export const JAPANESE_FONT_FILE = SHIPPED_FONTS[0]!.regular;

/**
 * The families to draw a language with, in order. The same Han character is drawn differently in Japan, China and
 * Korea, so a Chinese line takes the Simplified Chinese face first and only falls back to the others.
 */
export function familiesFor(language: Language): string[] {
  const first =
    language === 'zh'
      ? 'Noto Sans SC'
      : language === 'ko'
        ? 'Noto Sans KR'
        : language === 'th'
          ? 'Noto Sans Thai'
          : language === 'ne'
            ? 'Noto Sans Devanagari'
            : 'Noto Sans JP';
  return [first, ...SHIPPED_FONTS.map((f) => f.family).filter((f) => f !== first)];
}

/** The CSS font list for a canvas: the shipped families, then whatever sans-serif the machine has. */
export const cssFamiliesFor = (language: Language): string => [...familiesFor(language).map((f) => `"${f}"`), 'sans-serif'].join(', ');

type GlobalFonts = { registerFromPath(path: string, alias?: string): unknown };
const registered = new WeakSet<GlobalFonts>();

/** Registers the shipped fonts with @napi-rs/canvas under their family names; once per module instance. */
export function registerShippedFonts(fonts: GlobalFonts): void {
  if (registered.has(fonts)) return;
  for (const { family, regular, bold } of SHIPPED_FONTS) {
    fonts.registerFromPath(regular, family);
    fonts.registerFromPath(bold, family);
  }
  registered.add(fonts);
}

/**
 * For each language, the characters of its sample that no shipped font can draw (empty when all can). The server
 * checks the words it prints at start, so an office that offers a language its tickets cannot show hears so in
 * its log instead of handing out tickets of empty boxes.
 */
export function undrawable(samples: Partial<Record<string, string>>): Record<string, string[]> {
  // Read once, at start: the fonts' tables are tens of megabytes the office has no other use for.
  const fonts = SHIPPED_FONTS.map((f) => fontkit.openSync(f.regular) as fontkit.Font);
  const missing: Record<string, string[]> = {};
  for (const [language, sample] of Object.entries(samples)) {
    const chars = new Set([...(sample ?? '')].filter((ch) => /\S/u.test(ch)));
    const lacking = [...chars].filter((ch) => !fonts.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0)!)));
    if (lacking.length > 0) missing[language] = lacking;
  }
  return missing;
}
