/**
 * Part 6 of the city bench: residents' status pages at scale. A real office linked to one of two city processes on
 * one PostgreSQL issues `phones` tickets in one procedure; as many phones (socket.io clients in a few phone
 * processes, phone-worker.ts) open their status pages, half on each city process. Then a clerk calls the next
 * resident: every waiting visit in that line moves one place up, so one call changes every page. Measured: from just
 * before the clerk's call-next request (so the office's commit is inside) to each page receiving its new `status`,
 * and the city processes' memory before and after the phones connected.
 *
 * The path: the office commits; its link sends the changed statuses of the visits the city follows (at most once a
 * second, 2,000 a message, one message in flight); the city process holding the link stores each message
 * (`visit_statuses`) and emits each status to its page's room; the phones on the other process get it through
 * socket.io's PostgreSQL adapter (a NOTIFY per room).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { IssuedVisit, OfficeConfig, Visit } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import { linkOffice } from './live-floor.js';
import type { PhoneClient } from './phone-socket.js';
import type { PhoneCommand, PhoneReport } from './phone-worker.js';
import { benchPort, processCpuMs, type CityMemory, type CityProcess } from './processes.js';
import { HttpClient, setDemoKiosks, signIn } from '@junban/server/bench/http-client';
import { ServerProcess } from '@junban/server/bench/server-process';
import { distribution, ownCpuMs, type Distribution } from '@junban/server/bench/stats';

const workerScript = fileURLToPath(new URL('./phone-worker.js', import.meta.url));
const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PhonesOptions {
  db: Db;
  /** Two (or more) city processes on one database; the office links to the first. */
  cities: CityProcess[];
  tmp: string;
  phones: number;
  /** Phone processes. */
  workers: number;
  /** How they hold each page (phone-socket.ts). */
  client: PhoneClient;
  /** Phones of one process waiting for their first status at once. */
  window: number;
  calls: number;
  warmUp: number;
  postgresCpuMs: (() => number) | undefined;
  step: (what: string) => void;
}

export interface PhonesResult {
  phones: number;
  workers: number;
  client: PhoneClient;
  /** The soft limit on open files of the bench's processes (each city process holds phones / cities sockets). */
  fdLimit: number;
  issued: { visits: number; ms: number };
  connected: number;
  failed: number;
  /** Pages opened again after the city answered "unknown" (its offices' answer took longer than it waits). */
  reloads: number;
  firstError: string | null;
  connectMs: number;
  /** Each city process before and after the phones connected (after a full collection). */
  memory: { before: CityMemory[]; after: CityMemory[] };
  calls: number;
  /** Pages waited for at each measured call (those whose visit is still open). */
  watching: number[];
  /** Call-next requested → each page received its new status, every measured call together. */
  toPageMs: Distribution;
  /** The same, by the city process the phone is connected to (the first holds the office's link). */
  byCity: Distribution[];
  /** Call-next requested → the office made the page's new status (its `at`): the office's part of the path. */
  toMadeMs: Distribution;
  /** The clerk's finish → the last page it moved (0: it moved none), between the calls. */
  finishWaveMs: Distribution;
  /** Call-next requested → the last page of that call. */
  toLastPageMs: Distribution;
  /** The clerk's HTTP answer (the office's commit). */
  callAnswerMs: Distribution;
  missing: number;
  unexpected: number;
  dropped: number;
  /** CPU over the measured calls, as a share of one core. */
  cpu: { cities: number[]; office: number; postgres: number | undefined; phones: number; bench: number };
}

/** The soft limit on open files of this process, which the city and phone processes inherit. */
function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line ? Number(line.split(/\s{2,}/)[1]) : NaN;
  return Number.isFinite(soft) ? soft : Infinity;
}

/** A phone process, and its next report of a kind. */
class PhoneProcess {
  readonly child: ChildProcess;
  constructor() {
    // Its own heap limit is Node's default: 5,000 phones take a few hundred MB.
    this.child = fork(workerScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }
  ask<T extends PhoneReport['type']>(command: PhoneCommand, answer: T): Promise<Extract<PhoneReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (r: PhoneReport) => {
        if (r.type === 'error') done(() => reject(new Error(`a phone process failed: ${r.message}`)));
        else if (r.type === answer) done(() => resolve(r as Extract<PhoneReport, { type: T }>));
      };
      const onExit = (code: number | null) => done(() => reject(new Error(`a phone process exited (${code})`)));
      const done = (then: () => void) => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        then();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(command);
    });
  }
  cpuMs(): number {
    return processCpuMs(this.child.pid!);
  }
  stop(): void {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies PhoneCommand);
    setTimeout(() => this.child.kill('SIGKILL'), 5_000).unref();
  }
}

/**
 * Wait until the page of the finished ticket `number` shows it closed and then no phone has received anything for
 * `forMs`; answers when the last one did (the wall clock; the start of the wait if none did).
 */
