/**
 * The languages a resident can choose on the kiosk and their phone, and what a screen needs to know about each
 * besides its words. The words themselves are the message catalogues' (`$shared/words`, screens-shared/i18n/).
 * Office texts (procedure, group, counter and office names) come from the office's configuration, through `localized`.
 */
import type { CutOff, LocalizedText } from '@junban/protocol/screens';
import { bcp47, isLocale, locales, wordsIn, type Locale } from '$shared/words';

/** In the kiosk's order: Japanese first. A new language is added to the catalogues, never here. */
export const LANGUAGES = locales;
export type Lang = Locale;

/** BCP 47 tags for `lang` attributes and number and date formats (`$shared/words`). */
export const LOCALES: Record<Lang, string> = bcp47;

/** Phone language tags that name a catalogue's language differently. */
const ALIASES: Record<string, Lang> = { fil: 'tl', in: 'id' };

/** Why a number could not be given; each has a calm sentence in every language. */
export type Problem = 'slow_down' | 'cut_off' | 'failed' | 'code_not_found' | 'code_not_today' | 'code_used';

/** How a step of the visit stands, as the phone's list of procedures shows it. */
export type StepMark = 'done' | 'now' | 'later' | 'closed';

/** Why a pick-up look-up or a wish to be told was refused (the city's error codes, and anything else). */
export type PickupProblem = 'bad_reference' | 'too_many' | 'failed';

/** Why a form filled in at home could not be sent (the city's error codes, and anything else). */
export type HomeFormProblem = 'closed' | 'too_many' | 'failed';

/** Why a booking could not be made or changed (the city's error codes, and anything else). */
export type BookProblem = 'not_offered' | 'full' | 'too_many' | 'offline' | 'not_found' | 'closed' | 'failed';

/** Why a number could not be taken from a phone (the city's error codes, and anything else). */
export type JoinProblem = 'closed' | 'cut_off' | 'full' | 'too_many' | 'offline' | 'failed';

/** Why a procedure takes no more numbers today, in a resident's language (a procedure's button, the phone's list). */
export function cutOffWords(why: CutOff, lang: Lang): string {
  const f = wordsIn(lang).floor;
  return why.kind === 'time' ? f.cutOffTime({ at: why.at }) : why.kind === 'estimate' ? f.cutOffEstimate() : f.cutOffCap();
}

export const isLang = (value: string): value is Lang => isLocale(value);

/**
 * An office text in a language, else in English (the office's texts always have it), with the language it is in. In
 * やさしい日本語, else in Japanese: its reader reads Japanese better than English.
 */
export function localized(text: LocalizedText, lang: Lang): { text: string; lang: Lang } {
  const own = text[lang];
  if (own) return { text: own, lang };
  if (lang === 'ja-x-easy') return { text: text.ja, lang: 'ja' };
  return { text: text.en, lang: 'en' };
}

/** The first of the phone's languages the page speaks; English for a visitor whose language it does not. */
export function preferredLanguage(phoneLanguages: readonly string[]): Lang {
  for (const tag of phoneLanguages) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLang(primary)) return primary;
    if (ALIASES[primary]) return ALIASES[primary];
  }
  return 'en';
}

/** Whole minutes, rounded up so that an estimate is never optimistic. */
export function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
