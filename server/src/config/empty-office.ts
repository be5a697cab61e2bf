import type { OfficeConfig } from '../protocol/index.js';

/** An office with no procedures yet; an admin sets it up (or imports the demo). */
export const emptyOffice: OfficeConfig = {
  settings: {
    name: { ja: '窓口', en: 'Service counters' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' },
    reservationGraceMinutes: 5, defaultServiceMinutes: 5, closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false, closures: [],
    openForTrying: false,
    formRetentionDays: 0,
  },
  services: [],
  counters: [],
  groups: [],
  printers: [],
};
