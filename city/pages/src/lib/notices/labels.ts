import type { DeadNotice } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

const channel = say.city.notices.channel;
const kind = say.city.notices.kind;

/** How the dead-letter list names a notice's channel and kind, Japanese then English. */
export const channelLabel: Record<DeadNotice['channel'], { ja: string; en: string }> = {
  email: { ja: channel.email.ja(), en: channel.email.en() },
  webpush: { ja: channel.webpush.ja(), en: channel.webpush.en() },
  line: { ja: channel.line.ja(), en: channel.line.en() },
  webhook: { ja: channel.webhook.ja(), en: channel.webhook.en() },
};

export const kindLabel: Record<DeadNotice['kind'], { ja: string; en: string }> = {
  ahead: { ja: kind.ahead.ja(), en: kind.ahead.en() },
  called: { ja: kind.called.ja(), en: kind.called.en() },
  step: { ja: kind.step.ja(), en: kind.step.en() },
  no_show_soon: { ja: kind.noShowSoon.ja(), en: kind.noShowSoon.en() },
  check_in_soon: { ja: kind.checkInSoon.ja(), en: kind.checkInSoon.en() },
  released: { ja: kind.released.ja(), en: kind.released.en() },
  booking_tomorrow: { ja: kind.bookingTomorrow.ja(), en: kind.bookingTomorrow.en() },
  booking_soon: { ja: kind.bookingSoon.ja(), en: kind.bookingSoon.en() },
  card_ready: { ja: kind.cardReady.ja(), en: kind.cardReady.en() },
};
