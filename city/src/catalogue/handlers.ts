import type { Catalogue } from '@junban/protocol';
import type { HandlerSlice } from '../web/calls.js';
import type { CatalogueStore } from './catalogue.js';

export function catalogueHandlers(deps: { catalogue: CatalogueStore; published: (saved: Catalogue) => void }): HandlerSlice {
  return {
    getCatalogue: () => deps.catalogue.get(),
    async putCatalogue(edited, ctx) {
      const saved = await deps.catalogue.put(edited, ctx.actor);
      deps.published(saved);
      return saved;
    },
  };
}
