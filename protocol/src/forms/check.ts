/**
 * The floor guide's check of a resident's form before the resident takes a number: every problem the counter would
 * otherwise find after the wait. Pure: the office's day comes in as `today`, so the 14-day rule is testable.
 *
 * It lives in the protocol, without zod (`@junban/protocol/form-check`), so that a resident's phone filling in a form
 * at home (the kiosk's `/forms` page) runs the very same checks as the guide's tablet and the office.
 */
import { isKana, isKatakana } from 'wanakana';
import type { LocalizedText } from '../common/model.js';
import type { CatalogueEntry, FormField, FormIssue, FormValue, FormValues, JapaneseDate } from './model.js';
import { checkJapaneseDate, formatJapaneseDate } from './japanese-date.js';

/** LocalizedText allows 200 characters; a long document name must not make the issue itself invalid. */
const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);
const text = (ja: string, en: string): LocalizedText => ({ ja: clip(ja), en: clip(en) });

const MESSAGES = {
  required: text('必須項目です', 'Required'),
  hiragana: text('ひらがなではなくカタカナで入力してください', 'Use katakana, not hiragana'),
  katakana: text('カタカナで入力してください', 'Use katakana only'),
  notADate: text('日付を入力してください', 'Enter a date'),
  noSuchDay: text('存在しない日付です', 'This date does not exist'),
  beforeMeiji: text('明治より前の元号には対応していません。西暦で入力してください', 'Eras before Meiji are not supported: enter the Western year'),
  future: text('未来の日付は入力できません', 'This date is in the future'),
  postal: text('郵便番号は7桁の数字で入力してください（例：123-4567）', 'Enter a 7-digit postal code (e.g. 123-4567)'),
  phone: text('電話番号は数字とハイフンで10〜11桁を入力してください', 'Enter a phone number of 10 or 11 digits (hyphens allowed)'),
  choice: text('選択肢から選んでください', 'Choose one of the options'),
  invalid: text('入力の形式が正しくありません', 'Invalid value'),
} as const;

/**
 * Residents type hyphens with whatever their keyboard gives: the IME's long-vowel mark (ー), a full-width hyphen,
 * a minus sign. NFKC turns full-width digits into ASCII but leaves most of these alone.
 */
const HYPHENS = /[‐‑‒–—―−ー－ｰ]/g;

/** Furigana as stored: NFKC (half-width ｶﾀｶﾅ become full-width, full-width spaces become spaces), one space between names. */
export function normalizeFurigana(value: string): string {
  return value.normalize('NFKC').trim().split(/\s+/).join(' ');
}

/** A postal code as 123-4567, or null when it is not seven digits. */
export function normalizePostal(value: string): string | null {
  const m = /^〒?\s*(\d{3})-?(\d{4})$/.exec(value.normalize('NFKC').replace(HYPHENS, '-').trim());
  return m ? `${m[1]}-${m[2]}` : null;
}

/** A phone number in ASCII digits and hyphens, or null unless it is 10 or 11 digits (fixed line or mobile). */
export function normalizePhone(value: string): string | null {
  const phone = value.normalize('NFKC').replace(HYPHENS, '-').trim();
  if (!/^\d+(-\d+)*$/.test(phone)) return null;
  const digits = phone.replaceAll('-', '').length;
  return digits >= 10 && digits <= 11 ? phone : null;
}

const isBlank = (v: FormValue | undefined) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const isDate = (v: FormValue | undefined): v is JapaneseDate => typeof v === 'object' && v !== null && !Array.isArray(v);

function furiganaProblem(value: string): LocalizedText | null {
  const names = normalizeFurigana(value).split(' ');
  if (names.every((n) => isKatakana(n))) return null;
  // All kana but some hiragana: the resident wrote the reading, just in the other script.
  return names.every((n) => isKana(n)) ? MESSAGES.hiragana : MESSAGES.katakana;
}

