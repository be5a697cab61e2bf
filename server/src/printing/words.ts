import type { Language } from '@junban/protocol';

/** The ticket's line for a resident who chose another language than Japanese (the rest of the ticket is Japanese). */
export const residentLine: Record<Exclude<Language, 'ja'>, (number: string) => string> = {
  en: (n) => `Your number is ${n}. Please watch the screen.`,
  zh: (n) => `您的号码是 ${n}。请留意叫号屏幕。`,
  ko: (n) => `고객님의 번호는 ${n}입니다. 안내 화면을 확인해 주세요.`,
  vi: (n) => `Số của bạn là ${n}. Vui lòng theo dõi màn hình.`,
  pt: (n) => `Sua senha é ${n}. Acompanhe o painel, por favor.`,
  'ja-x-easy': (n) => `あなたの ばんごうは ${n} です。がめんを みて ください。`,
  tl: (n) => `Ang numero ninyo ay ${n}. Pakitingnan ang screen.`,
  ne: (n) => `तपाईंको नम्बर ${n} हो। कृपया स्क्रिन हेर्नुहोस्।`,
  id: (n) => `Nomor Anda ${n}. Silakan perhatikan layar.`,
  th: (n) => `หมายเลขของท่านคือ ${n} กรุณาดูที่จอ`,
};

/**
 * Under the QR code, in Japanese: the resident may leave and follow their turn on their phone, and where the status
 * page is at a city that sends notices, ask to be told. Two short lines: a 58 mm ticket holds 15 to 17 kanji a line.
 * `en` is for a printer that can neither show nor draw them.
 */
export const mayLeave = (notices: boolean) => [
  { text: 'この場を離れても大丈夫です', en: 'You may leave.' },
  notices
    ? { text: 'スマホで順番確認・通知ができます', en: 'Get notified on your phone.' }
    : { text: 'スマホで順番を確認できます', en: 'Follow your turn by phone.' },
];

/** The same, in the language of a resident who chose another than Japanese (after their `residentLine`). */
export const residentMayLeave: Record<Exclude<Language, 'ja'>, (notices: boolean) => string> = {
  en: (n) => (n ? 'You may leave: follow your turn and be notified on your phone.' : 'You may leave: follow your turn on your phone.'),
  zh: (n) => (n ? '您可以离开：用手机查看进度并接收通知。' : '您可以离开：用手机查看叫号进度。'),
  ko: (n) => (n ? '자리를 비우셔도 됩니다. 휴대폰으로 순서를 확인하고 알림을 받으세요.' : '자리를 비우셔도 됩니다. 휴대폰으로 순서를 확인하세요.'),
  vi: (n) => (n ? 'Bạn có thể rời đi: theo dõi lượt và nhận thông báo trên điện thoại.' : 'Bạn có thể rời đi: theo dõi lượt trên điện thoại.'),
  pt: (n) => (n ? 'Pode sair: acompanhe a sua vez e receba avisos no celular.' : 'Pode sair: acompanhe a sua vez no celular.'),
  'ja-x-easy': (n) =>
    n ? 'はなれても だいじょうぶです。スマホで じゅんばんが わかります。しらせも きます。' : 'はなれても だいじょうぶです。スマホで じゅんばんが わかります。',
  tl: (n) => (n ? 'Puwede kayong umalis: subaybayan ang turno at maabisuhan sa phone.' : 'Puwede kayong umalis: subaybayan ang turno sa phone.'),
  ne: (n) => (n ? 'तपाईं जान सक्नुहुन्छ: फोनमा पालो हेर्नुहोस् र सूचना पाउनुहोस्।' : 'तपाईं जान सक्नुहुन्छ: फोनमा पालो हेर्नुहोस्।'),
  id: (n) => (n ? 'Anda boleh pergi: pantau giliran dan terima pemberitahuan di ponsel.' : 'Anda boleh pergi: pantau giliran di ponsel.'),
  th: (n) => (n ? 'ออกไปก่อนได้: ติดตามคิวและรับการแจ้งเตือนทางโทรศัพท์' : 'ออกไปก่อนได้: ติดตามคิวทางโทรศัพท์'),
};
