/**
 * What the wall display and the congestion page need to speak a language. Japanese is always shown; under it, the
 * display's second language, the languages of the office's residents in turn, and with each call its resident's.
 * The words are the message catalogues' (`$shared/words`, screens-shared/i18n/), each called with its language.
 */
import type { LocalizedText, OpeningNow } from '@junban/protocol/screens';
import { bcp47, counterInputs, isLocale, wordsIn } from '$shared/words';

/** The BCP 47 tag for `lang` attributes, speech and number formats (`$shared/words`). */
export const localeOf = (lang: string): string => (isLocale(lang) ? bcp47[lang] : lang);

/** The display's words in a language; one the catalogues lack falls back to English. */
export const t = (lang: string) => wordsIn(isLocale(lang) ? lang : 'en').display;

/** An estimated wait: a dash while no counter serves the queue, "soon" for 0. */
export function waitIn(lang: string, minutes: number | null): string {
  if (minutes === null) return '—';
  return minutes === 0 ? t(lang).soon() : t(lang).aboutMinutes({ minutes });
}

/** The spoken call: "Number A12, please come to Counter 3." */
export const announce = (lang: string, number: string, counter: string): string => t(lang).announce({ number, ...counterInputs(counter) });

/**
 * A name from the office's configuration in a language, else in English (always present); in やさしい日本語, else in
 * Japanese, which its reader reads better than English.
 */
export const nameIn = (text: LocalizedText, lang: string): string => text[lang] ?? (lang === 'ja-x-easy' ? text.ja : text.en);

/** "Please go to Counter 3" in a language, under a call's tile for its resident. */
export const goToIn = (lang: string, counter: string): string => wordsIn(isLocale(lang) ? lang : 'en').goTo(counterInputs(counter));

/** The language a call is said in after Japanese: its resident's, when they chose one other than Japanese, else the display's. */
export const callLanguage = (language: string | undefined, second: string): string => (language && language !== 'ja' ? language : second);

/** "08:30" as a resident reads it: "8:30". */
const clockTime = (hhmm: string) => hhmm.replace(/^0(?=\d:)/, '');

/**
 * What a public screen says while the office is closed, in one language: the headline and, after it, the hours or
 * the reason for a closed day. Null while the office is open.
 */
export function closedNotice(opening: OpeningNow, lang: string): { headline: string; detail: string } | null {
  if (opening.open) return null;
  const L = t(lang);
  const hours = L.hours({ open: clockTime(opening.hours.open), close: clockTime(opening.hours.close) });
  const why = opening.closedBecause;
  if (opening.closed === 'closed_day') {
    // A closure's reason is written by the office, in its own words; a weekly day off needs none.
    const reason = why?.kind === 'closure' ? why.reason : why?.kind === 'holiday' ? (lang === 'ja' ? why.name.ja : why.name.en) : null;
    return { headline: L.closedToday(), detail: reason ?? hours };
  }
  if (opening.closed === 'before_hours') return { headline: L.opensAt({ time: clockTime(opening.hours.open) }), detail: hours };
  return { headline: L.closedForToday(), detail: hours };
}
