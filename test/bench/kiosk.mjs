#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench -w test` (second part): the kiosk as a resident uses it, in a real (headless) Chromium, printing on
 * a fake Ethernet printer over a real TCP port (the same fake the tests use; it answers DLE EOT like a TM printer).
 *
 * For each ticket: the touch on "take a number" → the number shown on the kiosk screen, and → the last byte of the
 * ticket received by the printer. p50/p99 over 200 tickets after a warm-up. Targets: screen < 150 ms, printer < 300 ms.
 *
 * Options: --tickets=200 --warmup=20 --headed
 */
import { chromium } from '@playwright/test';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { HttpClient, setDemoKiosks, signIn } from '../../server/dist/bench/http-client.js';
import { ServerProcess } from '../../server/dist/bench/server-process.js';
import { CHROMIUM_ARGS, chromiumPath, clockOffset } from './browser.mjs';
import { distribution, round } from '../../server/dist/bench/stats.js';
import { startFakeNetworkPrinter } from '../../server/dist/printing/fake-network-printer.js';

const targets = { screenP99Ms: 150, printerP99Ms: 300 };
/** The demo's procedures touched in turn, so queues, numbers and ticket lengths vary as on a real morning. */
const SERVICES = ['juminhyo', 'tennyu', 'inkan-toroku', 'kokuho'];

const step = (/** @type {string} */ what) => process.stderr.write(`· ${what}\n`);

/**
 * In the page: touch "take a number" and resolve when the frame showing the new number starts (requestAnimationFrame
 * runs just before that frame's paint). Both instants are the page's wall clock.
 */
function touchAndWait() {
  return new Promise((resolve, reject) => {
    const before = document.querySelector('.ticket .number')?.textContent ?? null;
    const take = /** @type {HTMLButtonElement | null} */ (document.querySelector('.take'));
    if (!take || take.disabled) return reject(new Error('the "take a number" button is not ready'));
    const shown = () => {
      const number = document.querySelector('.ticket .number')?.textContent?.trim();
      if (!number || number === before) return false;
      observer.disconnect();
      requestAnimationFrame(() => resolve({ touchedAt, shownAt: performance.timeOrigin + performance.now(), number }));
      return true;
    };
    const observer = new MutationObserver(shown);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const touchedAt = performance.timeOrigin + performance.now();
    take.click();
  });
}

async function bench(/** @type {{ tickets: number, warmUp: number, headed: boolean }} */ opts) {
  step('starting the demo office server and a fake Ethernet printer');
  const server = await ServerProcess.start();
  const printer = await startFakeNetworkPrinter();
  const client = new HttpClient(server.origin, { connections: 1 });
  /** @type {import('@playwright/test').Browser | undefined} */
  let browser;
  try {
    const demo = server.demoInfo();
    const adminAccount = demo.accounts.find((/** @type {{ role: string }} */ a) => a.role === 'admin');
    if (!adminAccount) throw new Error('demo.json has no admin account');
    const headers = await signIn(client, adminAccount.username, adminAccount.password);
    await client.json('PUT', '/api/v1/config/printers/bench', {
      headers,
      body: { id: 'bench', name: 'Bench printer', connection: { kind: 'network', host: '127.0.0.1', port: printer.port } },
    });
    // One kiosk issuing hundreds of tickets a minute would be slowed down as a child at the buttons is.
    await setDemoKiosks(client, demo, { printerId: 'bench', ticketsPerMinute: 0 });

    step(`starting Chromium (${chromiumPath})`);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: !opts.headed, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' })).newPage();
    await page.goto(`${server.origin}/kiosk/?token=${encodeURIComponent(demo.kioskToken)}`);
    await page.locator('[data-service]').first().waitFor();
    const clock = await clockOffset(page);

    step(`issuing ${opts.warmUp} + ${opts.tickets} tickets one at a time, each printed before the next`);
    /** @type {number[]} */ const toScreen = [];
    /** @type {number[]} */ const toPrinter = [];
    for (let i = 0; i < opts.warmUp + opts.tickets; i++) {
      await page.locator(`[data-service="${SERVICES[i % SERVICES.length]}"]`).click();
      const jobs = printer.jobs().length;
      const shown = /** @type {{ touchedAt: number, shownAt: number, number: string }} */ (await page.evaluate(touchAndWait));
      const [job] = (await printer.waitForJobs(jobs + 1, 10_000)).slice(jobs);
      if (!job || !job.bytes.includes(Buffer.from(shown.number))) throw new Error(`ticket ${shown.number} did not reach the printer`);
      if (i >= opts.warmUp) {
        toScreen.push(shown.shownAt - shown.touchedAt);
        toPrinter.push(performance.timeOrigin + job.lastByteAt + clock.offsetMs - shown.touchedAt);
      }
      await page.locator('.ticket .done').click();
      await page.locator('.take').waitFor();
    }
    server.assertAlive();
    return { screen: distribution(toScreen), printer: distribution(toPrinter), clock, chromium: browser.version() };
  } finally {
    await browser?.close();
    client.close();
    await printer.close();
    await server.stop();
  }
}

function report(/** @type {Awaited<ReturnType<typeof bench>>} */ r, /** @type {{ tickets: number, warmUp: number }} */ opts) {
  const ms = (/** @type {number} */ x) => `${round(x, 1)} ms`;
  const verdict = (/** @type {boolean} */ ok) => (ok ? 'met' : 'MISSED');
  console.log(
    `\njunban kiosk benchmark — Chromium ${r.chromium} (headless, 1280×800), Node ${process.versions.node}, ${availableParallelism()} CPUs shared by the server, Chromium, the printer and the bench\n`,
  );
  console.log(
    `Touch on "take a number" → (${r.screen.count} tickets after ${opts.warmUp} warm-up, one at a time; clock offset ±${round(r.clock.rttMs / 2, 2)} ms)`,
  );
  console.log(
    `  number shown on screen     p50 ${ms(r.screen.p50).padEnd(10)} p99 ${ms(r.screen.p99).padEnd(10)} target p99 < ${targets.screenP99Ms} ms   ${verdict(r.screen.p99 < targets.screenP99Ms)}`,
  );
  console.log(
    `  last byte at the printer   p50 ${ms(r.printer.p50).padEnd(10)} p99 ${ms(r.printer.p99).padEnd(10)} target p99 < ${targets.printerP99Ms} ms   ${verdict(r.printer.p99 < targets.printerP99Ms)}`,
  );
  console.log(JSON.stringify({ bench: 'kiosk', screen: r.screen, printer: r.printer }));
}

const { values } = parseArgs({ options: { tickets: { type: 'string' }, warmup: { type: 'string' }, headed: { type: 'boolean' } } });
const opts = { tickets: Number(values.tickets ?? 200), warmUp: Number(values.warmup ?? 20), headed: values.headed ?? false };
report(await bench(opts), opts);
