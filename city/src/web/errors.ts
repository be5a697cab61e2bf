import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { JunbanError } from '@junban/protocol';

const isApi = (path: string) => /^\/api\/v1(\/|$)/i.test(path);

/** The API's JSON error; anything but a JunbanError is logged and answered as a 500 that leaks nothing. */
export function sendError(res: Response, err: unknown, log: Logger): void {
  if (err instanceof JunbanError) {
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(1, err.retryAfterSeconds)));
    res.status(err.status).json({ error: err.toBody() });
    return;
  }
  log.error({ err }, 'request failed');
  res.status(500).json({ error: { code: 'server/internal', message: 'Something went wrong on the server; nothing was changed.' } });
}

export const notFound: RequestHandler = (req, res) => {
  if (isApi(req.path)) {
    const err = new JunbanError('api/not_found', 'No such address.');
    res.status(err.status).json({ error: err.toBody() });
  } else res.status(404).type('text/plain; charset=utf-8').send('ページが見つかりません。\nPage not found.\n');
};

/** The last word on a request that failed outside a handler: never Express's own page with a stack trace. */
export function lastErrors(log: Logger): ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number }, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    const clientError = status >= 400 && status < 500;
    if (!clientError) log.error({ err }, 'request failed');
    if (isApi(req.path)) {
      const body = clientError
        ? new JunbanError('input/invalid', 'The request could not be read.').toBody()
        : new JunbanError('server/internal', 'Something went wrong on the server; nothing was changed.').toBody();
      res.status(clientError ? 400 : 500).json({ error: body });
    } else
      res
        .status(clientError ? 400 : 500)
        .type('text/plain; charset=utf-8')
        .send(clientError ? 'Bad request.\n' : 'Server error.\n');
  };
}
