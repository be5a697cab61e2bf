#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench -w test`: the wall display as a resident sees it, in a real (headless) Chromium.
 *
 *   1. Call next → the called number painted on the display: p50/p99 over one-at-a-time calls.
 *   2. The display's JavaScript, gzip level 9 (every .js under display/build/_app).
 *   3. The display page's JS heap after forced GC, at 100 calls and at 10,000 calls: it must stay flat.
 *
 * It starts the demo office the way the server bench does (server/dist/bench/server-process.js, so build the server
 * and the display first). Exits non-zero only when the benchmark itself broke; a missed target is a result.
 * Plain ESM JavaScript because the test workspace has no build step; the types are checked through JSDoc.
 *
 * Options: --calls=200 --warmup=20 --memory-calls=10000 (0 skips phase 3) --counters=8 --headed
 *          --heap-snapshot=FILE (after phase 3, for DevTools)
 */
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { HttpClient, setDemoKiosks, signIn } from '../../server/dist/bench/http-client.js';
import { ServerProcess } from '../../server/dist/bench/server-process.js';
import { distribution, round } from '../../server/dist/bench/stats.js';
import { CHROMIUM_ARGS, chromiumPath, clockOffset, wallNow } from './browser.mjs';

const targets = { paintP99Ms: 150, jsGzipKB: 100 };
/** Heap criterion: after 10,000 calls ≤ 1.5 × after 100 calls + 2 MB (room for JIT code and caches, not for a leak). */
const HEAP_FACTOR = 1.5;
const HEAP_SLACK_BYTES = 2_000_000;
/** The heap is read when the calls are done and again after this idle time, once the display's 15 s highlights of the last calls have expired. */
const SETTLE_MS = 16_000;
/** A pause after each finish, so every call starts from a quiet screen (a clerk does not press twice within 50 ms). */
const QUIET_MS = 50;
/** Far longer than any paint: reaching it means the display never showed the number, which is a failure. */
const PAINT_TIMEOUT_MS = 10_000;
const HEAP_AT = 100;
const WATCHDOG_MS = 15 * 60_000;

const displayApp = fileURLToPath(new URL('../../display/build/_app', import.meta.url));

const step = (/** @type {string} */ what) => process.stderr.write(`· ${what}\n`);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// In the page. Runs before the app (addInitScript), so it sees the very first WebSocket and every DOM change.

/**
 * Records, for every ticket number that appears in the DOM as a text node of its own ("A12"), when it appeared and
 * when the frame that shows it started (requestAnimationFrame runs just before that frame's paint). Keeps only the
 * last 64 numbers and messages so that the probe itself does not grow the heap being measured.
 * Also counts speech and audio calls, to tell whether announcing is part of what is measured.
 */
