import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../config/env.js';
import { CatalogueEntry, FormIssue, type FormValues, type HouseholdMember, type JapaneseDate } from '@junban/protocol';
import { loadCatalogue } from './catalogue.js';
import { checkForm, normalizeFurigana, normalizePhone, normalizePostal } from '@junban/protocol/form-check';

const TODAY = '2026-04-15';

/** A form with one field of each kind, so each check is tested on its own. */
const entry = CatalogueEntry.parse({
  serviceId: 'test',
  title: { ja: 'テスト', en: 'Test' },
  documents: [
    { id: 'identity-document', name: { ja: '本人確認書類', en: 'Identity document' }, required: true },
    { id: 'moving-out-certificate', name: { ja: '転出証明書', en: 'Moving-out certificate' }, required: true },
    { id: 'power-of-attorney', name: { ja: '委任状', en: 'Letter of attorney' }, required: false },
  ],
  fields: [
    { id: 'name', label: { ja: '氏名', en: 'Name' }, type: 'name', required: true },
    { id: 'furigana', label: { ja: 'フリガナ', en: 'Furigana' }, type: 'furigana', required: true },
    { id: 'birthdate', label: { ja: '生年月日', en: 'Birth' }, type: 'date', required: true, pastOnly: true },
    { id: 'move-date', label: { ja: '異動日', en: 'Move date' }, type: 'date', required: false },
    { id: 'postal', label: { ja: '郵便番号', en: 'Postal code' }, type: 'postal' },
    { id: 'address', label: { ja: '住所', en: 'Address' }, type: 'address' },
    { id: 'phone', label: { ja: '電話番号', en: 'Phone' }, type: 'phone' },
    { id: 'memo', label: { ja: 'メモ', en: 'Memo' }, type: 'text' },
    {
      id: 'copies',
      label: { ja: '通数', en: 'Copies' },
      type: 'choice',
      options: [
        { value: '1', label: { ja: '1通', en: '1' } },
        { value: '2', label: { ja: '2通', en: '2' } },
      ],
    },
    { id: 'household', label: { ja: '世帯員', en: 'Household' }, type: 'household' },
  ],
  rules: [{ kind: 'notify_within_days', field: 'move-date', days: 14, message: { ja: '14日を過ぎています', en: 'Over 14 days' } }],
});

const valid: FormValues = {
  name: '山田 太郎',
  furigana: 'ヤマダ タロウ',
  birthdate: { era: 'showa', year: 60, month: 6, day: 15 },
};
const allDocuments = ['identity-document', 'moving-out-certificate'];

/** The issues of the valid form with `change` applied, every document ticked. */
function issuesWith(change: FormValues, documents = allDocuments, today = TODAY) {
  const issues = checkForm(entry, { ...valid, ...change }, documents, today);
  for (const issue of issues) FormIssue.parse(issue);
  return issues;
}
const on = (field: string, change: FormValues) => issuesWith(change).filter((i) => i.field === field);
const date = (era: JapaneseDate['era'], year: number, month: number, day: number): JapaneseDate => ({ era, year, month, day });
const member = (m: Partial<HouseholdMember> = {}): HouseholdMember => ({
  name: '山田 花子',
  furigana: 'ヤマダ ハナコ',
  relationship: '妻',
  birthdate: date('heisei', 2, 3, 4),
  ...m,
});

describe('a valid form', () => {
  it('has no issues', () => {
    expect(issuesWith({})).toEqual([]);
  });
});

describe('required fields', () => {
  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
    ['only spaces (half- and full-width)', ' 　 '],
  ])('a required field %s is an error', (_name, value) => {
    const values: FormValues = { ...valid };
    if (value === undefined) delete values.name;
    else values.name = value;
    expect(checkForm(entry, values, allDocuments, TODAY)).toEqual([{ field: 'name', level: 'error', message: { ja: '必須項目です', en: 'Required' } }]);
  });

  it('an optional field may stay empty', () => {
    expect(issuesWith({ postal: '', phone: null, 'move-date': null, household: [] })).toEqual([]);
  });

  it('lists every missing required field', () => {
    expect(checkForm(entry, {}, allDocuments, TODAY).map((i) => i.field)).toEqual(['name', 'furigana', 'birthdate']);
  });
});

