/**
 * What the city's catalogue locks (`Catalogue.locked`): the office may not rename the city's procedures, change or
 * remove its groups, or change or remove its closures. Checked on the configuration before and after an admin's
 * edit, whatever endpoint made it (a procedure saved, settings, an import), so no way round is left open. Only what
 * the edit changes is refused: the office's own procedures, groups and closures stay its own, and a procedure's
 * other fields (its counters, its target wait, whether it is open today) too.
 */
import { JunbanError, type Catalogue, type OfficeConfig } from '@junban/protocol';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function assertFollowsCatalogue(before: OfficeConfig, after: OfficeConfig, catalogue: Catalogue): void {
  const refused: string[] = [];
  if (catalogue.locked.serviceNames) {
    for (const s of catalogue.services) {
      const was = before.services.find((x) => x.id === s.id);
      const now = after.services.find((x) => x.id === s.id);
      if (was && now && !same(was.name, now.name)) refused.push(`the name of the procedure ${s.id}`);
    }
  }
  if (catalogue.locked.groups) {
    for (const g of catalogue.groups) {
      const was = before.groups.find((x) => x.id === g.id);
      const now = after.groups.find((x) => x.id === g.id);
      if (was && !same(was, now)) refused.push(`the group ${g.id}`);
    }
  }
  if (catalogue.locked.closures) {
    for (const c of catalogue.closures) {
      const was = before.settings.closures.find((x) => x.date === c.date);
      const now = after.settings.closures.find((x) => x.date === c.date);
      if (was && !same(was, now)) refused.push(`the closure on ${c.date}`);
    }
  }
  if (refused.length)
    throw new JunbanError('city/locked', `The city's catalogue (version ${catalogue.version}) decides ${refused.join(', ')}; this office follows it.`);
}
