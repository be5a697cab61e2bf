/**
 * The resident's status page is an app their phone can install: it links a web app manifest that its server (the
 * office's or the city's) answers as `application/manifest+json`, with icons that load, and Chromium finds nothing
 * that stops it installing the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

export async function expectInstallable(page: Page): Promise<void> {
  const pagePath = new URL(page.url()).pathname;
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBe(`${pagePath}/manifest.webmanifest`);

  const answer = await page.request.get(new URL(href!, page.url()).href);
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toMatch(/^application\/manifest\+json/);
  const manifest = (await answer.json()) as {
    name: string;
    start_url: string;
    scope: string;
    display: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  // Installed, it opens this visit's page.
  expect(manifest).toMatchObject({ name: '順番 junban', start_url: pagePath, scope: '/kiosk/status/', display: 'standalone' });
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.type === 'image/png');
    expect(icon, `a ${size} px PNG icon`).toBeDefined();
    const image = await page.request.get(new URL(icon!.src, page.url()).href);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
    expect(pngSize(await image.body())).toEqual({ width: size, height: size });
  }

  // Chromium itself: the manifest parses, the Content-Security-Policy lets it load, and nothing stops installing. A
  // test's windows are private ones, which Chromium never installs from: this asks a browser with a profile of its own.
  const profile = mkdtempSync(join(tmpdir(), 'junban-installable-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.JUNBAN_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
  });
  try {
    const phone = browser.pages()[0] ?? (await browser.newPage());
    await phone.goto(page.url());
    // The page links its manifest once it runs.
    await expect(phone.locator('link[rel=manifest]')).toHaveAttribute('href', href!);
    const cdp = await browser.newCDPSession(phone);
    const manifest = () => cdp.send('Page.getAppManifest') as Promise<{ url: string; errors: { message: string }[] }>;
    await expect.poll(async () => (await manifest()).url).toBe(new URL(href!, page.url()).href);
    expect((await manifest()).errors).toEqual([]);
    await expect
      .poll(async () => ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] }).installabilityErrors, {
        timeout: 10_000,
      })
      .toEqual([]);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
