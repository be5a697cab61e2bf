/**
 * Dates in the Japanese era calendar (和暦). Era boundaries come from the platform's ICU (the Japanese calendar of
 * Intl), not from a table typed in here: ICU is maintained with every new era (it gained 令和 in 2019), and a
 * hand-made table is the classic place for off-by-one-day mistakes at 昭和64年1月7日 / 平成元年1月8日.
 *
 * ICU counts Meiji years on the Gregorian calendar from 1868-10-23; before 明治6年 Japan still used its
 * lunisolar calendar, so dates of 明治1-5年 are as ICU reads them, which is good enough for a form's birth date.
 */
import type { LocalizedText } from '../common/model.js';
import type { Era, JapaneseDate } from './model.js';

/** The eras' names as residents read them; the dates they cover come from ICU. */
export const ERA_NAMES: Readonly<Record<Era, LocalizedText>> = {
  meiji: { ja: '明治', en: 'Meiji' },
  taisho: { ja: '大正', en: 'Taisho' },
  showa: { ja: '昭和', en: 'Showa' },
  heisei: { ja: '平成', en: 'Heisei' },
  reiwa: { ja: '令和', en: 'Reiwa' },
};

const ERAS = Object.keys(ERA_NAMES) as Era[];
const ERA_BY_KANJI = new Map<string, Era>(Object.entries(ERA_NAMES).map(([era, name]) => [name.ja, era as Era]));

/** UTC throughout: a calendar date must not move with the machine's time zone. */
const japaneseCalendar = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

interface EraDay {
  eraName: string;
  year: number;
  month: number;
  day: number;
}

function readJapanese(date: Date): EraDay {
  const parts = japaneseCalendar.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // Some ICU versions write the first year of an era as 元 rather than 1.
  const yearText = part('year');
  return {
    eraName: part('era'),
    year: yearText === '元' ? 1 : Number(yearText),
    month: Number(part('month')),
    day: Number(part('day')),
  };
}

/** A UTC date from Western year, month, day, or null when the day does not exist (2月30日, 2023年2月29日). */
function westernDate(year: number, month: number, day: number): Date | null {
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

const isoOf = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

let eraOffsets: Map<Era, number> | undefined;

/**
 * The Western year in which each era's year 1 falls, learnt from ICU once by reading the last day of every year
 * since 1868 (an era's year n is always Western year offset + n - 1, whichever day of the year it is).
 */
function offsets(): Map<Era, number> {
  if (eraOffsets) return eraOffsets;
  const found = new Map<Era, number>();
  for (let year = 1868; year <= 2200; year++) {
    const day = readJapanese(westernDate(year, 12, 31)!);
    const era = ERA_BY_KANJI.get(day.eraName);
    if (era && !found.has(era)) found.set(era, year - day.year + 1);
  }
  const missing = ERAS.filter((era) => !found.has(era));
  if (missing.length > 0) {
    throw new Error(`This Node.js has no Japanese-calendar ICU data for ${missing.join(', ')}: use a build with full ICU`);
  }
  eraOffsets = found;
  return found;
}

/** Why a written date cannot be converted. */
export type DateProblem =
  /** The day does not exist in any calendar: 2月30日, 令和3年2月29日. */
  | 'no_such_day'
  /** The day exists but not in the era written: 平成31年5月1日 is 令和元年5月1日; 昭和64年1月8日 is 平成元年1月8日. */
  | 'outside_era'
  /** Written as 明治 but before 明治 began: earlier eras are not supported, a Western year is. */
  | 'before_meiji';

export type DateCheck =
  | { ok: true; iso: string }
  /** `suggestion`: the same day written in the era it falls in, when there is one (for "did you mean …"). */
  | { ok: false; problem: DateProblem; suggestion?: JapaneseDate };

/** Converts a written date to its Western calendar day, telling why when it cannot. */
export function checkJapaneseDate(d: JapaneseDate): DateCheck {
  if (d.era === null) {
    return westernDate(d.year, d.month, d.day) ? { ok: true, iso: isoOf(d.year, d.month, d.day) } : { ok: false, problem: 'no_such_day' };
  }
  const year = offsets().get(d.era)! + d.year - 1;
  const date = year <= 9999 ? westernDate(year, d.month, d.day) : null;
  if (!date) return { ok: false, problem: 'no_such_day' };
  const iso = isoOf(year, d.month, d.day);
  const read = readJapanese(date);
  if (read.eraName === ERA_NAMES[d.era].ja && read.year === d.year) return { ok: true, iso };
  if (d.era === 'meiji' && year <= 1868) return { ok: false, problem: 'before_meiji' };
  return { ok: false, problem: 'outside_era', suggestion: fromIsoDate(iso) };
}

/** The Western calendar day (YYYY-MM-DD) of a written date, or null when no such day exists in the era written. */
export function toIsoDate(d: JapaneseDate): string | null {
  const check = checkJapaneseDate(d);
  return check.ok ? check.iso : null;
}

/**
 * A Western calendar day (YYYY-MM-DD) in the era it falls in. Days before Meiji (and in an era ICU knows but this
 * code does not yet) come back with `era: null` and the Western year.
 */
export function fromIsoDate(iso: string): JapaneseDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const date = m ? westernDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  if (!m || !date) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  const read = readJapanese(date);
  const era = ERA_BY_KANJI.get(read.eraName);
  if (!era) return { era: null, year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return { era, year: read.year, month: read.month, day: read.day };
}

/** How a written date reads on screen: 令和元年5月1日 / Reiwa 1, 5/1; 2019年5月1日 / 2019-05-01. */
export function formatJapaneseDate(d: JapaneseDate): LocalizedText {
  if (d.era === null) return { ja: `${d.year}年${d.month}月${d.day}日`, en: isoOf(d.year, d.month, d.day) };
  const name = ERA_NAMES[d.era];
  return { ja: `${name.ja}${d.year === 1 ? '元' : d.year}年${d.month}月${d.day}日`, en: `${name.en} ${d.year}, ${d.month}/${d.day}` };
}
