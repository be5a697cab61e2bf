/**
 * Parts 1 and 2 of the city bench: how fast offices' logs go into the city's database, through the real `/link`
 * namespace (an office's batches, one in flight) and straight into `Replication.store` (the raw store rate), and
 * how long a city takes to load years of many offices.
 */
import type { LogEvent } from '@junban/protocol';
import { performance } from 'node:perf_hooks';
import { createCityServer } from '../app.js';
import { openPglite, type Db } from '../db/engine.js';
import { migrate } from '../db/migrations.js';
import { Replication } from '../link/replication.js';
import { benchPort, enrolmentCode, enrolOffice } from './processes.js';
import { ACK_TIMEOUT_MS, linkAsOffice, officeBatches, sendBatches, type TemplateDay } from './office-log.js';
import { distribution, type Distribution } from '@junban/server/bench/stats';
import { demoConfig } from '@junban/server/bench/history-days';

export interface RateResult {
  events: number;
  ms: number;
  perSec: number;
  /** Per batch of 1000: sent → stored and acknowledged (or the store call alone). */
  batchMs: Distribution;
  /** The city process's CPU during the run, as a share of one core (when it runs apart). */
  cityCpu?: number;
}

const rate = (events: number, ms: number, batchMs: number[]): RateResult => ({ events, ms, perSec: (events * 1000) / ms, batchMs: distribution(batchMs) });

/** Batches of one office's log, `count` of them. */
function firstBatches(templates: readonly TemplateDay[], officeIndex: number, dates: readonly string[], count: number): LogEvent[][] {
  const out: LogEvent[][] = [];
  for (const b of officeBatches(templates, officeIndex, dates)) {
    out.push(b);
    if (out.length === count) break;
  }
  return out;
}

/** One office sending `batches` batches over the link to the city at `cityUrl`. */
export async function linkRate(
  db: Db,
  city: { url: string; cpuMs?: () => number },
  officeId: string,
  templates: readonly TemplateDay[],
  dates: readonly string[],
  batches: number,
): Promise<RateResult> {
  const token = await enrolOffice(db, city.url, officeId);
  const socket = await linkAsOffice(city.url, token);
  try {
    // Made before the clock starts: the office reads its batches from SQLite, not from a simulation.
    const log = firstBatches(templates, 0, dates, batches);
    const cpu0 = city.cpuMs?.();
    const sent = await sendBatches(socket, log);
    const result = rate(sent.events, sent.ms, sent.ackMs);
    if (cpu0 !== undefined && city.cpuMs) result.cityCpu = (city.cpuMs() - cpu0) / sent.ms;
    return result;
  } finally {
    socket.disconnect();
  }
}

/** `Replication.store` called directly, batch after batch, on `db`: the database's part alone. */
export async function rawStoreRate(
  db: Db,
  officeId: string,
  templates: readonly TemplateDay[],
  dates: readonly string[],
  batches: number,
): Promise<RateResult> {
  await enrolmentCode(db, officeId);
  const replication = new Replication(db, Date.now);
  const log = firstBatches(templates, 1, dates, batches);
  const times: number[] = [];
  const started = performance.now();
  for (const events of log) {
    const t0 = performance.now();
    await replication.store(officeId, { events, backlog: 0 });
    times.push(performance.now() - t0);
  }
  return rate(
    log.reduce((n, b) => n + b.length, 0),
    performance.now() - started,
    times,
  );
}

/** The same two rates on embedded PGlite, the city in this process (so the office's socket shares its core). */
export async function pgliteRates(dir: string, templates: readonly TemplateDay[], dates: readonly string[], batches: number) {
  const db = await openPglite(dir);
  try {
    await migrate(db);
    const raw = await rawStoreRate(db, 'pglite-raw', templates, dates, batches);
    const city = await createCityServer({ db, pagesDir: '/nonexistent' });
    const port = await city.listen(await benchPort());
    try {
      const link = await linkRate(db, { url: `http://127.0.0.1:${port}` }, 'pglite-link', templates, dates, batches);
      return { raw, link };
    } finally {
      await city.close();
    }
  } finally {
    await db.close();
  }
}

export interface LoadResult {
  offices: number;
  officeDays: number;
  events: number;
  ms: number;
  perSec: number;
  batchMs: Distribution;
  cityCpu: number;
  /** PostgreSQL's and this process's (the offices' sockets and their logs) CPU, as shares of one core; PostgreSQL's when known. */
  postgresCpu: number | undefined;
  benchCpu: number;
  /** Links the city did not welcome at the first try (each was connected again). */
  helloFailures: string[];
  /** The events table with its indexes after the load, in bytes. */
  tableBytes: number;
}

/**
 * `offices` offices linked at once, each sending its log of `dates` as a linking office catches up: the city
 * loading the history of a city's offices through the link.
 */
export async function loadOffices(
  db: Db,
  city: { url: string; cpuMs: () => number },
  postgresCpuMs: (() => number) | undefined,
  templates: readonly TemplateDay[],
  offices: number,
  dates: readonly string[],
  progress: (line: string) => void,
): Promise<LoadResult> {
  const ids = Array.from({ length: offices }, (_, i) => `office-${String(i + 1).padStart(2, '0')}`);
  const sockets = [];
  const helloFailures: string[] = [];
  for (const id of ids) {
    const token = await enrolOffice(db, city.url, id);
    // As an office's link does, connect again when the city did not welcome it (and count it: it should not happen).
    for (let attempt = 1; ; attempt++) {
      try {
        sockets.push(await linkAsOffice(city.url, token));
        break;
      } catch (err) {
        helloFailures.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
        if (attempt === 3) throw err;
      }
    }
  }
  try {
    const config = demoConfig();
    await Promise.all(sockets.map((s) => s.timeout(ACK_TIMEOUT_MS).emitWithAck('setup', { config, at: Date.now() }))).catch((err: unknown) => {
      throw new Error(`a setup was not acknowledged: ${String(err)}`);
    });
    const cpu0 = city.cpuMs();
    const pg0 = postgresCpuMs?.();
    const own0 = process.cpuUsage();
    const started = performance.now();
    let done = 0;
    const ticker = setInterval(() => progress(`${done.toLocaleString('en-US')} events stored`), 15_000);
    const results = await Promise.all(
      sockets.map((s, i) =>
        sendBatches(
          s,
          (function* () {
            for (const b of officeBatches(templates, i, dates)) {
              yield b;
              done += b.length;
            }
          })(),
        ),
      ),
    ).finally(() => clearInterval(ticker));
    const ms = performance.now() - started;
    const cityCpu = (city.cpuMs() - cpu0) / ms;
    const postgresCpu = pg0 === undefined ? undefined : (postgresCpuMs!() - pg0) / ms;
    const own = process.cpuUsage(own0);
    const benchCpu = (own.user + own.system) / 1000 / ms;
    const events = results.reduce((n, r) => n + r.events, 0);
    const [size] = await db.query<{ bytes: number }>("SELECT pg_total_relation_size('events')::bigint AS bytes");
    return {
      offices,
      officeDays: offices * dates.length,
      events,
      ms,
      perSec: (events * 1000) / ms,
      batchMs: distribution(results.flatMap((r) => r.ackMs)),
      cityCpu,
      postgresCpu,
      benchCpu,
      tableBytes: Number(size!.bytes),
      helloFailures,
    };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}
