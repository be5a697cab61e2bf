import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { JunbanError } from '@junban/protocol';

/**
 * The last word on every request nothing else answered, so Express's own pages (which show a stack trace and the
 * server's paths outside production) never reach a browser: the API's JSON error under /api/v1, a short plain page
 * in Japanese and English for everything else.
 */
const isApi = (path: string) => /^\/api\/v1(\/|$)/i.test(path);

function plainPage(res: Response, status: number, ja: string, en: string) {
  res.status(status).type('text/plain; charset=utf-8').send(`${ja}\n${en}\n`);
}

export const notFound: RequestHandler = (req, res) => {
  if (isApi(req.path)) {
    const err = new JunbanError('api/not_found', 'No such address.');
    res.status(err.status).json({ error: err.toBody() });
  } else plainPage(res, 404, 'ページが見つかりません。', 'Page not found.');
};

/** A client's mistake (e.g. a malformed %-escape in the address) is a 400 that says so; anything else is logged. */
export function lastErrors(log: Logger): ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number }, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err.status ?? err.statusCode ?? 500;
    const clientError = status >= 400 && status < 500;
    if (!clientError) log.error({ err }, 'request failed');
    if (isApi(req.path)) {
      const body = clientError
        ? new JunbanError('input/invalid', 'The request could not be read (for example, a malformed %-escape in the address).').toBody()
        : new JunbanError('server/internal', 'Something went wrong on the server; nothing was changed.').toBody();
      res.status(clientError ? 400 : 500).json({ error: body });
    } else if (clientError) plainPage(res, 400, 'このアドレスは読み取れません。', 'This address could not be read.');
    else plainPage(res, 500, 'サーバーで問題が起きました。', 'Something went wrong on the server.');
  };
}
