import type { HandlerSlice } from '../web/calls.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { CityAccess } from './store.js';

export function accessHandlers({ access, throttle }: { access: CityAccess; throttle: SignInThrottle }): HandlerSlice {
  return {
    async cityLogin({ username, password }, ctx) {
      await throttle.begin(username, ctx.address);
      const { token, principal } = await access.signIn(username, password);
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
  };
}
