/**
 * The public booking page, from the kiosk's build like the status and joining pages: `/kiosk/book` (book a visit) and
 * `/kiosk/book/<link>` (see, move or cancel it), and `/kiosk/pickup` (is my card ready? then book its pick-up). Its scripts come from `/kiosk/_app`, served beside the status page.
 * The booking's link is the capability to change it: the page is served without caching.
 */
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function bookingPages(kioskDir: string) {
  const router = express.Router();
  const page: express.RequestHandler = (_req, res, next) => {
    const index = join(kioskDir, 'index.html');
    if (!existsSync(index)) return next();
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    res.sendFile(index);
  };
  router.get('/kiosk/book', page);
  router.get('/kiosk/book/:token', page);
  // Card pick-up: the reference number is typed on the page and sent in a POST, never in the address.
  router.get('/kiosk/pickup', page);
  return router;
}
