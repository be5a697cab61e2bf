/**
 * The city's catalogue applied to this office's configuration: a pure function, checked like any setup edit.
 *
 * - Procedures and groups the catalogue names replace the office's of the same id (keeping their place) or are
 *   added at the end. The office's own are kept: procedures are never removed (old visits and statistics keep
 *   their names), and counters, hours and printers are the office's.
 * - City-wide closures are added (a city's closure wins over the office's on the same date). A closure an earlier
 *   catalogue brought and this one no longer lists is taken away again; the office's own closures stay.
 * - The floor guide's forms are not part of the setup: `formsWithCity` puts the city's over the office's files.
 */
import { JunbanError, OfficeConfig, type Catalogue, type CatalogueEntry, type Closure } from '@junban/protocol';

/** A city closure as an office closure: the office keeps one reason, in Japanese. */
const CITY_CLOSURE_REASON = '市の休庁日';

function merged<T extends { id: string }>(own: readonly T[], city: readonly T[]): T[] {
  const byId = new Map(city.map((x) => [x.id, x]));
  const kept = own.map((x) => byId.get(x.id) ?? x);
  const known = new Set(own.map((x) => x.id));
  return [...kept, ...city.filter((x) => !known.has(x.id))];
}

export function withCatalogue(config: OfficeConfig, catalogue: Catalogue, previous: Catalogue | null): OfficeConfig {
  const cityDates = new Set(catalogue.closures.map((c) => c.date));
  const droppedByCity = new Set((previous?.closures ?? []).map((c) => c.date).filter((d) => !cityDates.has(d)));
  const closures: Closure[] = [
    ...config.settings.closures.filter((c) => !cityDates.has(c.date) && !droppedByCity.has(c.date)),
    ...catalogue.closures.map((c) => ({ date: c.date, reason: c.reason?.ja ?? CITY_CLOSURE_REASON })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const next = {
    ...config,
    services: merged(config.services, catalogue.services),
    groups: merged(config.groups, catalogue.groups),
    settings: { ...config.settings, closures },
  };
  // As an admin's procedure edit is checked (config/edits.ts): groups and related procedures must exist.
  const issues: { path: string; message: string }[] = [];
  const groups = new Set(next.groups.map((g) => g.id));
  const services = new Set(next.services.map((s) => s.id));
  for (const [i, s] of catalogue.services.entries()) {
    if (s.group && !groups.has(s.group)) issues.push({ path: `services.${i}.group`, message: `unknown group ${s.group}` });
    for (const r of s.related) if (!services.has(r) || r === s.id) issues.push({ path: `services.${i}.related`, message: `unknown procedure ${r}` });
  }
  const parsed = OfficeConfig.safeParse(next);
  if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  if (issues.length || !parsed.success) throw new JunbanError('input/invalid', "The city's catalogue does not fit this office's setup.", issues);
  return parsed.data;
}

/**
 * The forms the office's guide uses: the city's form for a procedure replaces the office's file of that procedure,
 * and the office's other files stay. Computed from the files each time, so a form the city stops sending falls back
 * to the office's file. An office has no local way to edit a form, so there is nothing for the city to lock.
 */
export function formsWithCity(files: ReadonlyMap<string, CatalogueEntry>, catalogue: Catalogue | null): Map<string, CatalogueEntry> {
  const forms = new Map(files);
  for (const entry of catalogue?.forms ?? []) forms.set(entry.serviceId, entry);
  return forms;
}

/** What the change history keeps of a catalogue: its version and what it set, by id (the full catalogue is the city's). */
export function catalogueSummary(catalogue: Catalogue) {
  return {
    version: catalogue.version,
    services: catalogue.services.map((s) => s.id),
    groups: catalogue.groups.map((g) => g.id),
    closures: catalogue.closures.map((c) => c.date),
    forms: catalogue.forms.map((f) => f.serviceId),
    locked: catalogue.locked,
  };
}