async function quiet(workers: PhoneProcess[], number: string, forMs: number, timeoutMs: number): Promise<number> {
  const start = wallNow();
  for (;;) {
    await sleep(500);
    const answers = await Promise.all(workers.map((w) => w.ask({ type: 'quiet', number }, 'quiet')));
    const last = Math.max(start, ...answers.map((q) => q.lastAt));
    // The finish's statuses are one batch at the office: once the finished ticket's page shows it, that batch has left
    // the office, and the rest of it follows without a pause (a page that did not open cannot tell: quiet alone).
    const finishSent = answers.every((q) => !q.holds) || answers.some((q) => q.closed);
    if (finishSent && wallNow() - last >= forMs) return last;
    if (wallNow() - start > timeoutMs) throw new Error(`the phones were still receiving statuses ${timeoutMs / 1000} s after the finish`);
  }
}

/** Issue `count` tickets for `service` with a few requests in flight: each one's status page token. */
async function issueTickets(client: HttpClient, kioskToken: string, service: string, count: number, lanes: number): Promise<string[]> {
  const headers = { authorization: `Bearer ${kioskToken}` };
  const tokens: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next += 1;
      const issued = await client.json<IssuedVisit>('POST', '/api/v1/visits', { headers, body: { services: [service] } });
      // The page's address ends with its token (…/kiosk/status/<token>), at the office or at the city.
      tokens.push(issued.statusUrl.slice(issued.statusUrl.lastIndexOf('/') + 1));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return tokens;
}

