import { parse } from 'cookie';
import { cityPermissions, JunbanError, type CityPermission, type CityPrincipal } from '@junban/protocol';
import type { CityAccess } from './store.js';

/**
 * The city's own cookie name: browsers share cookies across the ports of one host, and the demo runs the city and
 * its offices on one machine.
 */
export const SESSION_COOKIE = 'junban_city_session';

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
}

export async function authenticate(access: CityAccess, cookieHeader: string | undefined): Promise<CityPrincipal | null> {
  const token = sessionToken(cookieHeader);
  return token ? access.session(token) : null;
}

export function can(principal: CityPrincipal | null, permission: CityPermission | 'none'): boolean {
  return permission === 'none' || (principal !== null && cityPermissions[principal.role].includes(permission));
}

/** 401 without a caller, 403 for a caller whose role does not allow `permission`. */
export function assertAllowed(principal: CityPrincipal | null, permission: CityPermission | 'none'): void {
  if (can(principal, permission)) return;
  throw principal ? new JunbanError('auth/forbidden', 'Your role does not allow this.') : new JunbanError('auth/required', 'Sign in as city staff.');
}
