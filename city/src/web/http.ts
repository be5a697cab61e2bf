import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { cityApi, JunbanError, type CityEndpointName } from '@junban/protocol';
import { authenticate, SESSION_COOKIE, sessionToken } from '../access/authenticate.js';
import { SESSION_DAYS, type CityAccess } from '../access/store.js';
import { dispatch, type CallContext, type Handlers } from './calls.js';
import { sendError } from './errors.js';

/**
 * Mounts the entries of `cityApi` this process serves (all of them, unless it is only the public face or only the
 * staff's side); path parameters join the body (or query) as input, like the office's.
 */
export function apiRouter(
  handlers: Handlers,
  access: CityAccess,
  log: Logger,
  secureCookies: boolean,
  serves: (name: CityEndpointName) => boolean = () => true,
) {
  const router = express.Router();
  router.use(express.json({ limit: '2.5mb', strict: true }));
  for (const name of (Object.keys(cityApi) as CityEndpointName[]).filter(serves)) {
    const e = cityApi[name];
    const method = e.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    router[method](e.path, async (req, res) => {
      try {
        const principal = await authenticate(access, req.headers.cookie);
        const ctx: CallContext = {
          principal,
          actor: principal ? `city-staff:${principal.id}` : 'anonymous',
          address: req.ip ?? req.socket.remoteAddress ?? '',
          session: {
            token: sessionToken(req.headers.cookie),
            set: (token) => {
              res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: SESSION_DAYS * 86_400_000, path: '/' });
            },
            clear: () => {
              res.clearCookie(SESSION_COOKIE, { path: '/' });
            },
          },
        };
        const body: unknown = req.body;
        if (e.method !== 'GET' && body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
          throw new JunbanError('input/invalid', 'The body must be a JSON object.');
        }
        const input = { ...(e.method === 'GET' ? req.query : (body as object | undefined)), ...req.params };
        res.json(await dispatch(handlers, name, input, ctx));
      } catch (err) {
        sendError(res, err, log);
      }
    });
  }
  router.use((req, res) => {
    sendError(res, new JunbanError('api/not_found', `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`), log);
  });
  const bodyErrors: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.too.large') sendError(res, new JunbanError('input/too_large', 'The request body is too large.'), log);
    else if (err.status && err.status < 500) sendError(res, new JunbanError('input/invalid', 'The request could not be read.'), log);
    else sendError(res, err, log);
  };
  router.use(bodyErrors);
  return router;
}
