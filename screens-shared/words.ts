/**
 * Every word a resident reads or hears on the kiosk, the phone pages, the wall display and the guide's "you may
 * leave", from the message catalogues in `i18n/messages/<language>.json` (Paraglide JS, compiled to `paraglide/` by
 * `npm run i18n:compile`; never edited by hand, never committed).
 *
 * No screen uses Paraglide's global locale: the wall display shows Japanese and a resident's language at the same
 * moment, and a kiosk changes language per resident. So every message is called with its language, through
 * `wordsIn(language)`: `wordsIn('vi').display.nowCalling()`, `wordsIn(lang).peopleAhead({ count: 3 })`. The catalogue's
 * nesting ("homeForms": { "title": … }) is kept: `wordsIn(lang).homeForms.title()`.
 */
import { m } from './paraglide/messages.js';
import { isLocale, locales, type Locale, type MessagePart } from './paraglide/runtime.js';
import { koreanTo } from './korean';

export type { Locale, MessagePart };
export { isLocale, locales };

type Catalogue = typeof m;
type Key = keyof Catalogue & string;

/**
 * One message with its language already chosen: inputs only, and optional when it has none. `.parts()` keeps the
 * catalogue's markup (furigana in やさしい日本語) for `Rich.svelte`; the plain call drops it (attributes, speech).
 */
type Bound<F> = F extends (inputs: infer I, ...rest: never[]) => string
  ? object extends NonNullable<I>
    ? ((inputs?: I) => string) & { parts: (inputs?: I) => MessagePart[] }
    : ((inputs: I) => string) & { parts: (inputs: I) => MessagePart[] }
  : never;
export type Nested<K extends string, V> = K extends `${infer Head}.${infer Rest}` ? { [P in Head]: Nested<Rest, V> } : { [P in K]: V };
export type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The whole catalogue in one language, nested as the catalogue is. */
export type Words = Intersection<{ [K in Key]: Nested<K, Bound<Catalogue[K]>> }[Key]>;

/** BCP 47 tags for `lang` attributes (they also pick the right CJK glyphs), speech, and number and date formats. */
export const bcp47: Record<Locale, string> = {
  ja: 'ja-JP',
  // やさしい日本語 is Japanese to fonts, line breaking, dates and speech; the private-use subtag keeps it apart.
  'ja-x-easy': 'ja-JP-x-easy',
  en: 'en',
  zh: 'zh-CN',
  ko: 'ko-KR',
  vi: 'vi-VN',
  pt: 'pt-BR',
  // Phones and Intl call Tagalog "fil" (Filipino).
  tl: 'fil-PH',
  ne: 'ne-NP',
  id: 'id-ID',
  th: 'th-TH',
};

const bound = new Map<Locale, Words>();

/** The catalogue in one language (built once per language). */
export function wordsIn(locale: Locale): Words {
  let words = bound.get(locale);
  if (!words) {
    const tree: Record<string, unknown> = {};
    type Message = ((inputs: object, options: { locale: Locale }) => string) & { parts?: (inputs: object, options: { locale: Locale }) => MessagePart[] };
    for (const [key, message] of Object.entries(m) as [string, Message][]) {
      const path = key.split('.');
      let node = tree;
      for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[path.at(-1)!] = Object.assign((inputs: object = {}) => message(inputs, { locale }), {
        parts: (inputs: object = {}): MessagePart[] => message.parts?.(inputs, { locale }) ?? [{ type: 'text', value: message(inputs, { locale }) }],
      });
    }
    words = tree as Words;
    bound.set(locale, words);
  }
  return words;
}

/**
 * The inputs of a message that names a counter: the name, and for Korean which particle follows it (로 or 으로, by its
 * last sound), since the catalogue's format cannot look at a name's sounds itself.
 */
export const counterInputs = (counter: string) => ({ counter, counterTo: koreanTo(counter) });

/** A piece of a message as a screen draws it: text, or a word with its reading above it (`<ruby>`). */
export type Piece = { text: string } | { base: string; reading: string };

/**
 * A message's parts as pieces. The catalogues mark furigana as `{#ruby rt=|かんじ|}漢字{/ruby}`; any other markup
 * keeps its text and drops the tag. Only text comes out, never HTML, so nothing in a catalogue can inject markup.
 */
export function piecesOf(parts: MessagePart[]): Piece[] {
  const pieces: Piece[] = [];
  let reading: string | null = null;
  let base = '';
  for (const part of parts) {
    if (part.type === 'markup-start' && part.name === 'ruby') {
      reading = String(part.options.rt ?? '');
      base = '';
    } else if (part.type === 'markup-end' && part.name === 'ruby' && reading !== null) {
      pieces.push({ base, reading });
      reading = null;
    } else if (part.type === 'text') {
      if (reading !== null) base += part.value;
      else pieces.push({ text: part.value });
    }
  }
  if (reading !== null) pieces.push({ text: base });
  return pieces;
}
