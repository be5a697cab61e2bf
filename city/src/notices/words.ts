/**
 * What a notice says, in words: one small catalogue, per NoticeKind, for every channel (an email's subject and body,
 * a push notification's title and body, an SMS or LINE text). A resident reads it in the language they chose at the
 * kiosk; a language the catalogue lacks falls back to English, which a foreign resident reads more often than
 * Japanese. Placeholders: {number}, {ahead}, {counter}, {service}, {office}, {minutes}.
 *
 * The words hold no contact detail and no name: only what the ticket itself shows.
 */
import type { Language, LocalizedText, NoticeKind, NoticeMessage } from '@junban/protocol';

interface KindWords {
  /** An email's subject, a push notification's title: short. */
  subject: string;
  /** One or two sentences: what happened and what to do. */
  body: string;
}

interface LanguageWords {
  kinds: Record<NoticeKind, KindWords>;
  /** The line with the resident's status page, under the body. */
  link: string;
  /** The line with the booking's page, under a booking's reminder. */
  bookingLink: string;
  /** The line with the pick-up page, under "ready to collect". */
  pickupLink: string;
  /** Said for {counter} or {service} when the message has none. */
  someCounter: string;
  someService: string;
}

const catalogue: Partial<Record<Language, LanguageWords>> & Record<'ja' | 'en', LanguageWords> = {
  ja: {
    kinds: {
      ahead: {
        subject: 'まもなく順番です（{number}）',
        body: '{office}：番号 {number} の前にお待ちの方は {ahead} 人です。窓口の近くでお待ちください。',
      },
      called: {
        subject: '{number} 番の方、{counter} へお越しください',
        body: '{office}：番号 {number} をお呼びしました。{counter} へお越しください。',
      },
      step: {
        subject: '次の手続きへお進みください（{number}）',
        body: '{office}：番号 {number} の次の手続きは「{service}」です。呼び出しまでお待ちください。',
      },
      no_show_soon: {
        subject: 'まもなく不在扱いになります（{number}）',
        body: '{office}：番号 {number} をお呼びしましたが、お見えになりません。まもなく不在扱いとなりますので、{counter} へお急ぎください。',
      },
      check_in_soon: {
        subject: '受付をお済ませください（{number}）',
        body: '{office}：番号 {number} の到着期限まであと約 {minutes} 分です。庁舎の発券機で画面のコードを読み取り、受付をお済ませください。過ぎると順番は取り消されます。',
      },
      released: {
        subject: '順番を取り消しました（{number}）',
        body: '{office}：到着期限までに受付がなかったため、番号 {number} の順番を取り消しました。',
      },
      booking_tomorrow: {
        subject: '明日のご予約（{time}）',
        body: '{office}：「{service}」のご予約は {time} です。庁舎の発券機で予約コード {number} を読み取り、受付をしてください。リンクを開き、ひと押しで来庁のご連絡またはキャンセルができます。',
      },
      booking_soon: {
        subject: 'まもなくご予約の時間です（{time}）',
        body: '{office}：「{service}」のご予約は {time} です。お越しになったら発券機で予約コード {number} を読み取ってください。リンクを開き、ひと押しで来庁のご連絡またはキャンセルができます。',
      },
      card_ready: {
        subject: 'お受け取りの準備ができました（{number}）',
        body: '{office}：受付番号 {number} のカード・書類のお受け取りの準備ができました。受け取る庁舎と日時を予約してください（「{service}」）。',
      },
    },
    link: '順番の状況：{url}',
    bookingLink: 'ご予約の確認・変更・取消：{url}',
    pickupLink: '受け取りの予約：{url}',
    someCounter: '窓口',
    someService: '次の手続き',
  },
  en: {
    kinds: {
      ahead: {
        subject: 'Your turn is coming ({number})',
        body: '{office}: {ahead} people are ahead of number {number}. Please wait near the counters.',
      },
      called: {
        subject: 'Number {number}, please come to {counter}',
        body: '{office}: number {number} has been called. Please come to {counter}.',
      },
      step: {
        subject: 'On to your next step ({number})',
        body: '{office}: the next step for number {number} is "{service}". Please wait to be called.',
      },
      no_show_soon: {
        subject: 'You will soon be marked absent ({number})',
        body: '{office}: number {number} was called but has not come. It will soon be marked absent: please hurry to {counter}.',
      },
      check_in_soon: {
        subject: 'Please check in soon ({number})',
        body: '{office}: about {minutes} minutes left to check in number {number}. Show the code on your status page at the kiosk, or your place will be released.',
      },
      released: {
        subject: 'Your place was released ({number})',
        body: '{office}: number {number} did not check in by its arrive-by time, so its place was released.',
      },
      booking_tomorrow: {
        subject: 'Your booking tomorrow ({time})',
        body: '{office}: your booking for "{service}" is at {time}. At the kiosk, scan or type your booking code {number} to check in. Open the link to confirm you are coming, or to cancel, in one tap.',
      },
      booking_soon: {
        subject: 'Your booking is soon ({time})',
        body: '{office}: your booking for "{service}" is at {time}. When you arrive, scan or type your booking code {number} at the kiosk. Open the link to confirm you are coming, or to cancel, in one tap.',
      },
      card_ready: {
        subject: 'Ready to collect ({number})',
        body: '{office}: the card or document with reference {number} is ready to collect. Book a time at the office you choose ("{service}").',
      },
    },
    link: 'Your place in the queue: {url}',
    bookingLink: 'See, change or cancel your booking: {url}',
    pickupLink: 'Book a time to collect it: {url}',
    someCounter: 'the counter',
    someService: 'your next procedure',
  },
};

export interface NoticeWords {
  subject: string;
  /** The body alone, without the link. */
  body: string;
  /** The body and the status link on a line of its own: what a plain-text channel (email, SMS, LINE) sends. */
  text: string;
}

/**
 * The notice in the resident's language: English when the catalogue lacks it, but Japanese for やさしい日本語, whose
 * reader reads Japanese better than English.
 */
export function noticeWords(message: NoticeMessage): NoticeWords {
  const words = catalogue[message.language] ?? (message.language === 'ja-x-easy' ? catalogue.ja : catalogue.en);
  const kind = words.kinds[message.kind];
  const values: Record<string, string> = {
    number: message.number,
    ahead: String(message.ahead ?? ''),
    minutes: String(message.minutes ?? ''),
    time: message.time ?? '',
    counter: message.counter ? localized(message.counter, message.language) : words.someCounter,
    service: message.service ? localized(message.service, message.language) : words.someService,
    office: localized(message.office, message.language),
    url: message.statusUrl,
  };
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  const body = fill(kind.body);
  const link = message.kind === 'card_ready' ? words.pickupLink : message.kind.startsWith('booking_') ? words.bookingLink : words.link;
  return { subject: fill(kind.subject), body, text: `${body}\n${fill(link)}` };
}

/** A name (office, counter, procedure) in the resident's language, else English (Japanese for a Japanese reader). */
export function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? text.en;
}
