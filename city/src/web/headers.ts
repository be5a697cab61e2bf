import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { JunbanError } from '@junban/protocol';

/**
 * The hashes of the pages' inline scripts (SvelteKit's bootstrap), so the CSP allows exactly those. Read again at
 * most every few seconds, so pages built while the city runs work without a restart.
 */
function inlineScriptHashes(dirs: readonly string[]): () => string[] {
  let hashes: string[] = [];
  let readAt = -Infinity;
  return () => {
    if (Date.now() - readAt < 5_000) return hashes;
    readAt = Date.now();
    try {
      const found = new Set<string>();
      const files = dirs.flatMap((dir) =>
        existsSync(dir)
          ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
              .filter((f) => f.endsWith('.html'))
              .map((f) => join(dir, f))
          : [],
      );
      for (const file of files) {
        for (const m of readFileSync(file, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
          if (m[1]!.trim()) found.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
        }
      }
      hashes = [...found];
    } catch {
      // A build being written right now: keep the last hashes, look again at the next answer.
      readAt = -Infinity;
    }
    return hashes;
  };
}

/** The office's security headers, for the city's pages and API: a strict CSP, no framing, no sniffing. */
export function securityHeaders(options: { pagesDirs: readonly string[]; hsts: boolean }) {
  const hashes = inlineScriptHashes(options.pagesDirs);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", () => hashes().join(' ')],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The residents' status page links its web app manifest (an installable page), from this origin only.
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/** A browser request from another site's page (Origin or Sec-Fetch-Site says so); curl and offices send neither. */
export function isCrossOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin !== undefined) {
    try {
      const host = new URL(origin).host;
      return host === '' || host !== headers.host?.toLowerCase();
    } catch {
      return true;
    }
  }
  const site = headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/** Refuses cross-site browser requests to the API and every change anywhere (CSRF), like the office. */
export const sameOriginOnly: RequestHandler = (req, res, next) => {
  const changes = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
  const path = req.path.toLowerCase();
  if ((changes || path === '/api/v1' || path.startsWith('/api/v1/')) && isCrossOrigin(req.headers)) {
    const err = new JunbanError('auth/cross_origin', 'This request came from another site’s page and was refused.');
    res.status(err.status).json({ error: err.toBody() });
    return;
  }
  next();
};
