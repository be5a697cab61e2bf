import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { authenticate, actorOf, bearerToken, SESSION_COOKIE, sessionToken } from '../access/authenticate.js';
import { SESSION_DAYS, type AccessStore } from '../access/store.js';
import { api, JunbanError, type EndpointName } from '@junban/protocol';
import { dispatch, type CallContext, type Handlers } from '../web/calls.js';
import { sendError } from '../web/errors.js';
import { openApiDocument } from './openapi.js';

/** Mounts every entry of the API table under /api/v1, plus the OpenAPI document. */
export function apiRouter(handlers: Handlers, access: AccessStore, log: Logger, secureCookies: boolean) {
  const router = express.Router();
  router.use(express.json({ limit: '2.5mb', strict: true }));
  let document: ReturnType<typeof openApiDocument> | undefined;
  router.get('/openapi.json', (_req, res) => {
    // Made once, on first request: the table does not change while the server runs.
    res.json((document ??= openApiDocument()));
  });

  for (const name of Object.keys(api) as EndpointName[]) {
    const e = api[name];
    const method = e.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    router[method](e.path, async (req, res) => {
      const principal = authenticate(access, { cookie: req.headers.cookie, token: bearerToken(req.headers.authorization) });
      const key = req.headers['idempotency-key'];
      const ctx: CallContext = {
        principal,
        actor: actorOf(principal),
        // The connection's own address (express trusts no X-Forwarded-For: "trust proxy" is off).
        address: req.ip ?? req.socket.remoteAddress ?? '',
        // Sent twice, the header arrives joined with a comma, which no valid key contains: it is refused as such.
        ...(key !== undefined ? { idempotencyKey: String(key) } : {}),
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
        sendError(res, new JunbanError('input/invalid', 'The body must be a JSON object.'), log);
        return;
      }
      const input = { ...(e.method === 'GET' ? req.query : (body as object | undefined)), ...req.params };
      try {
        res.json(await dispatch(handlers, name, input, ctx));
      } catch (err) {
        sendError(res, err, log);
      }
    });
  }

  router.use((req, res) => {
    sendError(res, new JunbanError('api/not_found', `No API endpoint ${req.method} ${req.baseUrl}${req.path}.`), log);
  });
  // Body errors carry body-parser's `type`; a 4xx without one is the address (a malformed %-escape in a path).
  const bodyErrors: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.too.large') sendError(res, new JunbanError('input/too_large', 'The request body is too large.'), log);
    else if (err.type === 'entity.parse.failed') sendError(res, new JunbanError('input/invalid', 'The body is not valid JSON.'), log);
    else if (err.type && err.status && err.status < 500) sendError(res, new JunbanError('input/invalid', 'The request body could not be read.'), log);
    else if (err.status && err.status < 500) sendError(res, new JunbanError('input/invalid', 'The address could not be read (a malformed %-escape?).'), log);
    else sendError(res, err, log);
  };
  router.use(bodyErrors);
  return router;
}
