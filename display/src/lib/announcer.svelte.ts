/**
 * Announces calls one after another: a chime (synthesized, no audio files), then the sentence in each language
 * the browser has a voice for. Calls that arrive together wait their turn; none is merged. A call still unsaid two
 * minutes after it was made (a long outage, a flood) is skipped: it is on the board already.
 */

export interface Announcement {
  seq: number;
  /** On this display's clock: after this the call is left unsaid (it stays on the board). */
  staleAt: number;
  /** In speaking order: Japanese, then the display's second language. */
  sentences: { lang: string; locale: string; text: string }[];
}

const SOUND_KEY = 'junban.display.sound';
const CHIME_MS = 1_600;
/** Chrome sometimes never ends an utterance; the queue must not stall on it. */
const SPEECH_TIMEOUT_MS = 15_000;
/** Voices load asynchronously; judge the missing ones only after the browser had a moment. */
const VOICES_SETTLE_MS = 1_500;
const ANNOUNCED_KEPT = 200;
/**
 * At most this many calls wait to be spoken (each takes a few seconds); past it, the oldest wait is dropped. A burst
 * never reaches it, but a flood (a reconnect after a long outage, a test) must not grow the queue without bound.
 */
const MAX_WAITING = 30;

declare global {
  interface Window {
    /** The seqs announced (the latest 200), in order: lets the browser tests see what was (not) announced. */
    __junbanAnnounced?: number[];
  }
}

export class Announcer {
  /** The installer pressed "enable sound" once on this device. */
  soundEnabled = $state(readRemembered());
  /** The languages to speak for which the browser has no voice (those are chime only); null until the voices are known. */
  missingVoices = $state<string[] | null>(null);
  announcedCount = $state(0);

  #queue: Announcement[] = [];
  #running = false;
  #audio: AudioContext | null = null;
  #langs: string[] = [];
  #voicesSettled = false;

  constructor() {
    window.__junbanAnnounced = [];
    const synth = globalThis.speechSynthesis;
    synth?.addEventListener('voiceschanged', () => this.#checkVoices());
    setTimeout(() => {
      this.#voicesSettled = true;
      this.#checkVoices();
    }, VOICES_SETTLE_MS);
    // After a reload Chrome keeps audio blocked until a gesture; with sound already enabled, take the first one silently.
    const unlock = () => {
      if (!this.soundEnabled) return;
      this.#unlock();
      removeEventListener('pointerdown', unlock);
      removeEventListener('keydown', unlock);
    };
    addEventListener('pointerdown', unlock);
    addEventListener('keydown', unlock);
  }

  /** The languages announcements are spoken in (by prefix: "ja", "en" …). */
  speakIn(langs: string[]): void {
    this.#langs = langs;
    this.#checkVoices();
  }

  /** The installer's one-time step; must run inside the click so the browser lets audio start. */
  enableSound(): void {
    store();
    this.soundEnabled = true;
    this.#unlock();
  }

  /** The server says this display's installer enabled sound (the browser may have forgotten it: a kiosk-mode restart). */
  remember(): void {
    if (this.soundEnabled) return;
    store();
    this.soundEnabled = true;
  }

  add(announcement: Announcement): void {
    this.#queue.push(announcement);
    if (this.#queue.length > MAX_WAITING) this.#queue.shift();
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
      if (Date.now() > next.staleAt) continue;
      // A display runs for months without a reload: the hook keeps only the latest.
      const log = window.__junbanAnnounced ?? [];
      log.push(next.seq);
      if (log.length > ANNOUNCED_KEPT) log.splice(0, log.length - ANNOUNCED_KEPT);
      this.announcedCount++;
      await this.#chime();
      for (const sentence of next.sentences) await this.#speak(sentence);
    }
    this.#running = false;
  }

  #context(): AudioContext | null {
    if (!this.#audio && typeof AudioContext !== 'undefined') this.#audio = new AudioContext();
    return this.#audio;
  }

  #unlock(): void {
    void this.#context()
      ?.resume()
      .catch(() => {});
    // Speaking something inside a gesture also unlocks speech in browsers that gate it like audio.
    const synth = globalThis.speechSynthesis;
    if (synth && typeof SpeechSynthesisUtterance !== 'undefined') synth.speak(new SpeechSynthesisUtterance(''));
  }

  /** Ding-dong: two soft sine tones. Waits on a timer, since a blocked context's clock does not run. */
  #chime(): Promise<void> {
    const ctx = this.#context();
    if (ctx && ctx.state === 'running') {
      [659.25, 523.25].forEach((hz, i) => {
        const start = ctx.currentTime + i * 0.5;
        const tone = ctx.createOscillator();
        const gain = ctx.createGain();
        tone.frequency.value = hz;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 1.1);
        tone.connect(gain).connect(ctx.destination);
        tone.start(start);
        tone.stop(start + 1.15);
      });
    }
    return new Promise((resolve) => setTimeout(resolve, CHIME_MS));
  }

  #speak(sentence: Announcement['sentences'][number]): Promise<void> {
    const synth = globalThis.speechSynthesis;
    const voice = voiceFor(sentence.lang);
    if (!synth || !voice) return Promise.resolve();
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(sentence.text);
      utterance.voice = voice;
      utterance.lang = voice.lang || sentence.locale;
      utterance.rate = 0.9;
      const timer = setTimeout(done, SPEECH_TIMEOUT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      utterance.onend = done;
      utterance.onerror = done;
      synth.speak(utterance);
    });
  }

  #checkVoices(): void {
    if (!this.#voicesSettled && (globalThis.speechSynthesis?.getVoices().length ?? 0) === 0) return;
    this.missingVoices = this.#langs.filter((lang) => !voiceFor(lang));
  }
}

function voiceFor(lang: string): SpeechSynthesisVoice | null {
  const voices = globalThis.speechSynthesis?.getVoices() ?? [];
  const matching = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === lang);
  // A local voice keeps speaking when the internet is down.
  return matching.find((v) => v.localService) ?? matching[0] ?? null;
}

/** Kept on the device too, for a display that starts while the server is out of reach. */
function store(): void {
  try {
    localStorage.setItem(SOUND_KEY, 'on');
  } catch {
    // Private mode: the server still remembers it.
  }
}

function readRemembered(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}
