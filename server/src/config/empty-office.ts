import type { z } from 'zod';
import { OfficeConfig } from '@junban/protocol';
import type { ConfigStore } from './store.js';

/** An office with no procedures yet; an admin sets it up (or imports the demo). */
export const emptyOffice: OfficeConfig = {
  settings: {
    name: { ja: '窓口', en: 'Service counters' },
    timeZone: 'Asia/Tokyo',
    hours: { open: '08:30', close: '17:15' },
    reservationGraceMinutes: 5,
    defaultServiceMinutes: 5,
    closedWeekdays: [],
    closedOnHolidays: false,
    closedForNewYear: false,
    closures: [],
    openForTrying: false,
    formRetentionDays: 0,
  },
  services: [],
  counters: [],
  groups: [],
  printers: [],
};

/**
 * The stored configuration, or on an office's first start `initial` (an empty office by default), stored. Parsed
 * like a stored one, so the defaults of fields added since (a counter's priority rule …) are filled in.
 */
export function loadOrCreateConfig(store: ConfigStore, initial: z.input<typeof OfficeConfig> | undefined, at: number): OfficeConfig {
  const stored = store.load();
  if (stored) return stored;
  const config = OfficeConfig.parse(initial ?? emptyOffice);
  store.save(config, at);
  return config;
}
