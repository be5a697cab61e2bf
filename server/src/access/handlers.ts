/** Access's slice of the API table: signing in and out, and staff accounts (their sessions' screens follow them). */
import { JunbanError, type Principal, type Role } from '@junban/protocol';
import type { ScreensPort } from '../realtime/port.js';
import type { Presence } from '../staff/presence.js';
import type { HandlerSlice } from '../web/calls.js';
import type { Directory } from './directory/directory.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { AccessStore } from './store.js';

export function accessHandlers(deps: {
  access: AccessStore;
  /** Local accounts, and the city's directory when it is set up. */
  directory: Directory<Role, Principal>;
  /** Wrong passwords, counted per account and address. */
  signInThrottle: SignInThrottle;
  presence: Presence;
  screens: Pick<ScreensPort, 'disconnectStaff' | 'recheckStaff'>;
}) {
  const { access, directory, signInThrottle, presence, screens } = deps;
  const ok = { ok: true as const };
  return {
    async login({ username, password }, ctx) {
      if (!ctx.session) throw new JunbanError('input/invalid', 'Sign in over HTTP.');
      const address = ctx.address ?? 'unknown';
      signInThrottle.begin(username, address);
      const { token, principal } = await directory.signIn(username, password);
      signInThrottle.succeeded(username, address);
      ctx.session.set(token);
      return principal;
    },
    logout(_, ctx) {
      if (ctx.session?.token) access.signOut(ctx.session.token);
      ctx.session?.clear();
      // This screen's live connection ends with its session (the account's other sessions keep theirs).
      if (ctx.principal?.kind === 'staff') screens.recheckStaff(ctx.principal.id);
      return ok;
    },
    me: (_, ctx) => ctx.principal!,
    signInOptions: () => directory.options(),

    listStaff: () => access.listStaff().map((a) => ({ ...a, signInLockedUntil: signInThrottle.lockedUntil(a.username) })),
    unlockStaff({ staffId }) {
      signInThrottle.unlock(access.staffById(staffId).username);
      return ok;
    },
    createStaff: (input) => access.createStaff(input),
    staffPresence: () => presence.list(access.listStaff()),
    updateStaff({ staffId, ...change }, ctx) {
      const before = access.staffById(staffId);
      const after = access.updateStaff(staffId, change, ctx.principal?.kind === 'staff' ? ctx.principal.id : null);
      // A socket keeps the role it connected with: a changed role or a disabled account must connect again.
      if (after.disabled !== before.disabled || after.role !== before.role) screens.disconnectStaff(staffId);
      return after;
    },
    async resetPassword({ staffId, password }, ctx) {
      const own = ctx.principal?.kind === 'staff' && ctx.principal.id === staffId;
      await access.resetPassword(staffId, password, own ? ctx.session?.token : undefined);
      if (!own) screens.disconnectStaff(staffId);
      else screens.recheckStaff(staffId);
      return ok;
    },
  } satisfies HandlerSlice;
}
