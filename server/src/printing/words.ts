import type { Language } from '@junban/protocol';

/** The ticket's line for a resident who chose another language than Japanese (the rest of the ticket is Japanese). */
export const residentLine: Record<Exclude<Language, 'ja'>, (number: string) => string> = {
  en: (n) => `Your number is ${n}. Please watch the screen.`,
  zh: (n) => `您的号码是 ${n}。请留意叫号屏幕。`,
  ko: (n) => `고객님의 번호는 ${n}입니다. 안내 화면을 확인해 주세요.`,
  vi: (n) => `Số của bạn là ${n}. Vui lòng theo dõi màn hình.`,
  pt: (n) => `Sua senha é ${n}. Acompanhe o painel, por favor.`,
};
