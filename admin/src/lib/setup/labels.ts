import type { DeviceKind, LocalizedText, SecondLanguage } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/** The languages an office names things in, Japanese and English first because the server requires them. */
export const languages = [
  { code: 'ja', label: '日本語', required: true },
  { code: 'en', label: 'English', required: true },
  { code: 'zh', label: '中文', required: false },
  { code: 'ko', label: '한국어', required: false },
  { code: 'vi', label: 'Tiếng Việt', required: false },
  { code: 'pt', label: 'Português', required: false },
] as const;

export const secondLanguageLabel: Record<SecondLanguage, string> = {
  en: 'English',
  zh: '中文',
  ko: '한국어',
  vi: 'Tiếng Việt',
  pt: 'Português',
  'ja-x-easy': 'やさしい日本語',
  tl: 'Tagalog',
  ne: 'नेपाली',
  id: 'Bahasa Indonesia',
  th: 'ไทย',
};

export const deviceKindLabel: Record<DeviceKind, string> = {
  kiosk: say.setup.deviceKind.kiosk(),
  display: say.setup.deviceKind.display(),
  agent: say.setup.deviceKind.agent(),
};

/** "住民票の写し / Residence certificate" */
export function bilingual(text: LocalizedText | undefined, fallback = ''): string {
  return text ? `${text.ja} / ${text.en}` : fallback;
}

/** An instant as the office's wall clock shows it: "2026-05-01 09:30". */
export function officeDateTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
}
