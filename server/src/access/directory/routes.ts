/**
 * The two browser stops of an OpenID Connect sign-in: the button's start (off to the provider) and the provider's
 * callback (back with a code). They redirect, so they live outside the JSON API table.
 */
import { JunbanError } from '@junban/protocol';
import express from 'express';
import { parse } from 'cookie';
import type { Logger } from 'pino';
import { OIDC_CALLBACK_PATH, OIDC_START_PATH, type Directory } from './directory.js';

/** What differs between the servers that mount these stops: an office's staff screens, or the city's pages. */
export interface OidcRouteOptions {
  secureCookies: boolean;
  /** The server's own session cookie, and how long the browser keeps it. */
  sessionCookie: string;
  sessionMaxAgeMs: number;
  /**
   * The cookie that holds the state of a sign-in under way: each server its own, because browsers share cookies
   * across the ports of one host (the demo runs the city and its offices on one machine).
   */
  stateCookie: string;
  /** Where the staff screens start; a failed sign-in comes back there with the error's code (never a message or a name). */
  signInPage: string;
}

export function oidcRoutes(directory: Directory<string, { id: string }>, log: Logger, options: OidcRouteOptions): express.Router {
  const router = express.Router();
  const oidc = directory.oidc;
  if (!oidc) return router;
  const { secureCookies, stateCookie, signInPage } = options;
  const failed = (res: express.Response, err: unknown) => {
    const code = err instanceof JunbanError ? err.code : 'server/internal';
    if (!(err instanceof JunbanError)) log.error({ err }, 'the OpenID Connect sign-in failed');
    res.redirect(303, `${signInPage}?signInError=${encodeURIComponent(code)}`);
  };

  router.get(OIDC_START_PATH, async (_req, res) => {
    try {
      const { url, state } = await directory.logged('oidc', () => oidc.start());
      // Lax: sent when the provider's page sends the browser back (a top-level GET), not with another site's requests.
      res.cookie(stateCookie, state, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: 10 * 60_000, path: '/auth/oidc' });
      res.redirect(303, url);
    } catch (err) {
      failed(res, err);
    }
  });

  router.get(OIDC_CALLBACK_PATH, async (req, res) => {
    const state = req.headers.cookie ? parse(req.headers.cookie)[stateCookie] : undefined;
    res.clearCookie(stateCookie, { path: '/auth/oidc' });
    try {
      const here = new URL(req.originalUrl, oidc.settings.redirectUrl);
      const user = await directory.logged('oidc', () => oidc.finish(here, state));
      const { token } = await directory.admit(user, 'oidc');
      res.cookie(options.sessionCookie, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: options.sessionMaxAgeMs, path: '/' });
      res.redirect(303, signInPage);
    } catch (err) {
      failed(res, err);
    }
  });
  return router;
}
