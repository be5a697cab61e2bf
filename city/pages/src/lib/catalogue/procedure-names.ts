import { call } from '$lib/api';

/**
 * Procedure names (Japanese) by id, from the catalogue every office follows: the report and the history name their
 * rows with it. A procedure only one office has is not in it, and shows its id.
 */
export async function procedureNames(): Promise<Map<string, string>> {
  const catalogue = await call('getCatalogue', {});
  return new Map(catalogue.services.map((s) => [s.id, s.name.ja]));
}
