import { parse } from 'cookie';
import { can, JunbanError, type Permission, type Principal } from '@junban/protocol';
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

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
}

/** The door of every call: 401 without a caller, 403 for a caller whose role does not allow `permission`. */
export function assertAllowed(principal: Principal | null, permission: Permission | 'none', signIn: string): void {
  if (can(principal, permission)) return;
  throw principal ? new JunbanError('auth/forbidden', 'Your role does not allow this.') : new JunbanError('auth/required', signIn);
}

/**
 * A directory account whose groups name counters works at those only: a call for another counter (calling, serving,
 * pausing it) is refused, whatever the role. Every call naming a counter names it `counterId`.
 */
export function assertAtOwnCounter(principal: Principal | null, input: unknown): void {
  if (principal?.kind !== 'staff' || !principal.counters) return;
  const counterId = (input as { counterId?: unknown } | null)?.counterId;
  if (typeof counterId === 'string' && !principal.counters.includes(counterId)) {
    throw new JunbanError('auth/forbidden', `Your directory groups let you work at counter ${principal.counters.join(', ')}, not at ${counterId}.`);
  }
}

export function actorOf(principal: Principal | null): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}

/** For routes outside the API table (files, images): who asks, or the same 401/403 error the API gives. */
export function authorize(
  access: AccessStore,
  headers: { cookie?: string | undefined; authorization?: string | undefined },
  permission: Permission,
): Principal {
  const principal = authenticate(access, { cookie: headers.cookie, token: bearerToken(headers.authorization) });
  assertAllowed(principal, permission, 'Sign in as staff.');
  return principal!;
}
