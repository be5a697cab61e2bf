import type { Service, ServiceGroup } from '@junban/protocol/screens';

/** One heading of the kiosk's home screen and its procedures; `group` null for those in no (known) group. */
export interface Section {
  group: ServiceGroup | null;
  services: Service[];
}

/** The procedures as the kiosk lays them out (kiosk/src/lib/home/sections.ts): by group in the groups' order, then the rest. */
export function kioskSections(services: Service[], groups: ServiceGroup[]): Section[] {
  const grouped = groups.map((group) => ({ group, services: services.filter((s) => s.group === group.id) }));
  const known = new Set(groups.map((g) => g.id));
  const rest = services.filter((s) => !s.group || !known.has(s.group));
  return rest.length > 0 ? [...grouped, { group: null, services: rest }] : grouped;
}

/**
 * The office's whole list of ids with `id` swapped with its neighbour in the same kiosk section (one place up or
 * down on the kiosk). Procedures of other groups in between keep their places, so only these two move.
 */
export function moved(all: readonly { id: string }[], section: readonly { id: string }[], id: string, by: -1 | 1): string[] | null {
  const at = section.findIndex((s) => s.id === id);
  const neighbour = section[at + by];
  if (at < 0 || !neighbour) return null;
  const ids = all.map((s) => s.id);
  const i = ids.indexOf(id);
  const j = ids.indexOf(neighbour.id);
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return ids;
}
