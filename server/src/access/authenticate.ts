import { parse } from 'cookie';
import { can, JunbanError, type Permission, type Principal } from '../protocol/index.js';
import type { AccessStore } from './store.js';

export const SESSION_COOKIE = 'junban_session';

export interface Credentials {
  cookie?: string | undefined;
  /** A bearer token from the Authorization header or the socket handshake. */
  token?: string | undefined;
}

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
}

/** Who is asking: a device token wins over a session cookie, so a kiosk stays a kiosk on a shared browser. */
export function authenticate(access: AccessStore, credentials: Credentials): Principal | null {
  if (credentials.token) return access.device(credentials.token);
  const session = sessionToken(credentials.cookie);
  return session ? access.session(session) : null;
}

export function actorOf(principal: Principal | null): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}

/** For routes outside the API table (files, images): who asks, or the same 401/403 error the API gives. */
export function authorize(access: AccessStore, headers: { cookie?: string | undefined; authorization?: string | undefined }, permission: Permission): Principal {
  const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
  const principal = authenticate(access, { cookie: headers.cookie, token: bearer });
  if (!can(principal, permission)) {
    throw principal ? new JunbanError('auth/forbidden', 'Your role does not allow this.') : new JunbanError('auth/required', 'Sign in as staff.');
  }
  return principal!;
}
