// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Role } from '@junban/protocol/screens';

declare global {
  namespace App {
    interface PageData {
      /**
       * The roles a route lets in, declared in its +page.ts (`allow(...)` from $lib/roles). The layout shows
       * everyone else a "not allowed" message instead of the page. Routes without it are open to all staff.
       */
      allowedRoles?: readonly Role[];
    }
  }
}

export {};