export async function runStatusPages(opts: PhonesOptions, cleanups: (() => Promise<void>)[]): Promise<PhonesResult> {
  const { db, cities, step } = opts;
  const fdLimit = openFilesLimit();
  const perCity = Math.ceil(opts.phones / cities.length);
  const perWorker = Math.ceil(opts.phones / opts.workers);
  // Each phone is a socket in a city process and another in a phone process; leave room for everything else.
  if (Math.max(perCity, perWorker) + 500 > fdLimit) {
    throw new Error(
      `${perCity} phones per city process and ${perWorker} per phone process need more open files than this shell allows (ulimit -n ${fdLimit}): ` +
        'raise it (ulimit -n 65536, as root or within the hard limit), or add --phone-workers',
    );
  }

  step(`6. a real office linked to the city (the first of ${cities.length} city processes)`);
  // No demo history: its year of log would be sent to the city meanwhile, and this part is not about replication.
  const office = await ServerProcess.start([], {
    port: await benchPort(),
    dataDir: mkdtempSync(join(opts.tmp, 'office-phones-')),
    env: () => ({ JUNBAN_DEMO_HISTORY_DAYS: '0' }),
  });
  cleanups.push(() => office.stop());
  const client = new HttpClient(office.origin, { connections: 8 });
  cleanups.push(async () => client.close());
  const demo = office.demoInfo();
  await setDemoKiosks(client, demo, { printerId: null, ticketsPerMinute: 0 });
  await linkOffice(office, client, db, cities[0]!.url, 'phones-office');
  const config = await client.json<OfficeConfig>('GET', '/api/v1/config', { headers: { authorization: `Bearer ${demo.kioskToken}` } });
  const counter = config.counters[0];
  if (!counter) throw new Error('the demo office has no counter');
  const service = counter.services[0]!;

  step(`6. issuing ${opts.phones} tickets for ${service} (everyone in one line, so that one call moves every page)`);
  const issuing = performance.now();
  const tokens = await issueTickets(client, demo.kioskToken, service, opts.phones, 8);
  const issued = { visits: tokens.length, ms: performance.now() - issuing };
  office.assertAlive();

  // Let the office's link send the log of those tickets first.
  await sleep(3_000);
  const before = await Promise.all(cities.map((c) => c.memory()));

  const workers = Array.from({ length: opts.workers }, () => new PhoneProcess());
  cleanups.push(async () => workers.forEach((w) => w.stop()));
  step(`6. ${tokens.length} phones opening their pages (${opts.workers} phone processes, ${cities.length} city processes)`);
  const connecting = performance.now();
  const connects = await Promise.all(
    workers.map((w, i) => {
      const phones = tokens.flatMap((token, n) => (n % opts.workers === i ? [{ city: n % cities.length, token }] : []));
      return w.ask({ type: 'connect', client: opts.client, cities: cities.map((c) => c.url), phones, window: opts.window, timeoutMs: 60_000 }, 'connected');
    }),
  );
  const connectMs = performance.now() - connecting;
  const connected = connects.reduce((n, c) => n + c.connected, 0);
  const failed = connects.reduce((n, c) => n + c.failed, 0);
  step(`6. ${connected} phones on their pages in ${(connectMs / 1000).toFixed(0)} s${failed ? `, ${failed} failed` : ''}`);
  cities.forEach((c) => c.assertAlive());
  await sleep(2_000);
  const after = await Promise.all(cities.map((c) => c.memory()));

  const clerk = demo.accounts.find((a) => a.role === 'counter');
  if (!clerk) throw new Error('demo.json has no counter account');
  const staff = await signIn(client, clerk.username, clerk.password);
  const counterPath = `/api/v1/counters/${encodeURIComponent(counter.id)}`;

  const toPage: number[] = [];
  const byCity: number[][] = cities.map(() => []);
  const toLast: number[] = [];
  const finishWave: number[] = [];
  const made: number[] = [];
  const answer: number[] = [];
  const watching: number[] = [];
  let missing = 0;
  let unexpected = 0;
  let dropped = 0;
  // CPU is summed over the calls only (mark → every page reached), not the quiet moments between them.
  const cpuSum = { cities: cities.map(() => 0), office: 0, postgres: 0 as number | undefined, phones: 0, bench: 0, at: 0 };
  const cpuNow = () => ({
    cities: cities.map((c) => c.cpuMs()),
    office: office.cpuMs(),
    postgres: opts.postgresCpuMs?.(),
    phones: workers.reduce((n, w) => n + w.cpuMs(), 0),
    bench: ownCpuMs(),
    at: performance.now(),
  });
  for (let i = 0; i < opts.warmUp + opts.calls; i++) {
    const measured = i >= opts.warmUp;
    const cpu0 = cpuNow();
    step(`6. call ${i + 1} of ${opts.warmUp + opts.calls}${measured ? '' : ' (warm-up)'}`);
    const marks = await Promise.all(workers.map((w) => w.ask({ type: 'mark' }, 'marked')));
    const t0 = wallNow();
    const reply = await client.send('POST', `${counterPath}/call-next`, { headers: staff, body: {} });
    const t1 = wallNow();
    const visit = (reply.body as { visit?: Visit } | null)?.visit;
    const called = visit?.steps.find((s) => s.state === 'called' && s.counterId === counter.id);
    if (reply.status !== 200 || !visit || !called) throw new Error(`call-next answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    const results = await Promise.all(workers.map((w) => w.ask({ type: 'collect', t0, timeoutMs: 60_000 }, 'collected')));
    const cpu1 = cpuNow();
    if (measured) {
      cpu1.cities.forEach((c, n) => (cpuSum.cities[n]! += c - cpu0.cities[n]!));
      cpuSum.office += cpu1.office - cpu0.office;
      cpuSum.postgres = cpu1.postgres === undefined || cpu0.postgres === undefined ? undefined : (cpuSum.postgres ?? 0) + cpu1.postgres - cpu0.postgres;
      cpuSum.phones += cpu1.phones - cpu0.phones;
      cpuSum.bench += cpu1.bench - cpu0.bench;
      cpuSum.at += cpu1.at - cpu0.at;
      watching.push(marks.reduce((n, m) => n + m.watching, 0));
      answer.push(t1 - t0);
      let last = 0;
      for (const r of results) {
        r.byCity.forEach((arrivals, c) => {
          for (const ms of arrivals) {
            toPage.push(ms);
            byCity[c]!.push(ms);
            last = Math.max(last, ms);
          }
        });
        for (const ms of r.madeMs) made.push(ms);
        missing += r.missing;
        unexpected += r.unexpected;
      }
      toLast.push(last);
    }
    dropped = results.reduce((n, r) => n + r.dropped, 0);
    office.assertAlive();
    cities.forEach((c) => c.assertAlive());
    // The called resident is served. That too moves every page (the line's estimate follows the service times), so
    // the next call waits until the city has been quiet for longer than the link's pacing (a batch a second): each
    // call is measured on its own, not behind the finish's wave.
    const finishing = wallNow();
    await client.json('POST', `${counterPath}/finish`, { headers: staff, body: { stepId: called.id } });
    const quietAt = await quiet(workers, visit.number, 2_500, 180_000);
    if (measured) finishWave.push(quietAt - finishing);
  }
  const share = (ms: number) => ms / cpuSum.at;

  workers.forEach((w) => w.stop());
  await office.stop();
  return {
    phones: opts.phones,
    workers: opts.workers,
    client: opts.client,
    fdLimit,
    issued,
    connected,
    failed,
    reloads: connects.reduce((n, c) => n + c.reloads, 0),
    firstError: connects.find((c) => c.firstError)?.firstError ?? null,
    connectMs,
    memory: { before, after },
    calls: opts.calls,
    watching,
    toPageMs: distribution(toPage),
    byCity: byCity.map((d) => distribution(d)),
    toLastPageMs: distribution(toLast),
    toMadeMs: distribution(made),
    finishWaveMs: distribution(finishWave),
    callAnswerMs: distribution(answer),
    missing,
    unexpected,
    dropped,
    cpu: {
      cities: cpuSum.cities.map(share),
      office: share(cpuSum.office),
      postgres: cpuSum.postgres === undefined ? undefined : share(cpuSum.postgres),
      phones: share(cpuSum.phones),
      bench: share(cpuSum.bench),
    },
  };
}