function pageProbe() {
  const NUMBER = /^[A-Z]{1,3}\d{1,6}$/;
  const KEEP = 64;
  const now = () => performance.timeOrigin + performance.now();
  /** @typedef {{ seenAt: number, paintedAt?: number, frameDoneAt?: number }} Seen */
  /** @type {Map<string, Seen>} */
  const numbers = new Map();
  /** @type {Map<string, (entry: Seen) => void>} */
  const waiters = new Map();
  /** @type {{ at: number, data: string }[]} */
  const messages = [];
  const sound = { speak: 0, play: 0, audioContexts: 0 };
  /** @type {string[]} */
  let unpainted = [];

  const keepLast = (/** @type {Map<string, unknown>} */ map) => {
    for (const key of map.keys()) {
      if (map.size <= KEEP) break;
      map.delete(key);
    }
  };
  // A message posted from a rAF callback is handled after that frame's style, layout and paint on the main thread:
  // the end of the frame, as near to "on screen" as the page can see (compositing follows on another thread).
  const afterFrame = new MessageChannel();
  /** @type {string[]} */
  let framing = [];
  afterFrame.port1.onmessage = () => {
    const at = now();
    for (const n of framing) {
      const entry = numbers.get(n);
      if (!entry) continue;
      entry.frameDoneAt = at;
      waiters.get(n)?.(entry);
      waiters.delete(n);
    }
    framing = [];
  };
  const paintFrame = () => {
    const at = now();
    for (const n of unpainted) {
      const entry = numbers.get(n);
      if (!entry) continue;
      entry.paintedAt = at;
      framing.push(n);
    }
    unpainted = [];
    afterFrame.port2.postMessage(null);
  };
  const saw = (/** @type {string | null} */ text) => {
    const n = text?.trim();
    if (!n || !NUMBER.test(n) || numbers.has(n)) return;
    numbers.set(n, { seenAt: now() });
    keepLast(numbers);
    if (unpainted.push(n) === 1) requestAnimationFrame(paintFrame);
  };
  const scan = (/** @type {Node} */ node) => {
    if (node.nodeType === Node.TEXT_NODE) return saw(node.nodeValue);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) saw(t.nodeValue);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') saw(r.target.nodeValue);
      else r.addedNodes.forEach(scan);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });

  // When the socket message with the call arrived, to split the latency into network, app and rendering.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        messages.push({ at: now(), data: typeof e.data === 'string' ? e.data : '' });
        if (messages.length > KEEP) messages.shift();
      });
    }
  };
  if (window.speechSynthesis) {
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u) => {
      sound.speak += 1;
      speak(u);
    };
  }
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    sound.play += 1;
    return play.call(this);
  };
  if (window.AudioContext) {
    const NativeAudioContext = window.AudioContext;
    window.AudioContext = class extends NativeAudioContext {
      /** @param {ConstructorParameters<typeof AudioContext>} args */
      constructor(...args) {
        super(...args);
        sound.audioContexts += 1;
      }
    };
  }

  /** @type {any} */ (window).__junbanBench = {
    sound,
    now,
    /** Resolves when `n` has been painted (null after timeoutMs), with the socket message that brought the call. */
    whenPainted(/** @type {string} */ n, /** @type {number} */ since, /** @type {number} */ timeoutMs) {
      /** @param {Seen} entry */
      const withMessage = (entry) => ({
        ...entry,
        receivedAt: messages.find((m) => m.at >= since && m.data.includes(`"called"`) && m.data.includes(`"${n}"`))?.at ?? null,
      });
      const entry = numbers.get(n);
      if (entry?.frameDoneAt !== undefined) return Promise.resolve(withMessage(entry));
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(n);
          resolve(null);
        }, timeoutMs);
        waiters.set(n, (e) => {
          clearTimeout(timer);
          resolve(withMessage(e));
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. JavaScript size

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? jsFiles(path) : e.name.endsWith('.js') ? [path] : [];
  });
}

