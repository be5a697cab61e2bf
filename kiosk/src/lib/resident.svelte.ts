import type { IssuedVisit, Need } from '@junban/protocol/screens';
import type { Lang, Problem } from './language/languages';

export type Screen = 'home' | 'needs' | 'reservation' | 'ticket';

/**
 * The person at the kiosk right now: their language, what they chose, which screen they are on. Nothing of it
 * may reach the next person, so `reset` puts everything back, Japanese included.
 */
export class Resident {
  language = $state<Lang>('ja');
  /** Service ids in the order they were touched: the order of the visit's steps. */
  chosen = $state<string[]>([]);
  assistance = $state(false);
  /** What they need to be served (codes only): the number is called to a counter that serves it. */
  needs = $state<Need[]>([]);
  /** Read-aloud mode: every button touched is spoken, with large text and high contrast (needs/read-aloud.ts). */
  readAloud = $state(false);
  screen = $state<Screen>('home');
  issued = $state.raw<IssuedVisit | null>(null);
  problem = $state<Problem | null>(null);
  /** The last touch; after a while without one the kiosk resets for the next person. */
  touchedAt = $state(Date.now());

  /** Nothing to forget: the kiosk as the next person should find it. */
  get pristine(): boolean {
    return (
      this.screen === 'home' &&
      this.chosen.length === 0 &&
      !this.assistance &&
      this.needs.length === 0 &&
      !this.readAloud &&
      this.language === 'ja' &&
      this.problem === null
    );
  }

  touch(): void {
    this.touchedAt = Date.now();
  }

  toggle(serviceId: string): void {
    this.problem = null;
    this.chosen = this.chosen.includes(serviceId) ? this.chosen.filter((id) => id !== serviceId) : [...this.chosen, serviceId];
  }

  /** A new screen starts its idle time afresh, whether a touch or a scanned code brought it. */
  go(screen: Screen): void {
    this.problem = null;
    this.screen = screen;
    this.touch();
  }

  showTicket(issued: IssuedVisit): void {
    this.issued = issued;
    this.go('ticket');
  }

  reset(): void {
    this.language = 'ja';
    this.chosen = [];
    this.assistance = false;
    this.needs = [];
    this.readAloud = false;
    this.issued = null;
    this.go('home');
  }
}
