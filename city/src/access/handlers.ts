import type { HandlerSlice } from '../web/calls.js';
import type { CityDirectory } from './directory.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { CityAccess } from './store.js';

export function accessHandlers({ access, directory, throttle }: { access: CityAccess; directory: CityDirectory; throttle: SignInThrottle }): HandlerSlice {
  return {
    async cityLogin({ username, password }, ctx) {
      await throttle.begin(username, ctx.address);
      // Local accounts here; any other username with the city's LDAP/AD when it is set up.
      const { token, principal } = await directory.signIn(username, password);
      await throttle.succeeded(username, ctx.address);
      ctx.session.set(token);
      return principal;
    },
    async cityLogout(_input, ctx) {
      if (ctx.session.token) await access.signOut(ctx.session.token);
      ctx.session.clear();
      return { ok: true };
    },
    cityMe: (_input, ctx) => ctx.principal!,
    citySignInOptions: () => directory.options(),
  };
}