function measureJs() {
  try {
    statSync(displayApp);
  } catch {
    throw new Error(`${displayApp} is missing: build the display first (npm run build -w display)`);
  }
  const files = jsFiles(displayApp).map((path) => {
    const source = readFileSync(path);
    return { file: path.slice(displayApp.length + 1), raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
  });
  files.sort((a, b) => b.gzip - a.gzip);
  return {
    files: files.length,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    largest: files.slice(0, 3),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The office: visits, calls, finishes

/**
 * @typedef {{ id: string, services: string[] }} Counter
 * @typedef {{ client: HttpClient, kiosk: Record<string, string>, staff: Record<string, string> }} Office
 */

/** @param {Office} office @param {string} service */
async function issue(office, service) {
  await office.client.json('POST', '/api/v1/visits', { headers: office.kiosk, body: { services: [service] } });
}

/**
 * Call the next resident at a counter. Returns null when nobody is waiting for its procedures.
 * @param {Office} office @param {string} counterId
 * @returns {Promise<{ number: string, stepId: string } | null>}
 */
async function callNext(office, counterId) {
  const path = `/api/v1/counters/${encodeURIComponent(counterId)}/call-next`;
  const reply = await office.client.send('POST', path, { headers: office.staff, body: {} });
  if (reply.status === 404 && JSON.stringify(reply.body).includes('queue/empty')) return null;
  /** @type {any} */
  const visit = /** @type {any} */ (reply.body)?.visit;
  const stepId = visit?.steps?.find((/** @type {any} */ s) => s.state === 'called' && s.counterId === counterId)?.id;
  if (reply.status !== 200 || !stepId) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return { number: visit.number, stepId };
}

/** @param {Office} office @param {string} counterId @param {string} stepId */
async function finish(office, counterId, stepId) {
  await office.client.json('POST', `/api/v1/counters/${encodeURIComponent(counterId)}/finish`, { headers: office.staff, body: { stepId } });
}

/**
 * Run `total` jobs with at most `concurrency` at once.
 * @param {number} total @param {number} concurrency @param {(i: number) => Promise<void>} job
 */
async function pool(total, concurrency, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The display page

/**
 * @typedef {{ usedBytes: number, nodes: number, listeners: number }} Heap
 * @typedef {{ page: import('@playwright/test').Page, cdp: import('@playwright/test').CDPSession, offsetMs: number, rttMs: number }} Display
 */

/** A display may ask for a tap to allow sound (browsers need a gesture); it must not keep calls off the screen, but tap it as staff would. */
/** @param {import('@playwright/test').Page} page */
async function tapSoundOverlay(page) {
  const button = page.getByRole('button', { name: /音|sound|audio|タップ|tap|開始|start/i }).first();
  if (!(await button.isVisible().catch(() => false))) return null;
  const label = (await button.innerText()).replace(/\s+/g, ' ').trim();
  await button.click();
  return label;
}

/** Heap after a full GC, as DevTools reports it, with the DOM size: a leak shows in one or the other. */
/** @param {import('@playwright/test').CDPSession} cdp @returns {Promise<Heap>} */
async function heap(cdp) {
  // Twice: the first collection can leave garbage that only becomes unreachable once finalizers ran.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (/** @type {string} */ name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { usedBytes: usedSize, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

/**
 * For finding what grew: a snapshot to open in DevTools (Memory tab → Load).
 * @param {import('@playwright/test').CDPSession} cdp @param {string} file
 */
async function writeHeapSnapshot(cdp, file) {
  /** @type {string[]} */
  const chunks = [];
  /** @param {{ chunk: string }} e */
  const collect = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  writeFileSync(file, chunks.join(''));
  step(`heap snapshot written to ${file}`);
}

/**
 * One timed call: t0 just before call-next; the page reports when the socket message came, when the number entered
 * the DOM and when the frame showing it started, in its clock, which the offset converts to ours.
 * @param {Office} office @param {Display} display @param {string} counterId
 */
async function timedCall(office, display, counterId) {
  const t0 = wallNow();
  const called = await callNext(office, counterId);
  const answered = wallNow();
  if (!called) throw new Error(`nobody was waiting at counter ${counterId}`);
  const seen = await display.page.evaluate(
    ([n, since, timeout]) => /** @type {any} */ (window).__junbanBench.whenPainted(n, since, timeout),
    /** @type {const} */ ([called.number, t0 + display.offsetMs - 5, PAINT_TIMEOUT_MS]),
  );
  if (!seen)
    throw new Error(`the display did not show ${called.number} within ${PAINT_TIMEOUT_MS} ms (does it still render a number as one text, like "A12"?)`);
  const ours = (/** @type {number} */ pageTime) => pageTime - display.offsetMs - t0;
  await finish(office, counterId, called.stepId);
  return {
    number: called.number,
    http: answered - t0,
    received: seen.receivedAt === null ? null : ours(seen.receivedAt),
    dom: ours(seen.seenAt),
    painted: ours(seen.paintedAt),
    frameDone: ours(seen.frameDoneAt),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** @param {string[]} argv */
function readOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      calls: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      'memory-calls': { type: 'string', default: '10000' },
      counters: { type: 'string', default: '8' },
      headed: { type: 'boolean', default: false },
      'heap-snapshot': { type: 'string' },
    },
  });
  const count = (/** @type {'calls' | 'warmup' | 'memory-calls' | 'counters'} */ name, /** @type {number} */ min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const opts = {
    calls: count('calls', 1),
    warmUp: count('warmup', 0),
    memoryCalls: count('memory-calls', 0),
    counters: count('counters', 1),
    headed: values.headed ?? false,
    heapSnapshot: values['heap-snapshot'],
  };
  if (opts.memoryCalls > 0 && opts.memoryCalls < Math.max(HEAP_AT, opts.warmUp + opts.calls) + 1) {
    throw new Error(`--memory-calls must exceed the ${opts.warmUp + opts.calls} timed calls and ${HEAP_AT} (or be 0)`);
  }
  return opts;
}

/** @param {ReturnType<typeof readOptions>} opts @param {{ browser?: import('@playwright/test').Browser, server?: ServerProcess }} owned */
async function bench(opts, owned) {
  step(`gzipping the display's JavaScript (${displayApp})`);
  const js = measureJs();

  step('starting the demo office server');
  const server = (owned.server = await ServerProcess.start());
  const demo = server.demoInfo();
  /** @type {{ accounts: { role: string, username: string, password: string }[] }} */
  const { accounts } = demo;
  const counterAccount = accounts.find((a) => a.role === 'counter');
  if (!counterAccount) throw new Error('demo.json has no counter account');
  const client = new HttpClient(server.origin, { connections: opts.counters });
  try {
    const kiosk = { authorization: `Bearer ${demo.kioskToken}` };
    // Hundreds of visits from one kiosk, for the calls: no ticket limit, and no printing (the kiosk bench times that).
    await setDemoKiosks(client, demo, { printerId: null, ticketsPerMinute: 0 });
    const office = { client, kiosk, staff: await signIn(client, counterAccount.username, counterAccount.password) };
    /** @type {{ counters: Counter[] }} */
    const config = await client.json('GET', '/api/v1/config', { headers: kiosk });
    const counters = config.counters.filter((c) => c.services.length > 0).slice(0, opts.counters);
    if (!counters.length) throw new Error('the demo office has no counters');
    /** Counter i mod n, and the procedure a visit for it is issued for (its first). */
    const counterId = (/** @type {number} */ i) => /** @type {Counter} */ (counters[i % counters.length]).id;
    const serviceOf = (/** @type {number} */ i) => /** @type {string} */ (/** @type {Counter} */ (counters[i % counters.length]).services[0]);

    // One visit per timed call, issued before the display opens. Call i goes to counter i mod n and the visit issued
    // i-th is for that counter's first procedure, so it is the earliest one that counter may call: each call takes
    // exactly that visit, and every number is new to the screen.
    const timedTotal = opts.warmUp + opts.calls;
    step(`issuing ${timedTotal} visits for the timed calls`);
    for (let i = 0; i < timedTotal; i++) await issue(office, serviceOf(i));

    step(`starting Chromium (${chromiumPath})`);
    const browser = (owned.browser = await chromium.launch({ executablePath: chromiumPath, headless: !opts.headed, args: CHROMIUM_ARGS }));
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.addInitScript(pageProbe);
    await page.goto(`${server.origin}/display/?token=${encodeURIComponent(demo.displayToken)}`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(1_000);
    const overlay = await tapSoundOverlay(page);
    const display = { page, cdp, ...(await clockOffset(page)) };

    step(`calling ${opts.warmUp} + ${opts.calls} visits one at a time, each finished before the next`);
    /** @type {Awaited<ReturnType<typeof timedCall>>[]} */
    const timed = [];
    /** @type {Heap | undefined} */
    let heapAt100;
    let done = 0;
    for (let i = 0; i < timedTotal; i++) {
      const call = await timedCall(office, display, counterId(i));
      if (i >= opts.warmUp) timed.push(call);
      done += 1;
      if (done === HEAP_AT && opts.memoryCalls > 0) heapAt100 = await heap(cdp);
      await sleep(QUIET_MS);
    }
    server.assertAlive();

    /** @type {{ calls: number, bulk: number, seconds: number, now: Heap, settled: Heap } | undefined} */
    let memory;
    if (opts.memoryCalls > 0) {
      // The rest but one, through every counter at once, without waiting for the screen; then one last timed call:
      // updates reach the display in order, so once that number is painted the display has taken in all the others.
      // With few timed calls the 100th has not come yet: make it the same way, one at a time.
      for (; done < HEAP_AT; done++) {
        await issue(office, serviceOf(0));
        await timedCall(office, display, counterId(0));
      }
      heapAt100 ??= await heap(cdp);
      const bulk = opts.memoryCalls - done - 1;
      step(`issuing ${bulk} more visits`);
      await pool(bulk, opts.counters, (i) => issue(office, serviceOf(i)));
      step(`calling them through ${counters.length} counters at once`);
      const started = wallNow();
      // Each counter calls until none of its procedures has anyone waiting. Every visit was issued for a procedure of
      // some counter, which only stops once that procedure's queue is empty: so together they call all of them.
      let calledCount = 0;
      await Promise.all(
        counters.map(async (counter) => {
          for (let called = await callNext(office, counter.id); called; called = await callNext(office, counter.id)) {
            await finish(office, counter.id, called.stepId);
            calledCount += 1;
          }
        }),
      );
      if (calledCount !== bulk) throw new Error(`called ${calledCount} visits, expected ${bulk}`);
      await issue(office, serviceOf(0));
      await timedCall(office, display, counterId(0));
      const seconds = (wallNow() - started) / 1000;
      done += bulk + 1;
      server.assertAlive();
      const now = await heap(cdp);
      step(`waiting ${SETTLE_MS / 1000} s for the last calls' highlights to end`);
      await sleep(SETTLE_MS);
      memory = { calls: done, bulk, seconds, now, settled: await heap(cdp) };
      if (opts.heapSnapshot) await writeHeapSnapshot(cdp, opts.heapSnapshot);
    }
    if (pageErrors.length) throw new Error(`the display threw: ${pageErrors.slice(0, 3).join(' | ')}`);
    // The display's own record of the calls it announced (its browser tests read it), to see any backlog.
    const sound = await page.evaluate(() => ({
      .../** @type {any} */ (window).__junbanBench.sound,
      announced: /** @type {any} */ (window).__junbanAnnounced?.length ?? null,
    }));
    report({ warmUp: opts.warmUp, js, timed, heapAt100, memory, overlay, sound, display, chromium: browser.version(), counters: counters.length });
  } finally {
    client.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The printed report, in the server bench's style: figures beside their targets, then one JSON line.

/** @param {any} f */
function report(f) {
  const kB = (/** @type {number} */ bytes) => round(bytes / 1000, 1);
  const mb = (/** @type {number} */ bytes) => round(bytes / 1_000_000, 2);
  const ms = (/** @type {number} */ x) => `${x.toFixed(1)} ms`;
  const verdict = (/** @type {boolean} */ pass) => (pass ? 'PASS' : 'MISS');
  const dist = (/** @type {{ p50: number, p90: number, p99: number, max: number }} */ d) =>
    `p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  p99 ${ms(d.p99)}  max ${ms(d.max)}`;
  const target = (/** @type {string} */ label, /** @type {string} */ figure, /** @type {string} */ goal, /** @type {boolean} */ pass) =>
    console.log(`  ${label.padEnd(26)}${figure.padEnd(22)}target ${goal.padEnd(12)}${verdict(pass)}`);
  const info = (/** @type {string} */ label, /** @type {string} */ text) => console.log(`  ${label.padEnd(26)}${text}`);

  /** @type {{ number: string, http: number, received: number | null, dom: number, painted: number, frameDone: number }[]} */
  const timed = f.timed;
  const painted = distribution(timed.map((c) => c.painted));
  const http = distribution(timed.map((c) => c.http));
  const withMessage = timed.filter((c) => c.received !== null);
  const received = withMessage.length ? distribution(withMessage.map((c) => /** @type {number} */ (c.received))) : null;
  const app = withMessage.length ? distribution(withMessage.map((c) => c.dom - /** @type {number} */ (c.received))) : null;
  const render = distribution(timed.map((c) => c.painted - c.dom));
  const heapLimit = f.heapAt100 ? f.heapAt100.usedBytes * HEAP_FACTOR + HEAP_SLACK_BYTES : NaN;
  const pass = {
    paintP99: painted.p99 < targets.paintP99Ms,
    jsGzip: kB(f.js.gzip) < targets.jsGzipKB,
    ...(f.memory ? { heapFlat: f.memory.settled.usedBytes <= heapLimit } : {}),
  };

  console.log(
    `\njunban display benchmark — Chromium ${f.chromium} (headless, 1920×1080), Node ${process.versions.node}, ${availableParallelism()} CPUs shared by the server, Chromium and the bench\n`,
  );

  console.log(`1. Call next → number painted on the display (${timed.length} calls after ${f.warmUp} warm-up, one at a time, ${f.counters} counters)`);
  target('p99', ms(painted.p99), `< ${targets.paintP99Ms} ms`, pass.paintP99);
  info('painted', dist(painted));
  info('HTTP answer to the clerk', dist(http));
  info(
    'socket message arrives',
    received
      ? `${dist(received)}${withMessage.length < timed.length ? ` (${withMessage.length} of ${timed.length}; the rest came by long-polling)` : ''}`
      : '— (no call came over a WebSocket)',
  );
  info('message → number in DOM', app ? dist(app) : '—');
  info('DOM → frame start (rAF)', dist(render));
  info('frame start → frame done', `${dist(distribution(timed.map((c) => c.frameDone - c.painted)))} (style, layout, paint)`);
  info('page clock vs bench', `${f.display.offsetMs.toFixed(2)} ms offset, corrected (±${(f.display.rttMs / 2).toFixed(2)} ms)`);
  info(
    'sound',
    `overlay ${f.overlay ? `"${f.overlay}" tapped` : 'none'}; speechSynthesis.speak ×${f.sound.speak}, media play ×${f.sound.play}, AudioContexts ${f.sound.audioContexts}`,
  );
  if (f.sound.announced !== null) info('announced by the end', `${f.sound.announced.toLocaleString('en-US')} calls (window.__junbanAnnounced)`);

  console.log(`\n2. Display JavaScript: ${f.js.files} .js files under display/build/_app`);
  target('gzip -9 total', `${kB(f.js.gzip)} kB`, `< ${targets.jsGzipKB} kB`, pass.jsGzip);
  info('uncompressed', `${kB(f.js.raw)} kB`);
  info('largest (gzip)', f.js.largest.map((/** @type {any} */ x) => `${x.file} ${kB(x.gzip)} kB`).join(', '));

  if (f.memory) {
    const m = f.memory;
    console.log(
      `\n3. Display JS heap after GC (CDP), ${HEAP_AT} calls vs ${m.calls.toLocaleString('en-US')} calls (${m.bulk.toLocaleString('en-US')} of them through ${f.counters} counters at once, in ${m.seconds.toFixed(0)} s)`,
    );
    target(
      `after ${m.calls.toLocaleString('en-US')}, settled`,
      `${mb(m.settled.usedBytes)} MB`,
      `≤ ${mb(heapLimit)} MB`,
      /** @type {boolean} */ (pass.heapFlat),
    );
    info(`after ${HEAP_AT}`, `${mb(f.heapAt100.usedBytes)} MB; ${f.heapAt100.nodes} DOM nodes, ${f.heapAt100.listeners} listeners`);
    info(`after ${m.calls.toLocaleString('en-US')}, at once`, `${mb(m.now.usedBytes)} MB; ${m.now.nodes} DOM nodes, ${m.now.listeners} listeners`);
    info(
      `after ${m.calls.toLocaleString('en-US')}, ${SETTLE_MS / 1000} s later`,
      `${mb(m.settled.usedBytes)} MB; ${m.settled.nodes} DOM nodes, ${m.settled.listeners} listeners; ratio ${(m.settled.usedBytes / f.heapAt100.usedBytes).toFixed(2)}`,
    );
    if (f.sound.announced !== null) {
      // The display announces every call in turn (a chime of 1.6 s, then speech); calls faster than that wait in memory.
      const queued = m.calls - f.sound.announced;
      info('calls not announced', `${queued.toLocaleString('en-US')} of the flood (at most 30 wait; stale ones stay on the board unsaid)`);
    }
    info('criterion', `after ≤ ${HEAP_FACTOR} × after ${HEAP_AT} + ${HEAP_SLACK_BYTES / 1e6} MB`);
  }
  console.log('');

  const json = {
    bench: 'junban-display',
    at: new Date().toISOString(),
    node: process.versions.node,
    chromium: f.chromium,
    cpus: availableParallelism(),
    paint: {
      calls: timed.length,
      p50Ms: round(painted.p50),
      p99Ms: round(painted.p99),
      maxMs: round(painted.max),
      httpP50Ms: round(http.p50),
      receivedP50Ms: received ? round(received.p50) : null,
      domP50Ms: round(distribution(timed.map((c) => c.dom)).p50),
      renderP50Ms: round(render.p50),
      clockRttMs: round(f.display.rttMs, 3),
    },
    js: { files: f.js.files, gzipKB: kB(f.js.gzip), rawKB: kB(f.js.raw) },
    heap: f.memory
      ? {
          at100MB: mb(f.heapAt100.usedBytes),
          calls: f.memory.calls,
          afterMB: mb(f.memory.now.usedBytes),
          settledMB: mb(f.memory.settled.usedBytes),
          ratio: round(f.memory.settled.usedBytes / f.heapAt100.usedBytes),
          nodesAt100: f.heapAt100.nodes,
          nodesSettled: f.memory.settled.nodes,
        }
      : null,
    sound: f.sound,
    pass,
  };
  console.log(JSON.stringify(json));
}

async function main() {
  let opts;
  try {
    opts = readOptions(process.argv.slice(2));
  } catch (err) {
    console.error(
      `${err instanceof Error ? err.message : String(err)}\nusage: node bench/display.mjs [--calls=200] [--warmup=20] [--memory-calls=10000] [--counters=8] [--headed] [--heap-snapshot=FILE]`,
    );
    return 2;
  }
  /** @type {{ browser?: import('@playwright/test').Browser, server?: ServerProcess }} */
  const owned = {};
  /** @type {NodeJS.Timeout | undefined} */
  let watchdog;
  try {
    await Promise.race([
      bench(opts, owned),
      new Promise((_, reject) => {
        watchdog = setTimeout(() => reject(new Error(`the benchmark did not finish within ${WATCHDOG_MS / 60_000} minutes`)), WATCHDOG_MS);
      }),
    ]);
    return 0;
  } catch (err) {
    console.error(`\ndisplay benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const output = owned.server?.recentOutput;
    if (output) console.error(`\nlast server output:\n${output}`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    await owned.browser?.close().catch(() => {});
    await owned.server?.stop();
  }
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  // The server child is killed by ServerProcess's exit hook; Playwright closes its own browser on exit.
  process.on(signal, () => process.exit(130));
}

process.exitCode = await main();
