/**
 * `npm run bench --workspace city`: the city server on a throwaway PostgreSQL cluster (and embedded PGlite where it
 * is cheap), with offices played over the real `/link` namespace and real offices linked to it. Prints each figure
 * beside its target (issue 17), then one JSON line. Exits non-zero only when the benchmark itself broke.
 *
 * 1. Replication rate: one office's batches (1000 events, one in flight) through `/link`, and `Replication.store`
 *    called directly (the database's part alone); on PostgreSQL and on PGlite.
 * 2. Loading 3 years of 20 offices: a measured part (all offices, their first `--load-days` business days, linked at
 *    once and catching up as linking offices do, until the city has summed them into its history) and the full size
 *    extrapolated from its rate.
 * 3. A ticket issued at a real office linked to the city → the `floor` update on a city staff screen.
 * 4. The office's issuing rate unlinked, linked, and linked while catching up a backlog (the link saturated).
 * 5. The city's history views over the loaded offices, once the city has summed their logs (part of loading).
 * 6. Residents' status pages: 20,000 phones on two city processes, a call at a real office reaching every page; the
 *    city processes' memory per 1,000 pages.
 * 7. Notices delivered a second per channel (webhook, email, Web Push, LINE) by two city processes' outboxes.
 * 8. Booking a visit: residents racing for the last places of slots at a real office, through the booking page's
 *    calls (slots, book): their p99, and no slot over its places.
 * 9. A form filled in at home: sealed and sent to the city, then checked in at the kiosk; the time from the check-in to
 *    the counter reading the form.
 *
 * Options: --parts=1,2,3,4,5,6,7 (which to run; 5 needs 2's loaded offices and runs it) --offices=20 --load-days=25
 * --link-batches=100 --raw-batches=50 --pglite-batches=20 --tickets=100 --visits=3000 --warmup=300 --clients=8
 * --history-days=60 --phones=20000 --phone-workers=4 --phone-window=50 --phone-client=wire|socket.io --calls=5 --notices=2000
 * --booking-phones=2000 --booking-window=50 --booking-slots=10 --home-forms=50
 * --database-url=URL (load into this PostgreSQL instead of a throwaway one) --keep (leave the throwaway cluster
 * running with the loaded data, for timing views over it). CITY_BENCH_PORTS=4700-4799 takes ports from that range.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openPostgres, type Db } from '../db/engine.js';
import { runIssuing, type IssuingResult } from './issuing.js';
import { historySummed, timeHistoryViews, type ViewTime } from './history.js';
import { linkOffice, runFloorLatency, signInStaff, staffScreen, type FloorResult } from './live-floor.js';
import { countEvents, type TemplateDay } from './office-log.js';
import { runNoticeRates, startStandIns, type NoticeRound, type NoticesResult } from './notices.js';
import type { PhoneClient } from './phone-socket.js';
import { runStatusPages, type PhonesResult } from './phones.js';
import { runBookingRace, type BookingResult } from './booking.js';
import { runHomeForms, type HomeFormsResult } from './home-forms.js';
import { benchPort, postgresCpuMs, startCityProcess, type CityMemory, type CityProcess } from './processes.js';
import { linkRate, loadOffices, pgliteRates, rawStoreRate, type LoadResult, type RateResult } from './replication.js';
import { demoHistoryDays, demoOpenDates } from '@junban/server/bench/history-days';
import { HttpClient, setDemoKiosks } from '@junban/server/bench/http-client';
import { ServerProcess } from '@junban/server/bench/server-process';
import { round, type Distribution } from '@junban/server/bench/stats';

const WATCHDOG_MS = 20 * 60_000;
/** Three years of business days, as the demo office keeps them. */
const FROM = '2024-01-01';
const TO = '2026-12-31';
/** The demo generator's ordinary day; seasons and weekdays move it (demo-history.ts). */
const VISITS_PER_DAY = 1000;
const targets = { floorP99Ms: 1000, officeVisitsPerSec: 1000, historyViewMs: 1000, statusPageP99Ms: 1000, bookingP99Ms: 1000 };
const ALL_PARTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
type Part = (typeof ALL_PARTS)[number];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const step = (what: string) => process.stderr.write(`· ${what}\n`);

function readOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      offices: { type: 'string', default: '20' },
      'load-days': { type: 'string', default: '25' },
      'link-batches': { type: 'string', default: '100' },
      'raw-batches': { type: 'string', default: '50' },
      'pglite-batches': { type: 'string', default: '20' },
      tickets: { type: 'string', default: '100' },
      visits: { type: 'string', default: '3000' },
      warmup: { type: 'string', default: '300' },
      clients: { type: 'string', default: '8' },
      'history-days': { type: 'string', default: '60' },
      parts: { type: 'string', default: ALL_PARTS.join(',') },
      phones: { type: 'string', default: '20000' },
      'phone-workers': { type: 'string', default: '4' },
      'phone-window': { type: 'string', default: '50' },
      'phone-client': { type: 'string', default: 'wire' },
      calls: { type: 'string', default: '5' },
      notices: { type: 'string', default: '2000' },
      'booking-phones': { type: 'string', default: '2000' },
      'booking-window': { type: 'string', default: '50' },
      'booking-slots': { type: 'string', default: '10' },
      'home-forms': { type: 'string', default: '50' },
      'database-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const n = (name: keyof typeof values, min: number) => {
    const x = Number(values[name]);
    if (!Number.isInteger(x) || x < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return x;
  };
  const parts = new Set<Part>();
  for (const p of values.parts.split(',')) {
    const part = ALL_PARTS.find((x) => String(x) === p.trim());
    if (!part) throw new Error(`--parts lists parts 1 to ${ALL_PARTS.length}, comma-separated, not "${values.parts}"`);
    parts.add(part);
  }
  // The history views are timed over the offices part 2 loads.
  if (parts.has(5)) parts.add(2);
  return {
    parts,
    phones: n('phones', 1),
    phoneWorkers: n('phone-workers', 1),
    phoneWindow: n('phone-window', 1),
    phoneClient: phoneClient(values['phone-client']),
    calls: n('calls', 1),
    notices: n('notices', 1),
    bookingPhones: n('booking-phones', 1),
    bookingWindow: n('booking-window', 1),
    bookingSlots: n('booking-slots', 1),
    homeForms: n('home-forms', 1),
    offices: n('offices', 1),
    loadDays: n('load-days', 1),
    linkBatches: n('link-batches', 1),
    rawBatches: n('raw-batches', 1),
    pgliteBatches: n('pglite-batches', 0),
    tickets: n('tickets', 1),
    visits: n('visits', 1),
    warmUp: n('warmup', 0),
    clients: n('clients', 1),
    historyDays: n('history-days', 1),
    databaseUrl: values['database-url'],
    keep: values.keep,
  };
}
type Options = ReturnType<typeof readOptions>;

interface Postgres {
  url: string;
  stop(): Promise<void>;
  /** Its CPU time so far (postmaster and backends), when the bench started it. */
  cpuMs?: () => number;
  /** Left running after the bench (--keep): how to stop it. */
  kept?: string;
}

