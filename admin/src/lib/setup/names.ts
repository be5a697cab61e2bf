import type { LocalizedText } from '@junban/protocol/screens';

/** A LocalizedText as the form edits it: every language present, empty when the office has no name in it. */
export function editableText(text: LocalizedText | undefined): Record<string, string> {
  return { ja: '', en: '', zh: '', ko: '', vi: '', pt: '', ...text };
}

/** Back to what the server takes: trimmed, and languages left empty are dropped (the server refuses empty names). */
export function localizedText(fields: Record<string, string>): LocalizedText {
  const kept = Object.entries(fields)
    .map(([k, v]) => [k, v.trim()] as const)
    .filter(([, v]) => v !== '');
  return { ja: '', en: '', ...Object.fromEntries(kept) } as LocalizedText;
}
