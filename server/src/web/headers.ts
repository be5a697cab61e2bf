import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import helmet from 'helmet';

/**
 * The hashes of the inline scripts of the built screens (SvelteKit's static pages start with an inline bootstrap
 * script), so the Content-Security-Policy can allow exactly those and no other inline script. Read from the build
 * folders, and read again when a build changes (a developer rebuilding while the server runs).
 */
function inlineScriptHashes(buildDirs: string[]): () => string[] {
  let seen = '';
  let hashes: string[] = [];
  // Every answer carries the policy: the folders are looked at again at most every few seconds, not per request.
  let lookedAt = -Infinity;
  const htmlFiles = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.html'))
          .map((f) => join(dir, f))
      : [];
  return () => {
    if (Date.now() - lookedAt < 5_000) return hashes;
    lookedAt = Date.now();
    try {
      const files = buildDirs.flatMap(htmlFiles);
      const stamp = files.map((f) => `${f}:${statSync(f).mtimeMs}`).join('|');
      if (stamp !== seen) {
        const found = new Set<string>();
        for (const file of files) {
          for (const m of readFileSync(file, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
            if (m[1]!.trim()) found.add(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
          }
        }
        hashes = [...found];
        seen = stamp;
      }
    } catch {
      // A build being written right now: keep the last hashes and look again at the next answer.
      lookedAt = -Infinity;
    }
    return hashes;
  };
}

/**
 * The security headers of every answer (pages, API, files): a Content-Security-Policy the screens work under, no
 * framing (clickjacking of the counter console), no MIME sniffing, no Referer (a resident's status link carries its
 * token in the path), and HSTS only where the office is served over HTTPS (`JUNBAN_HSTS`): on a plain-HTTP LAN
 * office it would lock browsers out.
 */
export function securityHeaders(options: { buildDirs: string[]; hsts: boolean }) {
  const hashes = inlineScriptHashes(options.buildDirs);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", () => hashes().join(' ')],
        // Svelte sets style attributes and transitions write <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // data: for the empty favicon and drawn QR codes; blob: for ticket images and the camera's frames.
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The live updates' WebSocket is the same origin ('self' covers ws: and wss: to it).
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        // The residents' status page links its web app manifest (an installable page), from this origin only.
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: most offices serve their LAN over plain HTTP.
      },
    },
    // The screens open no cross-origin windows; same-origin is the safest that still lets the counter open a PDF.
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // Nothing to other sites (a status link's token is in its path); the office's own pages keep their origin, as
    // no-referrer would send a form's POST with `Origin: null` and the cross-site guard would refuse the form print.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });
}
