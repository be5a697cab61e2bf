import type { LocalizedText } from '@junban/server/protocol';

/**
 * Every word the kiosk shows a resident. The kiosk shows Japanese with English beneath, so screens take
 * both catalogues; more languages are added here (and to the office's service names) without touching a screen.
 */
const ja = {
  title: '発券機',
  chooseServices: 'ご用件をお選びください',
  chooseHint: '複数選べます。選んだ順にご案内します。',
  takeNumber: '発券',
  issuing: '発券しています…',
  yourNumber: 'あなたの番号',
  peopleAhead: (n: number) => (n === 0 ? '次にお呼びします' : `前に ${n} 人お待ちです`),
  estimate: (minutes: number) => `待ち時間の目安 約 ${minutes} 分`,
  noEstimate: 'ただいま待ち時間の目安はありません',
  watchDisplay: '番号が呼ばれるまで、表示板をご覧になってお待ちください。',
  done: 'とじる',
  returningIn: (s: number) => `${s} 秒後に最初の画面に戻ります`,
  failed: '発券できませんでした。係員にお声がけください。',
  noServices: 'ただいま受付中の手続きはありません。',
  connecting: '準備しています…',
  reconnecting: '再接続中…',
  noToken: 'この発券機は端末用リンクから開いてください。',
  noTokenHint: '管理者が発行した /kiosk/?token=… のリンクを使用してください。',
  cannotConnect: 'この発券機は接続できません。係員にお声がけください。',
};

export type Messages = typeof ja;

const en: Messages = {
  title: 'Kiosk',
  chooseServices: 'Please choose what you came for',
  chooseHint: 'You may choose several; we will guide you in that order.',
  takeNumber: 'Take a number',
  issuing: 'Issuing your number…',
  yourNumber: 'Your number',
  peopleAhead: (n) => (n === 0 ? 'You are next' : n === 1 ? '1 person ahead of you' : `${n} people ahead of you`),
  estimate: (minutes) => `Estimated wait: about ${minutes} min`,
  noEstimate: 'No wait estimate right now',
  watchDisplay: 'Please wait and watch the display until your number is called.',
  done: 'Close',
  returningIn: (s) => `Back to the start in ${s} s`,
  failed: 'Your number could not be issued. Please ask a member of staff.',
  noServices: 'No procedure is open right now.',
  connecting: 'Getting ready…',
  reconnecting: 'Reconnecting…',
  noToken: 'This kiosk must be opened with its device link.',
  noTokenHint: 'Ask your administrator for the kiosk link (/kiosk/?token=…).',
  cannotConnect: 'This kiosk cannot connect. Please ask a member of staff.',
};

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

export const messages: Record<Language, Messages> = { ja, en };

/** An office text (a service name) in a language, falling back to Japanese, which is always there. */
export function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? text.ja;
}

/** Whole minutes, rounded up so that an estimate is never optimistic. */
export function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
