import type { Language } from '@junban/protocol/screens';

/**
 * "You may leave" for a resident who has just been given a number: with the QR code, their phone follows their turn,
 * so they need not wait by the display. `notices` where the status page is at a city that sends notices
 * (`IssuedVisit.notices`): the phone can then be told when the turn is near. In the six languages a resident can
 * choose; the kiosk's ticket screen and the floor guide's screen both say it. The printed ticket says it shorter
 * (server/src/printing/words.ts).
 */
export const MAY_LEAVE: Record<Language, { phone: string; notices: string }> = {
  ja: {
    phone: 'この場を離れても大丈夫です。QRコードを読み取ると、スマートフォンで順番を確認できます。',
    notices: 'この場を離れても大丈夫です。QRコードを読み取ると、スマートフォンで順番を確認でき、順番が近づいたらお知らせを受け取れます。',
  },
  en: {
    phone: 'You may leave: scan the QR code to follow your turn on your phone.',
    notices: 'You may leave: scan the QR code to follow your turn on your phone and be told when it is near.',
  },
  zh: {
    phone: '您可以暂时离开：扫描二维码，用手机查看叫号进度。',
    notices: '您可以暂时离开：扫描二维码，用手机查看叫号进度，快轮到您时还可以收到通知。',
  },
  ko: {
    phone: '자리를 비우셔도 됩니다. QR 코드를 스캔하면 휴대폰으로 순서를 확인할 수 있습니다.',
    notices: '자리를 비우셔도 됩니다. QR 코드를 스캔하면 휴대폰으로 순서를 확인하고, 차례가 가까워지면 알림을 받을 수 있습니다.',
  },
  vi: {
    phone: 'Bạn có thể rời đi: quét mã QR để theo dõi lượt của bạn trên điện thoại.',
    notices: 'Bạn có thể rời đi: quét mã QR để theo dõi lượt của bạn trên điện thoại và nhận thông báo khi sắp đến lượt.',
  },
  pt: {
    phone: 'Você pode sair: leia o código QR para acompanhar a sua vez no celular.',
    notices: 'Você pode sair: leia o código QR para acompanhar a sua vez no celular e receber um aviso quando estiver perto.',
  },
};
