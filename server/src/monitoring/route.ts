/** The `/metrics` route, shared by the office and the city server (each with its own registry and token). */
import type { Request, RequestHandler } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';

/**
 * `GET /metrics`. With a token set (JUNBAN_METRICS_TOKEN, CITY_METRICS_TOKEN), Prometheus sends it as a bearer token and
 * anything else gets 401;
 * without it the figures are open to whoever reaches the server: the office's figures are counts the congestion page
 * already shows; the city refuses an open `/metrics` on its public face.
 */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || req.path !== '/metrics') return next();
    if (token !== undefined && !bearerIs(req, token)) {
      res.status(401).set('www-authenticate', 'Bearer').type('text/plain').send('metrics need the bearer token set for them\n');
      return;
    }
    registry.metrics().then(
      (text) => res.type(registry.contentType).send(text),
      (err: unknown) => next(err),
    );
  };
}

function bearerIs(req: Request, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
