/**
 * The city demo's three offices: how a city's windows differ. Each runs the office demo (`server/dist/main.js
 * --demo`) with its own name, data folder and history: the main city hall is busy and has a year of history, the
 * satellite office is quieter, and the temporary window in a shopping centre is small and only opened recently.
 */
import type { LocalizedText } from '@junban/protocol';

export interface DemoOfficePlan {
  /** Its id at the city, and its data folder's name (`<data>/offices/<id>`). */
  id: string;
  name: LocalizedText;
  /** Days of generated history before today (JUNBAN_DEMO_HISTORY_DAYS caps them all). */
  historyDays: number;
  visitsPerDay: number;
  /** So that no two offices hold the same days. */
  seed: number;
}

export const DEMO_OFFICES: readonly DemoOfficePlan[] = [
  { id: 'honcho', name: { ja: 'ひかり市役所 本庁舎', en: 'Hikari City Hall' }, historyDays: 365, visitsPerDay: 1000, seed: 1 },
  { id: 'kita', name: { ja: 'ひかり市 北支所', en: 'Hikari City North Branch' }, historyDays: 365, visitsPerDay: 300, seed: 2 },
  {
    id: 'ekimae-mall',
    name: { ja: 'ひかり市 駅前モール臨時窓口', en: 'Hikari City Station Mall temporary window' },
    historyDays: 45,
    visitsPerDay: 120,
    seed: 3,
  },
];
