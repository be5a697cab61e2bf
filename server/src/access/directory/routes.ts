/**
 * The two browser stops of an OpenID Connect sign-in: the button's start (off to the provider) and the provider's
 * callback (back with a code). They redirect, so they live outside the JSON API table.
 */
import { JunbanError } from '@junban/protocol';
import express from 'express';
import { parse } from 'cookie';
import type { Logger } from 'pino';
import { SESSION_COOKIE } from '../authenticate.js';
import { SESSION_DAYS } from '../store.js';
import { OIDC_CALLBACK_PATH, OIDC_START_PATH, type Directory } from './directory.js';

const STATE_COOKIE = 'junban_oidc';
/** Where the staff screens start; a failed sign-in comes back there with the error's code (never a message or a name). */
const SIGN_IN_PAGE = '/admin/';

export function oidcRoutes(directory: Directory, log: Logger, secureCookies: boolean): express.Router {
  const router = express.Router();
  const oidc = directory.oidc;
  if (!oidc) return router;
  const failed = (res: express.Response, err: unknown) => {
    const code = err instanceof JunbanError ? err.code : 'server/internal';
    if (!(err instanceof JunbanError)) log.error({ err }, 'the OpenID Connect sign-in failed');
    res.redirect(303, `${SIGN_IN_PAGE}?signInError=${encodeURIComponent(code)}`);
  };

  router.get(OIDC_START_PATH, async (_req, res) => {
    try {
      const { url, state } = await directory.logged('oidc', () => oidc.start());
      // Lax: sent when the provider's page sends the browser back (a top-level GET), not with another site's requests.
      res.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: 10 * 60_000, path: '/auth/oidc' });
      res.redirect(303, url);
    } catch (err) {
      failed(res, err);
    }
  });

  router.get(OIDC_CALLBACK_PATH, async (req, res) => {
    const state = req.headers.cookie ? parse(req.headers.cookie)[STATE_COOKIE] : undefined;
    res.clearCookie(STATE_COOKIE, { path: '/auth/oidc' });
    try {
      const here = new URL(req.originalUrl, oidc.settings.redirectUrl);
      const user = await directory.logged('oidc', () => oidc.finish(here, state));
      const { token } = directory.admit(user, 'oidc');
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: SESSION_DAYS * 86_400_000, path: '/' });
      res.redirect(303, SIGN_IN_PAGE);
    } catch (err) {
      failed(res, err);
    }
  });
  return router;
}