const daysBetween = (fromIso: string, toIso: string) => (Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000;

/** Problems of a filled-in date: impossible, in another era, or (for `pastOnly`) after today. */
function dateProblem(d: JapaneseDate, pastOnly: boolean, today: string): LocalizedText | null {
  const check = checkJapaneseDate(d);
  if (check.ok) return pastOnly && check.iso > today ? MESSAGES.future : null;
  if (check.problem === 'before_meiji') return MESSAGES.beforeMeiji;
  if (check.problem === 'outside_era' && check.suggestion) {
    const written = formatJapaneseDate(d);
    const meant = formatJapaneseDate(check.suggestion);
    return text(`${written.ja}は存在しない日付です（${meant.ja}ではありませんか）`, `${written.en} does not exist: did you mean ${meant.en}?`);
  }
  return MESSAGES.noSuchDay;
}

function checkHousehold(field: FormField, members: FormValue, today: string, issues: FormIssue[]) {
  if (!Array.isArray(members)) {
    issues.push({ field: field.id, level: 'error', message: MESSAGES.invalid });
    return;
  }
  // Every line of a household table needs all four entries: the counter registers each person from it.
  for (const [i, m] of members.entries()) {
    const at = (key: string) => `${field.id}.${i}.${key}`;
    if (m.name.trim() === '') issues.push({ field: at('name'), level: 'error', message: MESSAGES.required });
    if (m.furigana.trim() === '') issues.push({ field: at('furigana'), level: 'error', message: MESSAGES.required });
    else {
      const problem = furiganaProblem(m.furigana);
      if (problem) issues.push({ field: at('furigana'), level: 'error', message: problem });
    }
    if (m.relationship.trim() === '') issues.push({ field: at('relationship'), level: 'error', message: MESSAGES.required });
    if (m.birthdate === null) issues.push({ field: at('birthdate'), level: 'error', message: MESSAGES.required });
    else {
      const problem = dateProblem(m.birthdate, true, today);
      if (problem) issues.push({ field: at('birthdate'), level: 'error', message: problem });
    }
  }
}

/** The problem of one filled-in (not blank) field, by its type. */
function fieldProblem(field: FormField, value: FormValue, today: string): LocalizedText | null {
  if (field.type === 'date') return isDate(value) ? dateProblem(value, field.pastOnly ?? false, today) : MESSAGES.notADate;
  if (typeof value !== 'string') return MESSAGES.invalid;
  switch (field.type) {
    case 'furigana':
      return furiganaProblem(value);
    case 'postal':
      return normalizePostal(value) ? null : MESSAGES.postal;
    case 'phone':
      return normalizePhone(value) ? null : MESSAGES.phone;
    case 'choice':
      return field.options?.some((o) => o.value === value) ? null : MESSAGES.choice;
    default:
      return null;
  }
}

/**
 * Everything wrong with a form for `entry`: errors (required, katakana, dates, formats, documents not ticked) and
 * warnings (rules such as a move-in notified after 14 days). `documents` are the ids the guide ticked; `today` is
 * the office's day (YYYY-MM-DD). Answers to fields the form does not have are ignored.
 */
export function checkForm(entry: CatalogueEntry, values: FormValues, documents: string[], today: string): FormIssue[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) {
    throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
  }
  const issues: FormIssue[] = [];
  for (const field of entry.fields) {
    const value = values[field.id];
    if (value === undefined || isBlank(value)) {
      if (field.required) issues.push({ field: field.id, level: 'error', message: MESSAGES.required });
      continue;
    }
    if (field.type === 'household') {
      checkHousehold(field, value, today, issues);
      continue;
    }
    const problem = fieldProblem(field, value, today);
    if (problem) issues.push({ field: field.id, level: 'error', message: problem });
  }

  const ticked = new Set(documents);
  for (const doc of entry.documents) {
    if (doc.required && !ticked.has(doc.id)) {
      issues.push({
        field: `documents.${doc.id}`,
        level: 'error',
        message: text(`持参書類の確認が済んでいません：${doc.name.ja}`, `Document not checked: ${doc.name.en}`),
      });
    }
  }

  for (const rule of entry.rules) {
    switch (rule.kind) {
      case 'notify_within_days': {
        // An unusable date already has its error; the rule speaks only about a real day.
        const value = values[rule.field];
        const check = isDate(value) ? checkJapaneseDate(value) : null;
        if (check?.ok && daysBetween(check.iso, today) > rule.days) {
          issues.push({ field: rule.field, level: 'warning', message: rule.message });
        }
        break;
      }
    }
  }
  return issues;
}
