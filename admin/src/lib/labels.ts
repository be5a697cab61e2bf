import type { CounterStatus, Language, Need, Reservation, Role, StepState } from '@junban/protocol/screens';

/** Staff screens are labelled in both languages at once: "日本語 / English". */
export const roleLabel: Record<Role, string> = {
  counter: '窓口 / Counter',
  guide: '案内 / Guide',
  manager: '管理者 / Manager',
  admin: 'システム管理 / Admin',
};

/**
 * The languages a resident can choose, for staff: Japanese first, then the language's own name, which the
 * resident recognises when the guide shows the list.
 */
export const languageLabel: Record<Language, string> = {
  ja: '日本語',
  'ja-x-easy': 'やさしい日本語 / やさしいにほんご',
  en: '英語 / English',
  zh: '中国語 / 中文',
  ko: '韓国語 / 한국어',
  vi: 'ベトナム語 / Tiếng Việt',
  pt: 'ポルトガル語 / Português',
  tl: 'タガログ語 / Tagalog',
  ne: 'ネパール語 / नेपाली',
  id: 'インドネシア語 / Bahasa Indonesia',
  th: 'タイ語 / ไทย',
};

/** A resident's needs (issue 20), for staff: each with its mark, so a tag reads at a glance without colour. */
export const needLabel: Record<Need, string> = {
  hearing: '聴覚 / Hearing',
  sight: '視覚 / Sight',
  wheelchair: '車いす / Wheelchair',
  sign_language: '手話通訳 / Sign language',
  interpreter: '通訳 / Interpreter',
};
export const needMark: Record<Need, string> = {
  hearing: '👂',
  sight: '👁',
  wheelchair: '♿',
  sign_language: '🤟',
  interpreter: '🗣',
};

export const counterStatusLabel: Record<CounterStatus, string> = {
  open: '受付中 / Open',
  paused: '休止中 / Paused',
  closed: '閉鎖 / Closed',
};

export const stepStateLabel: Record<StepState, string> = {
  pending: '未着手 / To come',
  waiting: '待ち / Waiting',
  called: '呼出中 / Called',
  serving: '対応中 / Serving',
  held: '保留 / Held',
  done: '完了 / Done',
  no_show: '不在 / No-show',
  cancelled: '取消 / Cancelled',
  expired: '期限切れ / Expired',
};

export const reservationStatusLabel: Record<Reservation['status'], string> = {
  booked: '予約済 / Booked',
  checked_in: '受付済 / Checked in',
  cancelled: '取消 / Cancelled',
};

/** 0 Sunday … 6 Saturday, as the server counts weekdays. */
export const weekdays = [
  { ja: '日', en: 'Sun' },
  { ja: '月', en: 'Mon' },
  { ja: '火', en: 'Tue' },
  { ja: '水', en: 'Wed' },
  { ja: '木', en: 'Thu' },
  { ja: '金', en: 'Fri' },
  { ja: '土', en: 'Sat' },
] as const;
