import type { Service, ServiceGroup } from '@junban/protocol/screens';

export interface Section {
  /** null: the procedures in no group (or every procedure, when the office has no groups). */
  group: ServiceGroup | null;
  services: Service[];
}

/** The home screen's headings: the office's groups in its order, each with its procedures, then the ungrouped ones. */
export function sections(services: Service[], groups: ServiceGroup[]): Section[] {
  const grouped = groups.map((group) => ({ group, services: services.filter((s) => s.group === group.id) })).filter((section) => section.services.length > 0);
  const known = new Set(grouped.map((section) => section.group.id));
  const rest = services.filter((s) => !s.group || !known.has(s.group));
  return rest.length > 0 ? [...grouped, { group: null, services: rest }] : grouped;
}

/** Open procedures related to those chosen and not chosen yet, first proposed first. */
export function suggestions(services: Service[], chosen: string[]): Service[] {
  const byId = new Map(services.map((s) => [s.id, s]));
  const ids = new Set(chosen.flatMap((id) => byId.get(id)?.related ?? []).filter((id) => !chosen.includes(id)));
  return [...ids].flatMap((id) => byId.get(id) ?? []);
}