describe('furigana: katakana only', () => {
  it.each(['ヤマダ タロウ', 'ヤマダ　タロウ', 'ヤマダタロウ', 'スミス ジョン', 'ジョン・スミス', 'ヴァン ヨーコ', 'ﾔﾏﾀﾞ ﾀﾛｳ'])('%s is fine', (furigana) => {
    expect(on('furigana', { furigana })).toEqual([]);
  });

  it.each(['やまだ', 'やまだ たろう', 'ヤマダ たろう'])('%s: asks for katakana instead of hiragana', (furigana) => {
    expect(on('furigana', { furigana })).toEqual([
      { field: 'furigana', level: 'error', message: { ja: 'ひらがなではなくカタカナで入力してください', en: 'Use katakana, not hiragana' } },
    ]);
  });

  it.each(['山田', 'yamada', 'ヤマダ1', '山田 タロウ'])('%s: katakana only', (furigana) => {
    expect(on('furigana', { furigana })).toEqual([
      { field: 'furigana', level: 'error', message: { ja: 'カタカナで入力してください', en: 'Use katakana only' } },
    ]);
  });

  it('is stored full-width with one space between the names', () => {
    expect(normalizeFurigana(' ﾔﾏﾀﾞ　　ﾀﾛｳ ')).toBe('ヤマダ タロウ');
  });
});

describe('dates', () => {
  const message = (field: string, change: FormValues) => on(field, change).map((i) => i.message.ja);

  it('an impossible day is an error', () => {
    expect(message('birthdate', { birthdate: date('reiwa', 3, 2, 29) })).toEqual(['存在しない日付です']);
    expect(message('birthdate', { birthdate: date(null, 1990, 4, 31) })).toEqual(['存在しない日付です']);
    expect(message('birthdate', { birthdate: date('reiwa', 2, 2, 29) })).toEqual([]);
  });

  it('a day outside its era is an error that names the era it falls in', () => {
    expect(on('birthdate', { birthdate: date('heisei', 31, 5, 1) })).toEqual([
      {
        field: 'birthdate',
        level: 'error',
        message: {
          ja: '平成31年5月1日は存在しない日付です（令和元年5月1日ではありませんか）',
          en: 'Heisei 31, 5/1 does not exist: did you mean Reiwa 1, 5/1?',
        },
      },
    ]);
    expect(message('birthdate', { birthdate: date('reiwa', 1, 4, 30) })).toEqual(['令和元年4月30日は存在しない日付です（平成31年4月30日ではありませんか）']);
    expect(message('birthdate', { birthdate: date('showa', 64, 1, 8) })).toEqual(['昭和64年1月8日は存在しない日付です（平成元年1月8日ではありませんか）']);
    expect(message('birthdate', { birthdate: date('showa', 64, 1, 7) })).toEqual([]);
  });

  it('an era before Meiji is not supported, and says so', () => {
    expect(message('birthdate', { birthdate: date('meiji', 1, 3, 1) })).toEqual(['明治より前の元号には対応していません。西暦で入力してください']);
  });

  it('a birth date cannot be in the future; today is fine', () => {
    expect(message('birthdate', { birthdate: date(null, 2026, 4, 16) })).toEqual(['未来の日付は入力できません']);
    expect(message('birthdate', { birthdate: date('reiwa', 8, 4, 15) })).toEqual([]);
  });

  it('a date field without pastOnly may be in the future (a planned move-out)', () => {
    expect(message('move-date', { 'move-date': date(null, 2026, 4, 20) })).toEqual([]);
  });

  it('text in a date field is an error', () => {
    expect(message('birthdate', { birthdate: '1985-06-15' })).toEqual(['日付を入力してください']);
  });
});

describe('postal code', () => {
  it.each(['123-4567', '1234567', '１２３－４５６７', '１２３４５６７', '123ー4567', '〒123-4567', ' 123-4567 '])('%s is fine', (postal) => {
    expect(on('postal', { postal })).toEqual([]);
    expect(normalizePostal(postal)).toBe('123-4567');
  });

  it.each(['123456', '12345678', '12-34567', '1234-567', 'abc-defg', '123--4567'])('%s is an error', (postal) => {
    expect(on('postal', { postal })).toEqual([
      {
        field: 'postal',
        level: 'error',
        message: { ja: '郵便番号は7桁の数字で入力してください（例：123-4567）', en: 'Enter a 7-digit postal code (e.g. 123-4567)' },
      },
    ]);
  });
});

