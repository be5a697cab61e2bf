import type { DeadNotice } from '@junban/protocol/screens';

/** How the dead-letter list names a notice's channel and kind, Japanese then English. */
export const channelLabel: Record<DeadNotice['channel'], { ja: string; en: string }> = {
  email: { ja: 'メール', en: 'Email' },
  webpush: { ja: 'プッシュ通知', en: 'Web Push' },
  line: { ja: 'LINE', en: 'LINE' },
  webhook: { ja: 'SMS（Webhook）', en: 'SMS (webhook)' },
};

export const kindLabel: Record<DeadNotice['kind'], { ja: string; en: string }> = {
  ahead: { ja: '順番が近い', en: 'Turn near' },
  called: { ja: '呼出', en: 'Called' },
  step: { ja: '次の手続き', en: 'Next step' },
  no_show_soon: { ja: '不在扱いの前', en: 'Before no-show' },
  check_in_soon: { ja: '受付期限が近い', en: 'Check in soon' },
  released: { ja: '予約枠の解放', en: 'Place released' },
  booking_tomorrow: { ja: '予約の前日', en: 'Booking tomorrow' },
  booking_soon: { ja: '予約の1時間前', en: 'Booking in an hour' },
  card_ready: { ja: '受け取りの準備完了', en: 'Ready to collect' },
};
