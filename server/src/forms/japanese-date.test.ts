import { describe, expect, it } from 'vitest';
import { JapaneseDate, type Era } from '@junban/protocol';
import { checkJapaneseDate, formatJapaneseDate, fromIsoDate, toIsoDate } from '@junban/protocol/form-check';

const jd = (era: Era | null, year: number, month: number, day: number): JapaneseDate => ({ era, year, month, day });

describe('Japanese era dates to Western dates', () => {
  it.each([
    ['平成31年4月30日, the last day of Heisei', jd('heisei', 31, 4, 30), '2019-04-30'],
    ['令和元年5月1日, the first day of Reiwa', jd('reiwa', 1, 5, 1), '2019-05-01'],
    ['昭和64年1月7日, the last day of Showa', jd('showa', 64, 1, 7), '1989-01-07'],
    ['平成元年1月8日, the first day of Heisei', jd('heisei', 1, 1, 8), '1989-01-08'],
    ['大正15年12月24日 / 昭和元年12月25日', jd('taisho', 15, 12, 24), '1926-12-24'],
    ['昭和元年12月25日', jd('showa', 1, 12, 25), '1926-12-25'],
    ['明治45年7月29日 / 大正元年7月30日', jd('meiji', 45, 7, 29), '1912-07-29'],
    ['大正元年7月30日', jd('taisho', 1, 7, 30), '1912-07-30'],
    ['明治元年10月23日, the first day ICU counts as Meiji', jd('meiji', 1, 10, 23), '1868-10-23'],
    ['令和2年2月29日 (leap year)', jd('reiwa', 2, 2, 29), '2020-02-29'],
    ['平成12年2月29日 (2000, a leap century)', jd('heisei', 12, 2, 29), '2000-02-29'],
    ['a Western date', jd(null, 1985, 6, 15), '1985-06-15'],
    ['a Western date before Meiji', jd(null, 1850, 1, 1), '1850-01-01'],
    ['a Western year below 100 keeps its year', jd(null, 50, 3, 1), '0050-03-01'],
  ])('%s', (_name, date, iso) => {
    expect(toIsoDate(date)).toBe(iso);
  });

  it.each([
    ['平成31年5月1日 (already Reiwa)', jd('heisei', 31, 5, 1)],
    ['令和1年4月30日 (still Heisei)', jd('reiwa', 1, 4, 30)],
    ['昭和64年1月8日 (already Heisei)', jd('showa', 64, 1, 8)],
    ['平成元年1月7日 (still Showa)', jd('heisei', 1, 1, 7)],
    ['昭和70年 (Showa ended in its 64th year)', jd('showa', 70, 5, 1)],
    ['令和3年2月29日 (not a leap year)', jd('reiwa', 3, 2, 29)],
    ['2月30日', jd('reiwa', 5, 2, 30)],
    ['4月31日', jd('heisei', 10, 4, 31)],
    ['Western 2023-02-29', jd(null, 2023, 2, 29)],
    ['Western 1900-02-29 (not a leap century)', jd(null, 1900, 2, 29)],
    ['明治元年1月1日 (before Meiji began)', jd('meiji', 1, 1, 1)],
  ])('%s does not exist', (_name, date) => {
    expect(toIsoDate(date)).toBeNull();
  });

  it('says which era a day outside its era falls in', () => {
    expect(checkJapaneseDate(jd('heisei', 31, 5, 1))).toEqual({ ok: false, problem: 'outside_era', suggestion: jd('reiwa', 1, 5, 1) });
    expect(checkJapaneseDate(jd('reiwa', 1, 4, 30))).toEqual({ ok: false, problem: 'outside_era', suggestion: jd('heisei', 31, 4, 30) });
    expect(checkJapaneseDate(jd('showa', 64, 1, 8))).toEqual({ ok: false, problem: 'outside_era', suggestion: jd('heisei', 1, 1, 8) });
    expect(checkJapaneseDate(jd('showa', 70, 5, 1))).toEqual({ ok: false, problem: 'outside_era', suggestion: jd('heisei', 7, 5, 1) });
  });

  it('tells a day that exists nowhere from one in another era, and eras before Meiji apart', () => {
    expect(checkJapaneseDate(jd('reiwa', 3, 2, 29))).toEqual({ ok: false, problem: 'no_such_day' });
    expect(checkJapaneseDate(jd('meiji', 1, 1, 1))).toEqual({ ok: false, problem: 'before_meiji' });
  });
});

describe('Western dates to Japanese era dates', () => {
  it.each([
    ['2019-04-30', jd('heisei', 31, 4, 30)],
    ['2019-05-01', jd('reiwa', 1, 5, 1)],
    ['1989-01-07', jd('showa', 64, 1, 7)],
    ['1989-01-08', jd('heisei', 1, 1, 8)],
    ['1926-12-25', jd('showa', 1, 12, 25)],
    ['1912-07-30', jd('taisho', 1, 7, 30)],
    ['1900-01-01', jd('meiji', 33, 1, 1)],
    ['2026-04-01', jd('reiwa', 8, 4, 1)],
  ])('%s', (iso, date) => {
    expect(fromIsoDate(iso)).toEqual(date);
    expect(toIsoDate(date)).toBe(iso);
  });

  it('gives days before Meiji with the Western year', () => {
    expect(fromIsoDate('1868-01-01')).toEqual(jd(null, 1868, 1, 1));
  });

  it('round-trips every day from 1868-10-23 to 2030 through the era', () => {
    // Catches an off-by-one at any era boundary without listing the boundaries here.
    for (let t = Date.UTC(1868, 9, 23); t <= Date.UTC(2030, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const date = fromIsoDate(iso);
      if (date.era === null || toIsoDate(date) !== iso) throw new Error(`${iso} → ${JSON.stringify(date)} → ${toIsoDate(date)}`);
    }
  });

  it('refuses what is not a calendar date', () => {
    expect(() => fromIsoDate('2019-02-30')).toThrow(RangeError);
    expect(() => fromIsoDate('20190501')).toThrow(RangeError);
  });

  it('every converted date satisfies the schema', () => {
    expect(JapaneseDate.parse(fromIsoDate('2019-05-01'))).toEqual(jd('reiwa', 1, 5, 1));
  });
});

describe('showing a date', () => {
  it('writes the first year of an era as 元年', () => {
    expect(formatJapaneseDate(jd('reiwa', 1, 5, 1))).toEqual({ ja: '令和元年5月1日', en: 'Reiwa 1, 5/1' });
    expect(formatJapaneseDate(jd('heisei', 31, 4, 30)).ja).toBe('平成31年4月30日');
    expect(formatJapaneseDate(jd(null, 1985, 6, 15))).toEqual({ ja: '1985年6月15日', en: '1985-06-15' });
  });
});