describe('phone', () => {
  it.each(['03-1234-5678', '0312345678', '090-1234-5678', '09012345678', '０９０－１２３４－５６７８', '0120-123-456'])('%s is fine', (phone) => {
    expect(on('phone', { phone })).toEqual([]);
    expect(normalizePhone(phone)).not.toBeNull();
  });

  it.each(['03-1234-567', '090-1234-56789', '03(1234)5678', '+81-90-1234-5678', '090--1234-5678', '-0312345678', 'でんわ'])('%s is an error', (phone) => {
    expect(on('phone', { phone }).map((i) => i.message.ja)).toEqual(['電話番号は数字とハイフンで10〜11桁を入力してください']);
  });
});

describe('choices', () => {
  it('accepts an offered value and refuses another', () => {
    expect(on('copies', { copies: '2' })).toEqual([]);
    expect(on('copies', { copies: '9' }).map((i) => i.message.ja)).toEqual(['選択肢から選んでください']);
  });
});

describe('household members', () => {
  it('valid members pass', () => {
    expect(
      issuesWith({ household: [member(), member({ name: '山田 一郎', furigana: 'ヤマダ イチロウ', relationship: '子', birthdate: date('reiwa', 1, 5, 1) })] }),
    ).toEqual([]);
  });

  it('are checked like the resident, each entry at its own place', () => {
    const issues = issuesWith({
      household: [
        member(),
        member({ name: ' ', furigana: 'やまだ', relationship: '', birthdate: date('heisei', 31, 5, 1) }),
        member({ furigana: '', birthdate: null }),
        member({ birthdate: date(null, 2030, 1, 1) }),
      ],
    });
    expect(issues.map((i) => [i.field, i.message.ja])).toEqual([
      ['household.1.name', '必須項目です'],
      ['household.1.furigana', 'ひらがなではなくカタカナで入力してください'],
      ['household.1.relationship', '必須項目です'],
      ['household.1.birthdate', '平成31年5月1日は存在しない日付です（令和元年5月1日ではありませんか）'],
      ['household.2.furigana', '必須項目です'],
      ['household.2.birthdate', '必須項目です'],
      ['household.3.birthdate', '未来の日付は入力できません'],
    ]);
  });

  it('a required household needs at least one member', () => {
    const required = CatalogueEntry.parse({ ...entry, fields: entry.fields.map((f) => (f.type === 'household' ? { ...f, required: true } : f)) });
    expect(checkForm(required, { ...valid, household: [] }, allDocuments, TODAY)).toEqual([
      { field: 'household', level: 'error', message: { ja: '必須項目です', en: 'Required' } },
    ]);
  });

  it('text in a household field is an error', () => {
    expect(on('household', { household: '山田 花子' }).map((i) => i.message.ja)).toEqual(['入力の形式が正しくありません']);
  });
});

describe('documents to bring', () => {
  it('a required document not ticked is an error naming it; an optional one is not', () => {
    expect(issuesWith({}, ['identity-document'])).toEqual([
      {
        field: 'documents.moving-out-certificate',
        level: 'error',
        message: { ja: '持参書類の確認が済んでいません：転出証明書', en: 'Document not checked: Moving-out certificate' },
      },
    ]);
  });

  it('none ticked: one error per required document', () => {
    expect(issuesWith({}, []).map((i) => i.field)).toEqual(['documents.identity-document', 'documents.moving-out-certificate']);
  });
});

