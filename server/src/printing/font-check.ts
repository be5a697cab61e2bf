/**
 * Whether every language a resident can choose comes out on a ticket. A ticket in each language is laid out for a
 * printer without a kanji font, so every line of it goes to drawing; the characters of those lines are then looked
 * up in the fonts the server ships. Run at start: an office hears of a gap in its log, not from a resident holding
 * a ticket of empty boxes.
 */
import { Language, type OfficeConfig } from '@junban/protocol';
import { undrawable } from './fonts.js';
import { ticketBytes, type TicketContent } from './ticket.js';
import { residentLine } from './words.js';

/** Each language whose ticket has characters no shipped font can draw, with those characters. */
export function languagesTicketsCannotDraw(config: OfficeConfig): Record<string, string[]> {
  const lines: Partial<Record<Language, string>> = {};
  for (const language of Language.options) {
    const content: TicketContent = {
      office: config.settings.name.ja,
      number: 'A123',
      procedures: config.services.map((s) => s.name.ja),
      issuedAt: '2026/04/01 09:00',
      peopleAhead: 12,
      estimateMinutes: 34,
      statusUrl: 'http://localhost/',
      // The longer of the "you may leave" lines.
      notices: true,
      language,
      ...(language === 'ja' ? {} : { residentLine: residentLine[language]('A123') }),
      reprint: true,
    };
    ticketBytes(
      content,
      { model: 'tm-m30', paperWidth: 80, codePage: 'raster' },
      {
        rasterize: (text, style) => {
          lines[style.language] = (lines[style.language] ?? '') + text;
          return null;
        },
      },
    );
  }
  return undrawable(lines);
}
