/**
 * The kiosk's read-aloud mode (issue 20, for residents with low vision): while it is on, every button touched is
 * spoken with the browser's voices in the resident's language. The touch still does what the button does, so a
 * resident who can read a little loses nothing.
 */

/** What a button says: its accessible name (aria-label), else its visible words on one line. */
export function spokenText(element: Element): string {
  const label = element.getAttribute('aria-label');
  return (label ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The voice to speak a language with: the browser's own for it, a local one first (it works offline). */
function voiceFor(locale: string): SpeechSynthesisVoice | null {
  const lang = locale.toLowerCase().split('-')[0];
  const voices = globalThis.speechSynthesis?.getVoices() ?? [];
  const matching = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === lang);
  return matching.find((v) => v.localService) ?? matching[0] ?? null;
}

/** Speak `text` in `locale` (e.g. "ja-JP"), cutting off whatever was being said: the last touch is what matters. */
export function speak(text: string, locale: string): void {
  const synth = globalThis.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined' || !text) return;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  const voice = voiceFor(locale);
  if (voice) utterance.voice = voice;
  utterance.lang = voice?.lang || locale;
  utterance.rate = 0.9;
  synth.speak(utterance);
}

/** Stop speaking (read-aloud turned off, or the kiosk reset for the next person). */
export function hush(): void {
  globalThis.speechSynthesis?.cancel();
}
