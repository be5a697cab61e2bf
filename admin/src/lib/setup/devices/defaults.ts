import type { DisplaySettings, KioskSettings } from '@junban/protocol/screens';

/** What the server gives a device whose settings were never set (model.ts), as editable copies. */
export const kioskDefaults = (s?: KioskSettings): KioskSettings => ({ printerId: s?.printerId ?? null, ticketsPerMinute: s?.ticketsPerMinute ?? 8 });
export const displayDefaults = (s?: DisplaySettings): DisplaySettings => ({
  counters: [...(s?.counters ?? [])],
  services: [...(s?.services ?? [])],
  secondLanguage: s?.secondLanguage ?? 'en',
});