describe('the 14-day rule', () => {
  const moved = (daysAgo: number) => {
    const d = new Date(Date.parse(`${TODAY}T00:00:00Z`) - daysAgo * 86_400_000);
    return date(null, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };

  it.each([0, 13, 14])('%i days after the move: no warning', (days) => {
    expect(issuesWith({ 'move-date': moved(days) })).toEqual([]);
  });

  it.each([15, 60])('%i days after the move: a warning with the rule message', (days) => {
    expect(issuesWith({ 'move-date': moved(days) })).toEqual([
      { field: 'move-date', level: 'warning', message: { ja: '14日を過ぎています', en: 'Over 14 days' } },
    ]);
  });

  it('counts across a month and a leap day, in era dates too', () => {
    // 2024-02-15 + 14 days is 2024-02-29 (leap year); the 15th day is 2024-03-01.
    expect(checkForm(entry, { ...valid, 'move-date': date('reiwa', 6, 2, 15) }, allDocuments, '2024-02-29')).toEqual([]);
    expect(checkForm(entry, { ...valid, 'move-date': date('reiwa', 6, 2, 15) }, allDocuments, '2024-03-01').map((i) => i.level)).toEqual(['warning']);
  });

  it('says nothing about an impossible move date beyond its error', () => {
    expect(issuesWith({ 'move-date': date('reiwa', 1, 4, 30) }).map((i) => i.level)).toEqual(['error']);
  });

  it('refuses a today that is not a date', () => {
    expect(() => checkForm(entry, valid, allDocuments, '15/04/2026')).toThrow(RangeError);
  });
});

describe('the procedure catalogue', () => {
  const catalogue = loadCatalogue();
  const office = JSON.parse(readFileSync(resolve(repoRoot, 'server/demo/office.json'), 'utf8')) as { services: { id: string }[] };
  const services = new Set(office.services.map((s) => s.id));

  it('loads a form for each procedure the floor guide covers', () => {
    expect([...catalogue.keys()].sort()).toEqual([
      'inkan-toroku',
      'jido-teate',
      'juminhyo',
      'kokuho',
      'mynumber-apply',
      'mynumber-pickup',
      'tenkyo',
      'tennyu',
      'tenshutsu',
    ]);
  });

  it('names only procedures of the demo office, in its entries and their related steps', () => {
    for (const e of catalogue.values()) {
      expect(services, e.serviceId).toContain(e.serviceId);
      for (const r of e.related) expect(services, `${e.serviceId} → ${r}`).toContain(r);
    }
  });

  it('proposes insurance and child allowance after a move-in', () => {
    expect(catalogue.get('tennyu')!.related).toEqual(expect.arrayContaining(['kokuho', 'jido-teate']));
  });

  it('warns of a move-in notified after 14 days, and a filled-in move-in passes', () => {
    const tennyu = catalogue.get('tennyu')!;
    const values: FormValues = {
      ...valid,
      phone: '090-1234-5678',
      'move-date': date('reiwa', 8, 4, 1),
      postal: '123-4567',
      address: 'ひかり市中央1-2-3',
      'previous-address': '東京都千代田区1-1',
      householder: '山田 太郎',
      relationship: '本人',
      household: [member()],
    };
    const required = tennyu.documents.filter((d) => d.required).map((d) => d.id);
    expect(checkForm(tennyu, values, required, '2026-04-15')).toEqual([]);
    expect(checkForm(tennyu, values, required, '2026-04-16').map((i) => [i.field, i.level])).toEqual([['move-date', 'warning']]);
  });

  it('stops with the file name on a broken entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junban-catalogue-'));
    try {
      writeFileSync(join(dir, 'tennyu.json'), JSON.stringify({ serviceId: 'tennyu', title: { ja: '転入届' }, documents: [], fields: [] }));
      expect(() => loadCatalogue(dir)).toThrow(/tennyu\.json is not valid: title\.en/);
      writeFileSync(join(dir, 'tennyu.json'), '{ not json');
      expect(() => loadCatalogue(dir)).toThrow(/tennyu\.json/);
      writeFileSync(join(dir, 'tennyu.json'), JSON.stringify({ serviceId: 'tenkyo', title: { ja: '転居届', en: 'Move' }, documents: [], fields: [] }));
      expect(() => loadCatalogue(dir)).toThrow(/tennyu\.json holds serviceId "tenkyo"/);
      writeFileSync(
        join(dir, 'tennyu.json'),
        JSON.stringify({
          serviceId: 'tennyu',
          title: { ja: '転入届', en: 'Move' },
          documents: [],
          fields: [],
          rules: [{ kind: 'notify_within_days', field: 'move-date', days: 14, message: { ja: 'a', en: 'a' } }],
        }),
      );
      expect(() => loadCatalogue(dir)).toThrow(/rules\.0\.field: rule field move-date is not a date field/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
