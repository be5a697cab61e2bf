/**
 * The resident's status page as an app their phone can install (a web app manifest and its icons), served alike by
 * the office and by the city's public face (`@junban/server/status-app`): both serve the kiosk build's
 * `/kiosk/status/<token>`, and the page links its own manifest, `/kiosk/status/<token>/manifest.webmanifest`.
 *
 * Each page has its own manifest because the installed app must open that visit's page: its `start_url` is the
 * page itself (a manifest's default start would be the same page, but browsers ask for it to be said). The token
 * in it is the one already in the page's address, and the manifest holds nothing else of the visit.
 */
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A status token as the office makes it (`<visit id>.<mac>`), or anything shaped like one. */
const TOKEN = /^[A-Za-z0-9._-]{1,200}$/;

/** The page's colours (the kiosk's --bg) and the icons drawn by kiosk/scripts/status-icons.mjs. */
const BACKGROUND = '#eef2f7';
const ICONS = [192, 512] as const;

export interface WebAppManifest {
  id: string;
  name: string;
  short_name: string;
  description: string;
  lang: string;
  start_url: string;
  scope: string;
  display: 'standalone';
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: 'image/png'; purpose: 'any' | 'maskable' }[];
}

/** The manifest of one visit's status page. */
export function statusAppManifest(token: string): WebAppManifest {
  const page = `/kiosk/status/${token}`;
  return {
    id: page,
    name: '順番 junban',
    short_name: '順番',
    description: '窓口の順番と呼出 / Your turn at the counter, live',
    lang: 'ja',
    start_url: page,
    scope: '/kiosk/status/',
    display: 'standalone',
    theme_color: BACKGROUND,
    background_color: BACKGROUND,
    icons: ICONS.flatMap((size) =>
      (['any', 'maskable'] as const).map((purpose) => ({
        src: `/kiosk/icons/junban-${size}.png`,
        sizes: `${size}x${size}`,
        type: 'image/png' as const,
        purpose,
      })),
    ),
  };
}

/** `/kiosk/status/<token>/manifest.webmanifest` and `/kiosk/icons/…` from the kiosk's build. */
export function installableStatusPage(kioskDir: string) {
  const router = express.Router();
  router.get('/kiosk/status/:token/manifest.webmanifest', (req, res, next) => {
    if (!TOKEN.test(req.params.token)) return next();
    res.type('application/manifest+json').send(JSON.stringify(statusAppManifest(req.params.token)));
  });
  router.get('/kiosk/icons/:file', (req, res, next) => {
    const icon = join(kioskDir, 'icons', req.params.file);
    if (/^junban-\d+\.png$/.test(req.params.file) && existsSync(icon)) res.type('image/png').sendFile(icon, { maxAge: '1d' });
    else next();
  });
  return router;
}
