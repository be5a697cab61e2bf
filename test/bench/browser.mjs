// @ts-check
/** What the browser benches share: Debian's Chromium as the tests start it, and the page's clock against ours. */
import { performance } from 'node:perf_hooks';

export const chromiumPath = process.env.JUNBAN_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Wall-clock ms with sub-ms resolution; the page reports the same (performance.timeOrigin + performance.now()). */
export const wallNow = () => performance.timeOrigin + performance.now();

/**
 * The page's clock against ours: the same machine, but Chromium and Node each fix their own timeOrigin. The sample
 * with the shortest round trip bounds the error by half of it.
 * @param {import('@playwright/test').Page} page
 */
export async function clockOffset(page) {
  let best = { rttMs: Infinity, offsetMs: 0 };
  for (let i = 0; i < 30; i++) {
    const before = wallNow();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = wallNow();
    if (after - before < best.rttMs) best = { rttMs: after - before, offsetMs: pageNow - (before + after) / 2 };
  }
  return best;
}
