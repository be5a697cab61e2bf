import type { Role } from '@junban/server/protocol';

/**
 * A route's `+page.ts` declares who may open it: `export const load = allow('admin');`.
 * The layout reads `page.data.allowedRoles` and refuses everyone else. This only keeps the screen tidy for the
 * wrong role; the server's permissions are what actually protect the data (a refused call answers 403).
 */
export function allow(...roles: Role[]) {
  return (): App.PageData => ({ allowedRoles: roles });
}

export function allowed(role: Role, roles: readonly Role[] | undefined): boolean {
  return roles === undefined || roles.includes(role);
}
