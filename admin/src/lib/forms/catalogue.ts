import type { CatalogueEntry } from '@junban/protocol/screens';
import { call } from '$lib/api';

let loading: Promise<ReadonlyMap<string, CatalogueEntry>> | null = null;

/**
 * Which procedures have a form, and what it asks: the same for the whole day, so a tab asks once (the guide's
 * tablet per resident, the counter per visit would otherwise ask again and again). A failed load is asked again.
 */
export function loadCatalogue(): Promise<ReadonlyMap<string, CatalogueEntry>> {
  loading ??= call('formCatalogue', {}).then(
    (entries) => new Map(entries.map((e) => [e.serviceId, e])),
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}
