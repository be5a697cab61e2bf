/**
 * What a Web Push or LINE notice says, until the shared catalogue arrives.
 *
 * TODO(issue 18): replace with `noticeWords` from `city/src/notices/words.ts` (helper A's translation catalogue, on
 * the `notices-outbox` branch), which has the same shape ({ subject, body, text }); then delete this file.
 */
import type { LocalizedText, NoticeKind, NoticeMessage } from '@junban/protocol';

export interface NoticeWords {
  subject: string;
  body: string;
  /** The body and the status link on a line of its own, for a plain-text channel. */
  text: string;
}

export function noticeWords(message: NoticeMessage): NoticeWords {
  const ja = message.language === 'ja';
  const name = (text: LocalizedText | undefined, otherwise: string) => (text ? (text[message.language] ?? text.en) : otherwise);
  const office = name(message.office, '');
  const counter = name(message.counter, ja ? '窓口' : 'the counter');
  const service = name(message.service, ja ? '次の手続き' : 'your next procedure');
  const n = message.number;
  const table: Record<NoticeKind, [string, string]> = ja
    ? {
        ahead: [`まもなく順番です（${n}）`, `${office}：番号 ${n} の前にお待ちの方は ${message.ahead ?? 0} 人です。`],
        called: [`${n} 番の方、${counter} へお越しください`, `${office}：番号 ${n} をお呼びしました。${counter} へお越しください。`],
        step: [`次の手続きへお進みください（${n}）`, `${office}：番号 ${n} の次の手続きは「${service}」です。`],
        no_show_soon: [`まもなく不在扱いになります（${n}）`, `${office}：番号 ${n} はまもなく不在扱いとなります。${counter} へお急ぎください。`],
        released: [`順番を取り消しました（${n}）`, `${office}：到着期限までに受付がなかったため、番号 ${n} の順番を取り消しました。`],
      }
    : {
        ahead: [`Your turn is coming (${n})`, `${office}: ${message.ahead ?? 0} people are ahead of number ${n}.`],
        called: [`Number ${n}, please come to ${counter}`, `${office}: number ${n} has been called. Please come to ${counter}.`],
        step: [`On to your next step (${n})`, `${office}: the next step for number ${n} is "${service}".`],
        no_show_soon: [`You will soon be marked absent (${n})`, `${office}: number ${n} will soon be marked absent. Please hurry to ${counter}.`],
        released: [`Your place was released (${n})`, `${office}: number ${n} did not check in in time, so its place was released.`],
      };
  const [subject, body] = table[message.kind];
  return { subject, body, text: `${body}\n${ja ? '順番の状況' : 'Your place in the queue'}: ${message.statusUrl}` };
}
