import type { Era, JapaneseDate } from '@junban/protocol/screens';

/**
 * The choices of the era select, newest first: residents born in 昭和 are the most common at a city hall, but a
 * move date is always 令和, so 令和 leads. 西暦 (null) is for residents who know their Western year only.
 */
export const eraChoices: { era: Era | null; ja: string; en: string }[] = [
  { era: 'reiwa', ja: '令和', en: 'Reiwa' },
  { era: 'heisei', ja: '平成', en: 'Heisei' },
  { era: 'showa', ja: '昭和', en: 'Showa' },
  { era: 'taisho', ja: '大正', en: 'Taisho' },
  { era: 'meiji', ja: '明治', en: 'Meiji' },
  { era: null, ja: '西暦', en: 'Western year' },
];

/** As a form prints it: 令和3年2月28日, 令和元年5月1日, or 西暦2021年2月28日. */
export function formatJapaneseDate(date: JapaneseDate): string {
  const era = eraChoices.find((c) => c.era === date.era)!;
  const year = date.era && date.year === 1 ? '元' : String(date.year);
  return `${era.ja}${year}年${date.month}月${date.day}日`;
}
