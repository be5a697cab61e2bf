import { describe, expect, it } from 'vitest';
import { Language, NoticeKind, type NoticeMessage } from '@junban/protocol';
import { noticeWords } from '../src/notices/words.js';

const message = (kind: NoticeKind, language: Language): NoticeMessage => ({
  kind,
  language,
  office: { ja: '北支所', en: 'North Branch' },
  number: 'A-012',
  ahead: 3,
  counter: { ja: '3番窓口', en: 'Counter 3' },
  service: { ja: '転入届', en: 'Moving in' },
  minutes: 10,
  time: '4/2 10:00',
  statusUrl: 'https://junban.city.example.jp/kiosk/status/abc',
});

describe('notices in the language the resident chose', () => {
  it('say every kind of notice in every resident language, each placeholder filled, with the ticket number and the link', () => {
    for (const language of Language.options) {
      for (const kind of NoticeKind.options) {
        const words = noticeWords(message(kind, language));
        expect(`${words.subject}\n${words.text}`, `${language} ${kind}`).not.toMatch(/\{\w+\}/);
        expect(words.text, `${language} ${kind}`).toContain('A-012');
        expect(words.text).toContain('https://junban.city.example.jp/kiosk/status/abc');
      }
    }
  });

  it('are written in each language, not English in disguise: a Vietnamese, Thai or Nepali resident reads their own', () => {
    const english = noticeWords(message('called', 'en')).text;
    for (const language of Language.options.filter((l) => l !== 'en')) expect(noticeWords(message('called', language)).text, language).not.toBe(english);
    expect(noticeWords(message('called', 'vi')).subject).toBe('Số A-012, mời đến Counter 3');
    expect(noticeWords(message('ahead', 'th')).body).toContain('อีก 3 คน');
    // やさしい日本語 reads the Japanese notice, whose office names are Japanese too.
    expect(noticeWords(message('called', 'ja-x-easy')).subject).toContain('3番窓口');
  });
});
