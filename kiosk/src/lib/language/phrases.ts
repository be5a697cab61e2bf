import { jaModel, Parser } from 'budoux';
import type { Lang } from '$lib/language/languages';

// Only the Japanese model: the bundle carries no other language's (the status page loads on a resident's phone).
const japanese = new Parser(jaModel);

/**
 * Japanese has no spaces, and a browser breaks its lines between any two characters, even inside a word
 * ("暗証番号の再 / 設定"). BudouX cuts the text into phrases; `Phrases.svelte` lets a line break only between them.
 * Other languages come back whole: they break at their spaces.
 */
export function phrases(text: string, lang: Lang): string[] {
  return lang === 'ja' ? japanese.parse(text) : [text];
}
