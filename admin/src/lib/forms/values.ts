import { JunbanError, type FormField, type FormIssue, type FormValue, type HouseholdMember } from '@junban/protocol/screens';
import { messageOf } from '$lib/api';
import { say } from '$shared/staff-words';
import { formatJapaneseDate } from './dates';

/** A field's answer as the counter reads it (and as the printed form writes it); '—' for no answer. */
export function formatValue(field: FormField, value: FormValue | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') {
    const option = field.options?.find((o) => o.value === value);
    return option ? `${option.label.ja} / ${option.label.en}` : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(formatMember).join('\n');
  return formatJapaneseDate(value);
}

function formatMember(m: HouseholdMember): string {
  const birth = m.birthdate ? ` ${say.forms.dates.born.ja({ date: formatJapaneseDate(m.birthdate) })}` : '';
  return `${m.name || '—'}（${m.furigana || '—'}）${m.relationship ? ` ${m.relationship}` : ''}${birth}`;
}

/**
 * A refused correction's reasons, as the form check words them, to show under the box being corrected;
 * any other failure as one message.
 */
export function refusalOf(err: unknown, field: string): FormIssue[] {
  if (err instanceof JunbanError && err.code === 'form/invalid' && err.issues?.length) {
    return err.issues.map((i) => ({ field: i.path, level: i.level ?? 'error', message: i.text ?? { ja: i.message, en: i.message } }));
  }
  const message = messageOf(err);
  return [{ field, level: 'error', message: { ja: message, en: message } }];
}
