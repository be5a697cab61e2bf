import type { LocalizedText, OfficeConfig } from '@junban/protocol/screens';

/** A procedure's name from the office setup; one removed since keeps its id as its name. */
export function serviceName(config: OfficeConfig, serviceId: string): LocalizedText {
  return config.services.find((s) => s.id === serviceId)?.name ?? { ja: serviceId, en: serviceId };
}

export function counterName(config: OfficeConfig, counterId: string): LocalizedText {
  return config.counters.find((c) => c.id === counterId)?.name ?? { ja: counterId, en: counterId };
}

/** "住民票の写し / Residence certificate", for chart legends and tooltips where markup cannot go. */
export function plainName(text: LocalizedText): string {
  return text.ja === text.en ? text.ja : `${text.ja} / ${text.en}`;
}
