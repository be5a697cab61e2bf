import type { CityRole } from '@junban/protocol/screens';

/**
 * The city's pages: the header's tabs and the landing page's list read this one table. Both roles open every page;
 * what differs is inside (only the city admin enrols and revokes offices), and the server's permissions protect it.
 */
export const pages = [
  {
    path: '/floor',
    ja: 'フロア状況',
    en: 'Live floor',
    about: '全拠点の待ち人数・最長待ち時間・窓口・サービスレベル / Every office now: waiting, longest wait, counters, service level',
  },
  {
    path: '/offices',
    ja: '拠点',
    en: 'Offices',
    about: '各拠点の連携状態と登録 / Each office’s link and health; the city admin enrols and revokes',
  },
  {
    path: '/history',
    ja: '履歴',
    en: 'History',
    about: '期間を選んで市全体・拠点別・手続別・月別の実績 / Any date range: the city, each office, per procedure and by month',
  },
  {
    path: '/report',
    ja: '月次報告',
    en: 'Monthly report',
    about:
      '拠点別・手続別の待ち時間、サービスレベル、予測精度、不在率（印刷・CSV） / Waits, service level, estimate accuracy and no-shows per office and procedure; print or CSV',
  },
  {
    path: '/notices',
    ja: '未配信のお知らせ',
    en: 'Undelivered notices',
    about:
      '住民に届けられなかったお知らせ（理由と試行回数）、原因を直したあとの再送 / Notices residents could not be sent, and why; the city admin sends one again once the cause is fixed',
  },
  {
    path: '/pickups',
    ja: 'カードの受け取り',
    en: 'Card pick-up',
    about:
      '受け取りの準備ができたカード・書類を受付番号で登録、住民は選んだ庁舎で受け取りを予約 / Mark cards ready by reference number; residents book where to collect them',
  },
  {
    path: '/catalogue',
    ja: 'カタログ',
    en: 'Catalogue',
    about: '全拠点が従う手続と休庁日 / The procedures and closures every office follows; the city admin edits them',
  },
] as const satisfies readonly { path: string; ja: string; en: string; about: string }[];

export const roleLabel: Record<CityRole, string> = {
  'city-manager': '市の管理者 / City manager',
  'city-admin': '市のシステム管理者 / City admin',
};
