/**
 * Every word on the staff screens (the office's admin and the city's pages), from the staff catalogues in
 * `i18n/staff/messages/{ja,en}.json` (Paraglide JS, compiled to `paraglide-staff/`; never edited by hand, never
 * committed). The residents' words are in `words.ts`, in every language a resident may choose.
 *
 * Staff screens say everything in Japanese first and English always, side by side, so that a clerk who reads either
 * finds their way: `say.signIn.username()` is "ユーザー名 / Username". Where a screen sets the two apart (a heading
 * with its English in smaller type, marked `lang="en"` for screen readers), it takes each alone:
 * `say.signIn.title.ja()`, `say.signIn.title.en()`. The catalogue's nesting is kept, as in `words.ts`.
 */
import { m } from './paraglide-staff/messages.js';
import type { Intersection, Nested } from './words';

type Catalogue = typeof m;
type Key = keyof Catalogue & string;

/** One message in both languages ("日本語 / English"), or in one: inputs only, and optional when it has none. */
type Both<F> = F extends (inputs: infer I, ...rest: never[]) => string
  ? object extends NonNullable<I>
    ? ((inputs?: I) => string) & { ja: (inputs?: I) => string; en: (inputs?: I) => string }
    : ((inputs: I) => string) & { ja: (inputs: I) => string; en: (inputs: I) => string }
  : never;

/** The whole staff catalogue, nested as it is written. */
export type StaffWords = Intersection<{ [K in Key]: Nested<K, Both<Catalogue[K]>> }[Key]>;

/** The two languages joined as staff screens show them; a word that reads the same in both (a name) once. */
export const bilingual = (ja: string, en: string): string => (ja === en ? ja : `${ja} / ${en}`);

function build(): StaffWords {
  const tree: Record<string, unknown> = {};
  type Message = (inputs: object, options: { locale: 'ja' | 'en' }) => string;
  for (const [key, message] of Object.entries(m) as [string, Message][]) {
    const path = key.split('.');
    let node = tree;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    const ja = (inputs: object = {}) => message(inputs, { locale: 'ja' });
    const en = (inputs: object = {}) => message(inputs, { locale: 'en' });
    node[path.at(-1)!] = Object.assign((inputs: object = {}) => bilingual(ja(inputs), en(inputs)), { ja, en });
  }
  return tree as StaffWords;
}

/** The staff screens' words. */
export const say: StaffWords = build();
