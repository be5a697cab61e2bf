import { can, type Permission, type Role } from '@junban/protocol/screens';
import { session } from './session.svelte';

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

/**
 * Whether the signed-in person may do something, by the server's own permission table: a page that all staff open
 * shows each of them only the buttons the server would accept from them.
 */
export function may(permission: Permission): boolean {
  return can(session.staff, permission);
}
