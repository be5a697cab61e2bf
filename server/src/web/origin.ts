import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { JunbanError } from '@junban/protocol';

/**
 * Cross-site request forgery guard. A browser tells where a request comes from: `Origin` on every POST/PUT/DELETE
 * and on scripts' requests, `Sec-Fetch-Site` on everything. A request whose page is not this office (the Host it
 * came to, or JUNBAN_PUBLIC_URL behind a proxy) is refused, whatever cookie it carries: SameSite=Lax does not stop
 * another port or a sibling host of the office server. A request with neither header is not a browser's (curl,
 * the print agent, a device with its bearer token): it cannot carry a victim's cookie, so it stays allowed.
 */
export function isCrossOrigin(headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  const origin = headers.origin;
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host; // "null" (a sandboxed frame, a file) does not parse: cross-origin.
    } catch {
      return true;
    }
    if (host === '') return true;
    if (host === headers.host?.toLowerCase()) return false;
    return publicUrl === undefined || new URL(publicUrl).origin !== new URL(origin).origin;
  }
  const site = headers['sec-fetch-site'];
  // "none": typed in the address bar or opened from a bookmark or QR code; "same-origin": this office's own page.
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

export const crossOriginError = () => new JunbanError('auth/cross_origin', 'This request came from another site’s page and was refused.');

/**
 * Refuses cross-origin browser requests that can change something or read personal data: every POST/PUT/DELETE
 * anywhere, and every request to the API (its GETs include reads that are audited, e.g. a form's PDF). Screens'
 * pages stay open to links from other sites (a city website linking to the congestion page).
 */
export function sameOriginOnly(publicUrl: string | undefined): RequestHandler {
  return (req, res, next) => {
    const changes = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    // Express matches paths case-insensitively: so does this.
    const path = req.path.toLowerCase();
    const api = path === '/api/v1' || path.startsWith('/api/v1/');
    if ((changes || api) && isCrossOrigin(req.headers, publicUrl)) {
      const err = crossOriginError();
      res.status(err.status).json({ error: err.toBody() });
      return;
    }
    next();
  };
}
