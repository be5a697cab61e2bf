import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { JunbanError } from '@junban/protocol';
import { storageError } from '../storage/faults.js';

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

/** The API's JSON error; anything but a JunbanError is logged and answered as a 500 that says nothing changed. */
export function sendError(res: Response, err: unknown, log: Logger): void {
  err = storageError(err) ?? err;
  if (err instanceof JunbanError) {
    if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(1, err.retryAfterSeconds)));
    res.status(err.status).json({ error: err.toBody() });
    return;
  }
  // Internal details stay in the server log; the request body is never logged (it may hold personal data).
  log.error({ err }, 'request failed');
  res.status(500).json({ error: { code: 'server/internal', message: 'Something went wrong on the server; nothing was changed.' } });
}

/**
 * Requests Node refuses before express sees them (headers over 16 kB, a broken request line) still get the API's
 * JSON error, not a bare status line.
 */
export function answerUnreadableRequests(http: HttpServer): void {
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { bytesParsed?: number }).bytesParsed === undefined) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: {
        code: tooLarge ? 'input/too_large' : 'input/invalid',
        message: tooLarge ? 'The request line or headers are too long.' : 'The request could not be read.',
      },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
