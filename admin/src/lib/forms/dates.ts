import type { Era, JapaneseDate } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

const eras = say.forms.dates.eras;

/**
 * The choices of the era select, newest first: residents born in 昭和 are the most common at a city hall, but a
 * move date is always 令和, so 令和 leads. 西暦 (null) is for residents who know their Western year only.
 */
export const eraChoices: { era: Era | null; ja: string; en: string }[] = [
  { era: 'reiwa', ja: eras.reiwa.ja(), en: eras.reiwa.en() },
  { era: 'heisei', ja: eras.heisei.ja(), en: eras.heisei.en() },
  { era: 'showa', ja: eras.showa.ja(), en: eras.showa.en() },
  { era: 'taisho', ja: eras.taisho.ja(), en: eras.taisho.en() },
  { era: 'meiji', ja: eras.meiji.ja(), en: eras.meiji.en() },
  { era: null, ja: eras.western.ja(), en: eras.western.en() },
];

/** As a form prints it: 令和3年2月28日, 令和元年5月1日, or 西暦2021年2月28日. */
export function formatJapaneseDate(date: JapaneseDate): string {
  const era = eraChoices.find((c) => c.era === date.era)!;
  const year = date.era && date.year === 1 ? say.forms.dates.gannen.ja() : String(date.year);
  return say.forms.dates.full.ja({ era: era.ja, year, month: date.month, day: date.day });
}
