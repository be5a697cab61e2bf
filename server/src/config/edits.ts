/** Changes an admin makes to the configuration, checked against what the office is doing right now. */
import { JunbanError, OfficeConfig, type Counter, type OfficeSettings, type Printer, type Service, type ServiceGroup } from '@junban/protocol';
import type { QueueState } from '../queue/state.js';

function valid(config: OfficeConfig): OfficeConfig {
  const parsed = OfficeConfig.safeParse(config);
  if (!parsed.success) {
    throw new JunbanError(
      'input/invalid',
      'The configuration is not consistent.',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

export function withSettings(config: OfficeConfig, settings: OfficeSettings): OfficeConfig {
  return valid({ ...config, settings });
}

/**
 * Add or replace a procedure. Procedures are never removed, only closed, so old visits and statistics keep their names.
 * Its group and related procedures must exist; checked here rather than in the schema, so a stored configuration
 * that predates the check still loads.
 */
export function withService(config: OfficeConfig, service: Service): OfficeConfig {
  const issues: { path: string; message: string }[] = [];
  if (service.group && !config.groups.some((g) => g.id === service.group)) issues.push({ path: 'group', message: `unknown group ${service.group}` });
  for (const r of service.related) {
    if (r === service.id) issues.push({ path: 'related', message: 'a procedure is not related to itself' });
    else if (!config.services.some((s) => s.id === r)) issues.push({ path: 'related', message: `unknown procedure ${r}` });
  }
  if (issues.length) throw new JunbanError('input/invalid', `Invalid procedure: ${issues.map((i) => i.message).join('; ')}.`, issues);
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

/** `items` with those named in `ids` first, in that order; the others follow in their old order. */
function reordered<T extends { id: string }>(items: readonly T[], ids: readonly string[], what: string): T[] {
  const byId = new Map(items.map((x) => [x.id, x]));
  const seen = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  ids.forEach((id, i) => {
    if (!byId.has(id)) issues.push({ path: `ids.${i}`, message: `unknown ${what} ${id}` });
    else if (seen.has(id)) issues.push({ path: `ids.${i}`, message: `${id} is listed twice` });
    seen.add(id);
  });
  if (issues.length) throw new JunbanError('input/invalid', `Invalid order: ${issues.map((i) => i.message).join('; ')}.`, issues);
  return [...ids.map((id) => byId.get(id)!), ...items.filter((x) => !seen.has(x.id))];
}

export function withServiceOrder(config: OfficeConfig, ids: readonly string[]): OfficeConfig {
  return valid({ ...config, services: reordered(config.services, ids, 'procedure') });
}

export function withGroupOrder(config: OfficeConfig, ids: readonly string[]): OfficeConfig {
  return valid({ ...config, groups: reordered(config.groups, ids, 'group') });
}

/** Add a group heading at the end, or rename one in place. */
export function withGroup(config: OfficeConfig, group: ServiceGroup): OfficeConfig {
  const exists = config.groups.some((g) => g.id === group.id);
  const groups = exists ? config.groups.map((g) => (g.id === group.id ? group : g)) : [...config.groups, group];
  return valid({ ...config, groups });
}

/** Remove a group heading. Its procedures stay on the kiosk, without a heading, until an admin puts them elsewhere. */
export function withoutGroup(config: OfficeConfig, groupId: string): OfficeConfig {
  if (!config.groups.some((g) => g.id === groupId)) throw new JunbanError('office/unknown_group', `Unknown group "${groupId}".`);
  const services = config.services.map((s) => {
    if (s.group !== groupId) return s;
    const { group: _group, ...rest } = s;
    return rest;
  });
  return valid({ ...config, groups: config.groups.filter((g) => g.id !== groupId), services });
}