/** A throwaway cluster (test/scripts/postgres.mjs); with `keep`, in a process of its own that outlives the bench. */
async function postgres(tmp: string, keep: boolean): Promise<Postgres> {
  const script = join(repoRoot, 'test/scripts/postgres.mjs');
  if (!keep) {
    const { startPostgres } = (await import(pathToFileURL(script).href)) as {
      startPostgres: (o: { database?: string; port?: number; log?: (line: string) => void }) => Promise<{ url: string; stop(): Promise<void> }>;
    };
    let folder: string | undefined;
    const started = await startPostgres({
      database: 'junban_city_bench',
      port: await benchPort(),
      log: (line) => (folder ??= /\(folder (\S+)\)/.exec(line)?.[1]),
    });
    const postmaster = folder ? Number(readFileSync(join(folder, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) : NaN;
    return Number.isInteger(postmaster) ? { ...started, cpuMs: () => postgresCpuMs(postmaster) } : started;
  }
  // A process of its own, detached, that starts the cluster (as the tests do) and keeps it until it is sent SIGTERM.
  const folder = mkdtempSync(join(tmpdir(), 'city-bench-kept-'));
  chmodSync(folder, 0o755);
  const port = await benchPort();
  const launcher = `import { startPostgres } from ${JSON.stringify(pathToFileURL(script).href)};
    const pg = await startPostgres({ database: 'junban_city_bench', port: ${port}, log: (line) => console.log(line) });
    console.log('URL ' + pg.url);
    setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', launcher], {
    env: { ...process.env, TMPDIR: folder },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const { url, cluster } = await new Promise<{ url: string; cluster: string | undefined }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const url = /^URL (\S+)$/m.exec(text)?.[1];
      if (url) resolve({ url, cluster: /\(folder (\S+)\)/.exec(text)?.[1] });
    });
    child.once('exit', (code) => reject(new Error(`the PostgreSQL launcher exited (${code}): ${text}`)));
  });
  child.stdout.destroy();
  child.unref();
  const postmaster = cluster ? Number(readFileSync(join(cluster, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) : NaN;
  // Stopped if the bench fails; left running once it has printed its figures.
  return {
    url,
    stop: async () => {
      if (!keptNow) child.kill('SIGTERM');
    },
    ...(Number.isInteger(postmaster) ? { cpuMs: () => postgresCpuMs(postmaster) } : {}),
    kept: `kill ${child.pid} stops it and removes ${cluster ?? folder}`,
  };
}

/** The city server's latest output, for a failure's report. */
let cityOutput = () => '';

/** Set once the figures are printed: a cluster kept with --keep is then left running. */
let keptNow = false;

/** Two sample days a month from the demo office's generator: every season, laid onto every office's days. */
function templates(): TemplateDay[] {
  const year = demoOpenDates('2025-01-01', '2025-12-31');
  const picked = [];
  for (let m = 1; m <= 12; m++) {
    const month = year.filter((d) => Number(d.slice(5, 7)) === m);
    picked.push(month[3]!, month[Math.min(month.length - 1, 12)]!);
  }
  return demoHistoryDays(picked, VISITS_PER_DAY);
}

// --- the report ------------------------------------------------------------------------------------------------

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number, digits = 1) => `${x.toFixed(digits)} ms`;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const dist = (d: Distribution, digits = 1) => `p50 ${ms(d.p50, digits)}  p90 ${ms(d.p90, digits)}  p99 ${ms(d.p99, digits)}  max ${ms(d.max, digits)}`;
const duration = (msTotal: number) => {
  const s = msTotal / 1000;
  return s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
};
const target = (label: string, figure: string, goal: string, pass: boolean) =>
  console.log(`  ${label.padEnd(34)}${figure.padEnd(30)}target ${goal.padEnd(14)}${pass ? 'PASS' : 'MISS'}`);
const info = (label: string, text: string) => console.log(`  ${label.padEnd(34)}${text}`);

interface Figures {
  /** Parts 1 and 2: the offices' generated days. */
  templates?: { days: number; visitsPerDay: number; eventsPerDay: number; eventsPerVisit: number };
  full?: { offices: number; officeDays: number; events: number };
  link?: RateResult;
  raw?: RateResult;
  pglite?: { raw: RateResult; link: RateResult } | undefined;
  load?: LoadResult;
  /** After the last batch was stored, until the city had summed every loaded office's log (null: not within the time allowed). */
  summedAfterMs?: number | null;
  views?: ViewTime[];
  floor?: FloorResult;
  issuing?: IssuingResult[];
  phones?: PhonesResult;
  notices?: NoticesResult;
  booking?: BookingResult;
  homeForms?: HomeFormsResult;
  database: string;
}

/** The runs of each mode together: their mean rate and failures. */
function issuingByMode(results: readonly IssuingResult[]) {
  const modes = [...new Set(results.map((r) => r.mode))];
  return modes.map((mode) => {
    const runs = results.filter((r) => r.mode === mode);
    return { mode, runs, perSec: runs.reduce((n, r) => n + r.issue.perSec, 0) / runs.length, failed: runs.reduce((n, r) => n + r.issue.failed, 0) };
  });
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The city processes' growth with the phones on their pages, per 1,000 pages (each process holds its share). */
function perThousandPages(p: PhonesResult) {
  const grew = (field: keyof CityMemory) => p.memory.after.reduce((n, m, i) => n + m[field] - p.memory.before[i]![field], 0);
  const thousands = p.connected / 1000;
  return { rss: grew('rss') / thousands, heapUsed: grew('heapUsed') / thousands, external: grew('external') / thousands };
}

function phoneClient(value: string): PhoneClient {
  if (value !== 'wire' && value !== 'socket.io') throw new Error(`--phone-client is wire or socket.io, not "${value}"`);
  return value;
}

function printPhones(p: PhonesResult): void {
  const cities = p.memory.before.length;
  console.log(
    `\n6. Residents' status pages: ${int(p.phones)} phones on ${cities} city processes (one PostgreSQL), a call at a real office reaching every page`,
  );
  info(
    'the pages',
    `${int(p.connected)} open${p.failed ? `, ${int(p.failed)} failed (${p.firstError})` : ''}, in ${duration(p.connectMs)}; ${int(p.connected / cities)} per city process, ${p.workers} phone processes (${p.client === 'wire' ? 'socket.io’s protocol on plain WebSockets' : 'socket.io-client'}; ulimit -n ${p.fdLimit})`,
  );
  info('  reloaded', `${int(p.reloads)} pages said "not valid" (no answer from the office within the city's 5 s) and were opened again`);
  info('  the office issued them', `${int(p.issued.visits)} tickets in one line in ${duration(p.issued.ms)}`);
  target('p99', ms(p.toPageMs.p99, 0), `< ${targets.statusPageP99Ms} ms`, p.toPageMs.p99 < targets.statusPageP99Ms && p.missing === 0);
  info(`call → each page (${p.calls} calls)`, dist(p.toPageMs, 0));
  p.byCity.forEach((d, i) => info(`  phones on city ${i + 1}${i === 0 ? ' (the link)' : ' (NOTIFY)'}`, dist(d, 0)));
  info('call → its last page', dist(p.toLastPageMs, 0));
  info('  call → the office made it', `${dist(p.toMadeMs, 0)} (the status's own clock)`);
  info("the clerk's answer (the commit)", dist(p.callAnswerMs));
  info('finish → its last page', `${dist(p.finishWaveMs, 0)} (a second wave when it moves the line's estimates)`);
  info('  pages per call', `${p.watching.map(int).join(', ')}; missed ${int(p.missing)}, cut ${int(p.dropped)}; other statuses meanwhile ${int(p.unexpected)}`);
  info(
    '  CPU (share of one core)',
    `cities ${p.cpu.cities.map(pct).join(' + ')}, PostgreSQL ${p.cpu.postgres === undefined ? 'not known' : pct(p.cpu.postgres)}, office ${pct(p.cpu.office)}, phones ${pct(p.cpu.phones)}`,
  );
  info('  caveat', "calls on a quiet link: the office's pacing of statuses (a batch a second) adds up to 1 s on a busy one");
  const per = perThousandPages(p);
  info('memory per 1,000 pages', `RSS ${mb(per.rss)}, heap ${mb(per.heapUsed)}, buffers ${mb(per.external)} (the city processes together)`);
  p.memory.before.forEach((b, i) => {
    const a = p.memory.after[i]!;
    info(`  city process ${i + 1}`, `RSS ${mb(b.rss)} → ${mb(a.rss)}, heap ${mb(b.heapUsed)} → ${mb(a.heapUsed)} (after a full collection)`);
  });
}

function printNotices(n: NoticesResult): void {
  console.log(
    `\n7. Notices delivered a second by ${n.processes} city processes' outboxes (${n.perChannel} per channel, queued then released; 8 at once per channel and process)`,
  );
  const row = (label: string, c: NoticeRound['channels'][number]) =>
    info(
      label,
      `${int(c.perSec)}/s (${int(c.sent)} in ${duration(c.ms)}; ${int(c.steadyPerSec)}/s from the first to the last)${c.dead ? `; ${c.dead} undelivered` : ''}${c.received < c.sent ? `; the stand-in took ${c.received}` : ''}`,
    );
  const cpu = (r: NoticeRound) =>
    info(
      '  CPU (share of one core)',
      `cities ${r.cpu.cities.map(pct).join(' + ')}, PostgreSQL ${r.cpu.postgres === undefined ? 'not known' : pct(r.cpu.postgres)}, stand-ins ${pct(r.cpu.standIns)}`,
    );
  for (const r of n.alone) {
    row(`${r.channels[0]!.channel} alone`, r.channels[0]!);
    cpu(r);
  }
  const total = n.together.channels.reduce((x, c) => x + c.sent, 0);
  const slowest = Math.max(...n.together.channels.map((c) => c.ms));
  info('the four at once', `${int((total * 1000) / slowest)}/s in all (${int(total)} in ${duration(slowest)})`);
  for (const c of n.together.channels) row(`  ${c.channel}`, c);
  cpu(n.together);
  info('  queueing (Outbox.enqueue)', `${int(n.enqueuePerSec)}/s, sealed, one INSERT each, 8 at once`);
  info('  stand-ins', "a webhook receiver checking signatures, an SMTP server (smtp-server), a push service checking VAPID and decrypting, LINE's push API");
}

function printBooking(b: BookingResult): void {
  console.log(
    `\n8. Booking a visit: ${int(b.phones)} residents (${b.window} at a time) racing for ${b.places} places in ${b.slots} slots at a real office, through one city process`,
  );
  const p99 = Math.max(b.slotsMs.p99, b.bookMs.p99);
  target('p99 (slots and book)', ms(p99, 0), `< ${targets.bookingP99Ms} ms`, p99 < targets.bookingP99Ms && b.overCapacity === 0 && b.failed === 0);
  info('slots (GET /book/slots)', dist(b.slotsMs, 0));
  info('book (POST /book)', dist(b.bookMs, 0));
  info(
    'the outcome',
    `${int(b.won)} booked, ${int(b.full)} told the time is full${b.failed ? `, ${int(b.failed)} failed (${b.firstError})` : ''}, in ${duration(b.ms)}`,
  );
  target('slots over their places (office)', String(b.overCapacity), '0', b.overCapacity === 0 && b.won <= b.places);
}

function printHomeForms(h: HomeFormsResult): void {
  console.log(`\n9. Forms filled in at home: ${int(h.forms)} move-in forms sealed on "phones", sent to the city, checked in at a real office's kiosk`);
  info('send (POST /home-forms)', dist(h.sendMs, 0));
  info('check-in at the kiosk', `${dist(h.checkInMs, 0)} (the office fetches, opens and keeps the form in it)`);
  info('check-in → the counter reads it', dist(h.toCounterMs, 0));
}

function printReport(f: Figures, opts: Options): void {
  console.log(
    `\njunban city benchmark — Node ${process.versions.node}, ${availableParallelism()} CPUs shared by PostgreSQL, the city, the offices and the load generator`,
  );
  const { load, full } = f;
  if (f.templates) {
    console.log(
      `generated offices: the office's demo history (${f.templates.days} sample days, every month), ${int(f.templates.visitsPerDay)} visits and ${int(f.templates.eventsPerDay)} events a day on average (${f.templates.eventsPerVisit.toFixed(1)} per visit)`,
    );
  }

  if (f.link && f.raw && full) {
    console.log(`\n1. Replication into PostgreSQL (batches of 1000 events, one in flight)`);
    info(
      'through /link (one office)',
      `${int(f.link.perSec)} events/s  (${int(f.link.events)} events; city process CPU ${pct(f.link.cityCpu ?? 0)} of a core)`,
    );
    info('  batch sent → acknowledged', dist(f.link.batchMs));
    info('Replication.store alone', `${int(f.raw.perSec)} events/s  (${int(f.raw.events)} events, no socket, no validation)`);
    info('  one batch stored', dist(f.raw.batchMs));
    if (f.pglite) {
      info('PGlite: through /link', `${int(f.pglite.link.perSec)} events/s  (the city and the office's socket in one process)`);
      info('PGlite: Replication.store', `${int(f.pglite.raw.perSec)} events/s  (${int(f.pglite.raw.events)} events)`);
    }
    info(
      'needed to keep up',
      `~${int((full.events / full.officeDays / 8.75 / 3600) * 3.2 * 1.4 * full.offices)} events/s: ${full.offices} offices in April's busiest hour`,
    );
  }

  if (load && full) {
    console.log(`\n2. Loading 3 years of ${full.offices} offices (${FROM} … ${TO}, business days only) into PostgreSQL through /link`);
    info(
      'MEASURED',
      `${load.offices} offices × ${load.officeDays / load.offices} business days = ${int(load.officeDays)} office-days, ${int(load.events)} events in ${duration(load.ms)}`,
    );
    info('  rate, all linked at once', `${int(load.perSec)} events/s; batch acknowledged ${dist(load.batchMs, 0)}`);
    info(
      '  CPU (share of one core)',
      `city ${pct(load.cityCpu)}, PostgreSQL ${load.postgresCpu === undefined ? 'not known' : pct(load.postgresCpu)}, the offices (this process) ${pct(load.benchCpu)}`,
    );
    for (const failure of load.helloFailures) info('  a link connected again', failure);
    info('  events table after', `${int(load.tableBytes / 1e6)} MB with its indexes`);
    info(
      '  summed by day and month',
      f.summedAfterMs == null ? 'not within 10 minutes after the last batch' : `${duration(f.summedAfterMs)} after the last batch was stored`,
    );
    const loadedMs = load.ms + (f.summedAfterMs ?? 0);
    info('  stored and summed', `${int((load.events * 1000) / loadedMs)} events/s`);
    info('EXTRAPOLATED full size', `${int(full.officeDays)} office-days, ${int(full.events)} events (${(full.events / 1e6).toFixed(1)} M)`);
    info('  time at the measured rate', `${duration((full.events * loadedMs) / load.events)} stored and summed (no target in issue 17)`);
    info(
      '  events table',
      `~${int(((load.tableBytes / load.events) * full.events) / 1e9)} GB (${int(load.tableBytes / load.events)} bytes an event with its indexes)`,
    );
    info('  caveat', 'the rate was taken on a small table; once its indexes outgrow memory it will be lower');
    info('loaded database', f.database);
  }

  if (f.floor) {
    console.log(`\n3. A ticket at a real office → the city's live floor (/staff "floor"), ${f.floor.tickets} tickets one at a time`);
    target('p99', ms(f.floor.toFloorMs.p99, 0), `< ${targets.floorP99Ms} ms`, f.floor.toFloorMs.p99 < targets.floorP99Ms);
    info('ticket → floor update', dist(f.floor.toFloorMs, 0));
    info("the office's answer to the kiosk", dist(f.floor.issueMs));
    info('floor update', `${int(f.floor.floorBytes)} bytes of JSON (${(load?.offices ?? 0) + 1} offices on the floor); live views paced at 2/s by the office`);
  }

  if (f.issuing) {
    console.log(
      `\n4. The office's issuing rate (POST /api/v1/visits, ${opts.clients} keep-alive clients, ${int(opts.visits)} visits after ${opts.warmUp} warm-up; a fresh office each run, modes in the order A B C C B A)`,
    );
    const issuing = issuingByMode(f.issuing);
    const unlinked = issuing.find((m) => m.mode === 'unlinked');
    for (const m of issuing) {
      const label = { unlinked: 'unlinked', linked: 'linked, city keeping up', backlogged: 'linked, link saturated' }[m.mode];
      const vsUnlinked = unlinked && m !== unlinked ? ` (${pct(m.perSec / unlinked.perSec)} of unlinked)` : '';
      target(label, `${int(m.perSec)}/s${vsUnlinked}`, `≥ ${int(targets.officeVisitsPerSec)}/s`, m.perSec >= targets.officeVisitsPerSec && m.failed === 0);
      for (const [i, r] of m.runs.entries()) {
        info(`  run ${i + 1}`, `${int(r.issue.perSec)}/s; ${dist(r.issue.latencyMs)}; failed ${r.issue.failed}`);
        info(
          '    CPU (share of one core)',
          `office ${pct(r.issue.serverCpu)}, load generator ${pct(r.issue.benchCpu)}, machine busy ${pct(r.issue.machine.busy)}`,
        );
        if (r.backlog) {
          info(
            '    the link meanwhile',
            `${int(r.backlog.atStart)} events to send at the start; sent ${int(r.backlog.sentDuringRun)} (${int((r.backlog.sentDuringRun * 1000) / r.backlog.runMs)}/s) while issuing; ${int(r.backlog.leftAtEnd)} left`,
          );
        }
      }
    }
  }

  if (f.views && load) {
    console.log(
      `\n5. City history views over the loaded data (${int(load.officeDays)} office-days; the full 3 years are timed by city/test/history-views.bench.test.ts)`,
    );
    for (const v of f.views) {
      target(v.label, ms(v.medianMs, 0), `< ${targets.historyViewMs} ms`, v.maxMs < targets.historyViewMs && v.firstMs < targets.historyViewMs);
      info('  first / slowest', `${ms(v.firstMs, 0)} / ${ms(v.maxMs, 0)}; ${int(v.bytes)} bytes`);
    }
  }

  if (f.phones) printPhones(f.phones);
  if (f.notices) printNotices(f.notices);
  if (f.booking) printBooking(f.booking);
  if (f.homeForms) printHomeForms(f.homeForms);
  console.log('');

  const r = (d: Distribution) => ({ p50: round(d.p50), p99: round(d.p99), max: round(d.max) });
  const phones = f.phones;
  const notices = f.notices;
  console.log(
    JSON.stringify({
      bench: 'junban-city',
      at: new Date().toISOString(),
      node: process.versions.node,
      cpus: availableParallelism(),
      parts: [...opts.parts].sort(),
      ...(f.link && f.raw
        ? {
            linkPerSec: round(f.link.perSec, 0),
            rawStorePerSec: round(f.raw.perSec, 0),
            pglite: f.pglite ? { linkPerSec: round(f.pglite.link.perSec, 0), rawStorePerSec: round(f.pglite.raw.perSec, 0) } : null,
          }
        : {}),
      ...(load && full
        ? {
            load: {
              measured: {
                offices: load.offices,
                officeDays: load.officeDays,
                events: load.events,
                seconds: round(load.ms / 1000, 1),
                perSec: round(load.perSec, 0),
              },
              summedAfterSeconds: f.summedAfterMs == null ? null : round(f.summedAfterMs / 1000, 1),
              extrapolated: {
                officeDays: full.officeDays,
                events: full.events,
                hours: round((full.events * (load.ms + (f.summedAfterMs ?? 0))) / load.events / 3_600_000, 2),
              },
              tableBytes: load.tableBytes,
            },
          }
        : {}),
      ...(f.floor ? { floorMs: r(f.floor.toFloorMs) } : {}),
      ...(f.views
        ? { historyViewsMs: Object.fromEntries(f.views.map((v) => [v.label, { first: round(v.firstMs), median: round(v.medianMs), max: round(v.maxMs) }])) }
        : {}),
      ...(f.issuing
        ? {
            issuing: Object.fromEntries(
              issuingByMode(f.issuing).map((m) => [
                m.mode,
                { perSec: round(m.perSec, 0), runs: m.runs.map((x) => round(x.issue.perSec, 0)), failed: m.failed },
              ]),
            ),
          }
        : {}),
      ...(phones
        ? {
            statusPages: {
              phones: phones.connected,
              failed: phones.failed,
              reloads: phones.reloads,
              cityProcesses: phones.memory.before.length,
              calls: phones.calls,
              toPageMs: r(phones.toPageMs),
              byCityMs: phones.byCity.map(r),
              missing: phones.missing,
              perThousandPagesBytes: Object.fromEntries(Object.entries(perThousandPages(phones)).map(([k, v]) => [k, Math.round(v)])),
            },
          }
        : {}),
      ...(notices
        ? {
            noticesPerSec: {
              alone: Object.fromEntries(notices.alone.map((x) => [x.channels[0]!.channel, round(x.channels[0]!.perSec, 0)])),
              together: Object.fromEntries(notices.together.channels.map((c) => [c.channel, round(c.perSec, 0)])),
              dead: [...notices.alone, notices.together].reduce((n, x) => n + x.channels.reduce((m, c) => m + c.dead, 0), 0),
            },
          }
        : {}),
      ...(f.booking
        ? {
            booking: {
              phones: f.booking.phones,
              places: f.booking.places,
              won: f.booking.won,
              full: f.booking.full,
              failed: f.booking.failed,
              slotsMs: r(f.booking.slotsMs),
              bookMs: r(f.booking.bookMs),
              overCapacity: f.booking.overCapacity,
            },
          }
        : {}),
      ...(f.homeForms ? { homeForms: { forms: f.homeForms.forms, checkInMs: r(f.homeForms.checkInMs), toCounterMs: r(f.homeForms.toCounterMs) } } : {}),
      pass: {
        ...(f.floor ? { floorP99: f.floor.toFloorMs.p99 < targets.floorP99Ms } : {}),
        ...(f.views ? { historyViews: f.views.every((v) => v.maxMs < targets.historyViewMs && v.firstMs < targets.historyViewMs) } : {}),
        ...(f.issuing ? { issuing: issuingByMode(f.issuing).every((m) => m.perSec >= targets.officeVisitsPerSec && m.failed === 0) } : {}),
        ...(phones ? { statusPagesP99: phones.toPageMs.p99 < targets.statusPageP99Ms && phones.missing === 0 } : {}),
        ...(f.booking
          ? {
              bookingP99:
                Math.max(f.booking.slotsMs.p99, f.booking.bookMs.p99) < targets.bookingP99Ms && f.booking.overCapacity === 0 && f.booking.failed === 0,
            }
          : {}),
      },
    }),
  );
}

// --- the run ---------------------------------------------------------------------------------------------------

async function bench(opts: Options, tmp: string, cleanups: (() => Promise<void>)[]): Promise<void> {
  const { parts } = opts;
  const figures: Omit<Figures, 'database'> = {};
  const allDates = demoOpenDates(FROM, TO);
  let days: TemplateDay[] = [];
  if (parts.has(1) || parts.has(2)) {
    step(`generating ${24} sample office days with the office's demo history (${VISITS_PER_DAY} visits on an ordinary day)`);
    days = templates();
    const events = days.reduce((n, t) => n + t.events.length, 0);
    const visits = days.reduce((n, t) => n + t.events.filter((e) => e.type === 'issued').length, 0);
    figures.templates = { days: days.length, visitsPerDay: visits / days.length, eventsPerDay: events / days.length, eventsPerVisit: events / visits };
    figures.full = { offices: 20, officeDays: 20 * allDates.length, events: countEvents(days, 20, allDates) };
  }

  let pg: Postgres;
  if (opts.databaseUrl) pg = { url: opts.databaseUrl, stop: async () => {} };
  else {
    step(opts.keep ? 'starting a PostgreSQL cluster that outlives the bench (--keep)' : 'starting a throwaway PostgreSQL cluster');
    pg = await postgres(tmp, opts.keep);
    cleanups.push(() => pg.stop());
  }
  const db: Db = openPostgres(pg.url);
  cleanups.push(() => db.close());

  if ([1, 2, 3, 4, 5].some((p) => parts.has(p as Part))) {
    step('starting the city server (node city/dist/main.js) on it');
    const city: CityProcess = await startCityProcess(pg.url, join(tmp, 'city'));
    cleanups.push(() => city.stop());
    cityOutput = () => city.output();

    if (parts.has(1)) {
      step(`1. one office sending ${opts.linkBatches} batches through /link`);
      figures.link = await linkRate(db, city, 'bench-link', days, allDates, opts.linkBatches);
      step(`1. Replication.store, ${opts.rawBatches} batches`);
      figures.raw = await rawStoreRate(db, 'bench-raw', days, allDates, opts.rawBatches);
    }

    const loadDates = allDates.slice(0, opts.loadDays);
    if (parts.has(2)) {
      step(`2. loading ${opts.offices} offices × ${loadDates.length} business days (${loadDates[0]} … ${loadDates.at(-1)}) through /link`);
      figures.load = await loadOffices(db, city, pg.cpuMs, days, opts.offices, loadDates, (line) => step(`   ${line}`));
      step('2. waiting for the city to sum the loaded logs by day and month (its history)');
      const summing = performance.now();
      figures.summedAfterMs = (await historySummed(db, 'office-', 10 * 60_000)) ? performance.now() - summing : null;
      city.assertAlive();
    }

    if (parts.has(1) && opts.pgliteBatches) {
      step(`1. the same on PGlite (the city in this process), ${opts.pgliteBatches} batches each`);
      figures.pglite = await pgliteRates(join(tmp, 'pglite'), days, allDates, opts.pgliteBatches);
    }

    const cookie = parts.has(3) || parts.has(5) ? await signInStaff(db, city.url) : '';
    if (parts.has(3)) {
      step('3. a real office linked to the city, and a city staff screen');
      const office = await ServerProcess.start([], { port: await benchPort(), dataDir: mkdtempSync(join(tmp, 'office-floor-')) });
      cleanups.push(() => office.stop());
      const client = new HttpClient(office.origin, { connections: 2 });
      cleanups.push(async () => client.close());
      // One kiosk taking every ticket: no printer, no limit on tickets a minute (as the office's bench sets it).
      await setDemoKiosks(client, office.demoInfo(), { printerId: null, ticketsPerMinute: 0 });
      await linkOffice(office, client, db, city.url, 'floor-office');
      const staff = await staffScreen(city.url, cookie);
      cleanups.push(async () => void staff.disconnect());
      step(`3. issuing ${opts.tickets} tickets one at a time, watching the floor`);
      figures.floor = await runFloorLatency({ office, client, staff, officeId: 'floor-office', tickets: opts.tickets, warmUp: 5, maxPauseMs: 600 });
      staff.disconnect();
      await office.stop();
    }

    if (parts.has(5)) {
      step('5. the history views over the loaded offices');
      figures.views = await timeHistoryViews(city.url, cookie, 'office-01', loadDates[0]!.slice(0, 7));
    }

    if (parts.has(4)) {
      const issuing: IssuingResult[] = [];
      // Each mode twice, in the order A B C C B A: on a machine whose load drifts, each mode's mean sees the same drift.
      const modes = ['unlinked', 'linked', 'backlogged'] as const;
      for (const mode of [...modes, ...[...modes].reverse()]) {
        step(`4. issuing at an office: ${mode}`);
        issuing.push(
          await runIssuing({
            mode,
            db,
            cityUrl: city.url,
            tmp,
            visits: opts.visits,
            warmUp: opts.warmUp,
            clients: opts.clients,
            historyDays: opts.historyDays,
            step,
          }),
        );
      }
      figures.issuing = issuing;
    }
    city.assertAlive();
    // Parts 6 and 7 run their own city processes: this one, configured with no notice channel, would take their
    // notices too (and give up those of channels it lacks).
    await city.stop();
  }

  if (parts.has(6) || parts.has(7)) {
    const standIns = await startStandIns(tmp);
    cleanups.push(() => standIns.close());
    step('6, 7. two city processes on the same PostgreSQL, their notice channels pointed at local stand-ins');
    const cities = await Promise.all([1, 2].map((n) => startCityProcess(pg.url, join(tmp, `city-${n}`), { env: standIns.env, probe: true })));
    for (const c of cities) cleanups.push(() => c.stop());
    cityOutput = () => cities.map((c, i) => `— city process ${i + 1}:\n${c.output()}`).join('\n');
    if (parts.has(6)) {
      figures.phones = await runStatusPages(
        {
          db,
          cities,
          tmp,
          phones: opts.phones,
          workers: opts.phoneWorkers,
          window: opts.phoneWindow,
          client: opts.phoneClient,
          calls: opts.calls,
          warmUp: 1,
          postgresCpuMs: pg.cpuMs,
          step,
        },
        cleanups,
      );
    }
    if (parts.has(7)) {
      figures.notices = await runNoticeRates({ db, cities, standIns, perChannel: opts.notices, postgresCpuMs: pg.cpuMs, step });
    }
    cities.forEach((c) => c.assertAlive());
  }

  if (parts.has(8)) {
    step('8. a city process for the booking page (no limit per address: every resident here is 127.0.0.1)');
    const city = await startCityProcess(pg.url, join(tmp, 'city-booking'), { env: { CITY_BOOKINGS_PER_ADDRESS: '10000' } });
    cleanups.push(() => city.stop());
    cityOutput = () => city.output();
    figures.booking = await runBookingRace({ db, city, tmp, phones: opts.bookingPhones, window: opts.bookingWindow, slots: opts.bookingSlots, step }, cleanups);
    await city.stop();
  }

  if (parts.has(9)) {
    step('9. a city process for forms filled in at home');
    const city = await startCityProcess(pg.url, join(tmp, 'city-forms'), { env: { CITY_HOME_FORMS_PER_ADDRESS: '10000' } });
    cleanups.push(() => city.stop());
    cityOutput = () => city.output();
    figures.homeForms = await runHomeForms({ db, city, forms: opts.homeForms, step }, cleanups);
    await city.stop();
  }

  const database = pg.kept
    ? `${pg.url} — left running: ${pg.kept}`
    : opts.databaseUrl
      ? `${opts.databaseUrl} (given with --database-url; kept)`
      : 'a throwaway cluster, removed now (--keep leaves it running)';
  printReport({ ...figures, database }, opts);
  keptNow = opts.keep;
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = readOptions(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  // Every folder the bench makes (offices, PGlite, the throwaway cluster) goes under one, removed at the end.
  const tmp = mkdtempSync(join(tmpdir(), 'city-bench-'));
  // The throwaway cluster belongs to the `postgres` user when the bench runs as root: it must reach its folder.
  chmodSync(tmp, 0o755);
  process.env.TMPDIR = tmp;
  const cleanups: (() => Promise<void>)[] = [];
  let watchdog: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bench(opts, tmp, cleanups),
      new Promise<never>((_, reject) => {
        watchdog = setTimeout(() => reject(new Error(`the benchmark did not finish within ${WATCHDOG_MS / 60_000} minutes`)), WATCHDOG_MS);
      }),
    ]);
    return 0;
  } catch (err) {
    console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    const output = cityOutput();
    if (output) console.error(`\nlast city server output:\n${output}`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
