import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

type Issued = { visit: { id: string; number: string; language?: string }; statusUrl: string };

declare global {
  interface Window {
    /** What the page said aloud, in order (the fake voices below). */
    __spoken?: { text: string; lang: string }[];
  }
}

/**
 * Headless Chromium has no voices. This gives the page a Japanese and a Vietnamese one that say nothing but note
 * each sentence with its language, so the test hears what a waiting room would.
 */
async function withVoices(page: Page, langs: string[]) {
  await page.addInitScript((voiceLangs) => {
    const spoken: { text: string; lang: string }[] = [];
    window.__spoken = spoken;
    const voices = voiceLangs.map((lang) => ({ lang, name: `Fake ${lang}`, voiceURI: lang, localService: true, default: false }));
    class Utterance extends EventTarget {
      text: string;
      lang = '';
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text = '') {
        super();
        this.text = text;
      }
    }
    const synth = Object.assign(new EventTarget(), {
      getVoices: () => voices,
      speak(u: Utterance) {
        if (u.text) spoken.push({ text: u.text, lang: u.lang });
        setTimeout(() => u.onend?.(), 50);
      },
      cancel() {},
    });
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance });
  }, langs);
}

async function setup(server: Parameters<typeof demoOffice>[0]) {
  const office = await demoOffice(server);
  return {
    office,
    counter: await office.as('counter'),
    kioskURL: `${server.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`,
  };
}

/** Touch "take a number" and answer what the server issued. */
async function take(kiosk: Page): Promise<Issued> {
  const answer = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/visits') && r.request().method() === 'POST');
  await kiosk.locator('.take').click();
  return (await (await answer).json()) as Issued;
}

test('a Vietnamese resident who takes a number at the kiosk is called on the display in Japanese and Vietnamese, on screen and aloud', async ({
  page,
  context,
  ownServer,
}) => {
  const { office, counter, kioskURL } = await setup(ownServer);

  // The wall display, its second language left at English, with a Japanese and a Vietnamese voice.
  const display = await context.newPage();
  await withVoices(display, ['ja-JP', 'vi-VN']);
  await display.goto(office.displayURL);
  await display.getByRole('button', { name: /音声を有効にする/ }).click();
  await expect(display.locator('header .office')).not.toBeEmpty();

  await page.goto(kioskURL);
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi-VN');
  await page.locator('[data-service="tennyu"]').click();
  const issued = await take(page);
  expect(issued.visit.language).toBe('vi');
  await expect(page.locator('.ticket')).toContainText('Số của bạn');

  const { visit } = await counter<{ visit: { number: string } }>('POST', '/counters/3/call-next');
  expect(visit.number).toBe(issued.visit.number);

  // On screen: the number, the counter in Japanese, and the call in Vietnamese (not the display's English).
  const tile = display.locator('.tiles .call', { hasText: issued.visit.number });
  await expect(tile).toContainText('3番窓口');
  await expect(tile.locator('[data-language="vi"]')).toHaveAttribute('lang', 'vi');
  await expect(tile.locator('[data-language="vi"]')).toContainText('Xin mời đến');

  // Aloud: Japanese first, then Vietnamese in a Vietnamese voice; no English.
  await expect.poll(() => display.evaluate(() => window.__spoken ?? []), { timeout: 15_000 }).toHaveLength(2);
  const spoken = await display.evaluate(() => window.__spoken ?? []);
  expect(spoken[0]).toEqual({ lang: 'ja-JP', text: `受付番号 ${issued.visit.number} 番の方、3番窓口へお越しください。` });
  expect(spoken[1]!.lang).toBe('vi-VN');
  expect(spoken[1]!.text).toMatch(new RegExp(`^Xin mời số ${issued.visit.number} đến .+\\.$`));
});

test('a resident who reads やさしい日本語 sees furigana over the kanji, and their number keeps the language', async ({ page, ownServer }) => {
  const { kioskURL } = await setup(ownServer);
  await page.goto(kioskURL);
  await page.getByRole('button', { name: 'やさしい日本語' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja-JP-x-easy');

  // The question in short words, each kanji word with its reading above it, drawn as <ruby>.
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading.locator('ruby').first()).toBeVisible();
  await expect(heading.locator('rt')).toHaveText(['なに', 'き']);
  await expect(heading.locator('ruby').first()).toHaveText(/^何/);
  // The reading sits above its word.
  const base = (await heading.locator('ruby').first().boundingBox())!;
  const reading = (await heading.locator('rt').first().boundingBox())!;
  expect(reading.y).toBeLessThan(base.y + base.height / 2);

  // Procedure names the office wrote only in Japanese and English come in Japanese, not English.
  await expect(page.locator('[data-service="tennyu"]')).not.toContainText(/[A-Za-z]{4}/);

  await page.locator('[data-service="tennyu"]').click();
  const issued = await take(page);
  expect(issued.visit.language).toBe('ja-x-easy');
  const label = page.locator('.ticket .label');
  await expect(label.locator('ruby')).toHaveText(['番号ばんごう']);
  await expect(label.locator('rt')).toHaveText(['ばんごう']);

  // On the phone, the number's page keeps the language and the readings.
  await page.goto(issued.statusUrl);
  await expect(page.locator('.procedure rt')).toHaveText(['てつづ']);
});
