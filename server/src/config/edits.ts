/** Changes an admin makes to the configuration, checked against what the office is doing right now. */
import { JunbanError, OfficeConfig, type Counter, type OfficeSettings, type Printer, type Service } from '../protocol/index.js';
import type { QueueState } from '../queue/state.js';

function valid(config: OfficeConfig): OfficeConfig {
  const parsed = OfficeConfig.safeParse(config);
  if (!parsed.success) {
    throw new JunbanError('input/invalid', 'The configuration is not consistent.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

export function withSettings(config: OfficeConfig, settings: OfficeSettings): OfficeConfig {
  return valid({ ...config, settings });
}

/** Add or replace a procedure. Procedures are never removed, only closed, so old visits and statistics keep their names. */
export function withService(config: OfficeConfig, service: Service): OfficeConfig {
  const exists = config.services.some((s) => s.id === service.id);
  const services = exists ? config.services.map((s) => (s.id === service.id ? service : s)) : [...config.services, service];
  return valid({ ...config, services });
}

export function withCounter(config: OfficeConfig, counter: Counter): OfficeConfig {
  const exists = config.counters.some((c) => c.id === counter.id);
  const counters = exists ? config.counters.map((c) => (c.id === counter.id ? counter : c)) : [...config.counters, counter];
  return valid({ ...config, counters });
}

export function withoutCounter(config: OfficeConfig, counterId: string, state: QueueState): OfficeConfig {
  if (!config.counters.some((c) => c.id === counterId)) throw new JunbanError('office/unknown_counter', `Unknown counter "${counterId}".`);
  const here = state.at(counterId);
  if (here) throw new JunbanError('office/in_use', `${here.visit.number} is still at this counter.`);
  return valid({ ...config, counters: config.counters.filter((c) => c.id !== counterId) });
}

export function withPrinter(config: OfficeConfig, printer: Printer): OfficeConfig {
  const exists = config.printers.some((p) => p.id === printer.id);
  const printers = exists ? config.printers.map((p) => (p.id === printer.id ? printer : p)) : [...config.printers, printer];
  return valid({ ...config, printers });
}

export function withoutPrinter(config: OfficeConfig, printerId: string): OfficeConfig {
  if (!config.printers.some((p) => p.id === printerId)) throw new JunbanError('printer/not_found', `Unknown printer "${printerId}".`);
  return valid({ ...config, printers: config.printers.filter((p) => p.id !== printerId) });
}
