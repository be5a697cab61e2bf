/** Vocabulary every concept shares: localized text, ids and slugs, languages. */
import { z } from 'zod';
import { NEEDS } from './needs.js';

/** A text in every language the office shows; Japanese and English are always present. */
export const LocalizedText = z
  .object({ ja: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .catchall(z.string().trim().min(1).max(200));
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use 1-40 lowercase letters, digits or dashes');
export const ServiceId = Slug;
export const CounterId = Slug;
/** A visit's, step's, device's… id: a UUID from the server (tests use short ones). */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id: 1-64 letters, digits, dashes or underscores');
/** A time of day, HH:MM (24-hour). */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

/**
 * Every language a resident can choose; Japanese first. `ja-x-easy` is やさしい日本語 (Easy Japanese: short sentences,
 * furigana on kanji), a private-use BCP 47 tag that browsers, Intl and speech treat as Japanese. `tl` is Tagalog
 * (Filipino). The screens' words for each are the message catalogues in screens-shared/i18n/messages.
 */
export const Language = z.enum(['ja', 'ja-x-easy', 'en', 'zh', 'ko', 'vi', 'pt', 'tl', 'ne', 'id', 'th']);
/**
 * Languages a display can show and announce in after Japanese, besides each call's own resident language: the one
 * it shows when a call has none, and takes turns with under the Japanese.
 */
export const SecondLanguage = Language.exclude(['ja']);
export type SecondLanguage = z.infer<typeof SecondLanguage>;
export type Language = z.infer<typeof Language>;

/**
 * A resident's need that changes how they are called and served (reasonable accommodation, issue 20): deaf or hard
 * of hearing, blind or low vision, a wheelchair user, a sign-language or a spoken-language interpreter. Only these
 * codes are kept, never free text, so a need says nothing more about the resident than what the counter must know.
 */
export const Need = z.enum(NEEDS);
export type Need = z.infer<typeof Need>;
/** A set of needs: each at most once. */
export const Needs = z
  .array(Need)
  .max(NEEDS.length)
  .refine((needs) => new Set(needs).size === needs.length, 'each need once');
