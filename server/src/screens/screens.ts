import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficeSettings } from '@junban/protocol';
import { landingPage, type DemoInfo } from './landing.js';

/** The front ends, each built static into `<app>/build` and served under its own path. */
const apps = ['kiosk', 'display', 'admin'] as const;

/** Where each front end's static build is. */
export const screenBuildDirs = (repoRoot: string) => apps.map((app) => join(repoRoot, app, 'build'));

export function screensRouter(repoRoot: string, settings: () => OfficeSettings, demo?: DemoInfo) {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(landingPage(settings(), demo));
  });
  for (const app of apps) {
    const dir = join(repoRoot, app, 'build');
    router.use(`/${app}`, express.static(dir, { index: 'index.html', fallthrough: true }));
    // Client-side routes (e.g. /admin/counter) load the app's entry page.
    router.get(`/${app}{/*rest}`, (_req, res) => {
      const index = join(dir, 'index.html');
      if (existsSync(index)) res.sendFile(index);
      else res.status(503).type('text').send(`The ${app} screen is not built yet: run "npm run build".`);
    });
  }
  return router;
}
