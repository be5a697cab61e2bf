/**
 * Phase 1: kiosks issuing numbers as fast as the server takes them. A fixed number of visits (not a fixed time),
 * so every run leaves the same queue behind for the phases after it.
 */
import { performance } from 'node:perf_hooks';
import type { HttpClient } from './http-client.js';
import { cpuShares, machineCpu, type CpuShares } from './machine.js';
import type { ServerProbe } from './server-process.js';
import { distribution, ownCpuMs, type Distribution } from './stats.js';

export interface IssueLoadOptions {
  client: HttpClient;
  kioskToken: string;
  services: readonly string[];
  visits: number;
  concurrency: number;
  server: ServerProbe;
}

export interface IssueLoadResult {
  visits: number;
  failed: number;
  /** The first few failures, verbatim, to tell a bug from an overload. */
  failures: string[];
  elapsedMs: number;
  perSec: number;
  /** Throughput of the first and the last quarter: a falling rate means the cost grows with the queue. */
  firstQuarterPerSec: number;
  lastQuarterPerSec: number;
  latencyMs: Distribution;
  /** CPU used during the timed run, as a share of one core. */
  serverCpu: number;
  /** Shares of the wall time of the server's main thread, which runs every request and every commit. */
  mainThread: { onCpu: number; waitingForCpu: number; blockedOrIdle: number };
  benchCpu: number;
  /** All cores of the machine during the timed run. */
  machine: CpuShares;
}

interface Run {
  latencies: number[];
  /** When each request completed, in completion order. */
  doneAt: number[];
  failed: number;
  failures: string[];
  startedAt: number;
  endedAt: number;
}

async function issue(opts: IssueLoadOptions, total: number, offset: number): Promise<Run> {
  const run: Run = { latencies: [], doneAt: [], failed: 0, failures: [], startedAt: performance.now(), endedAt: 0 };
  const headers = { authorization: `Bearer ${opts.kioskToken}` };
  let next = 0;
  const fail = (why: string) => {
    run.failed += 1;
    if (run.failures.length < 5) run.failures.push(why);
  };
  async function worker(): Promise<void> {
    while (next < total) {
      const i = next++;
      const serviceId = opts.services[(offset + i) % opts.services.length]!;
      const t0 = performance.now();
      try {
        const reply = await opts.client.send('POST', '/api/v1/visits', { body: { services: [serviceId] }, headers });
        const visit = (reply.body as { visit?: { id?: unknown } } | null)?.visit;
        if (reply.status !== 200 || typeof visit?.id !== 'string') fail(`HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
      } catch (err) {
        // A dead server refuses every request at once: stop, rather than count the rest as failures.
        opts.server.assertAlive();
        fail(String(err));
      }
      const t1 = performance.now();
      run.latencies.push(t1 - t0);
      run.doneAt.push(t1);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  run.endedAt = performance.now();
  return run;
}

export async function runIssueLoad(opts: IssueLoadOptions, warmUp: number): Promise<IssueLoadResult> {
  // The server's JIT, SQLite's page cache and the keep-alive connections all settle during the warm-up.
  const warm = await issue(opts, warmUp, 0);
  if (warm.failed) throw new Error(`issuing failed already during the warm-up: ${warm.failures.join(' | ')}`);

  const serverCpu0 = opts.server.cpuMs();
  const main0 = opts.server.mainThread();
  const benchCpu0 = ownCpuMs();
  const machine0 = machineCpu();
  const run = await issue(opts, opts.visits, warmUp);
  const serverCpuMs = opts.server.cpuMs() - serverCpu0;
  const main1 = opts.server.mainThread();
  const benchCpuMs = ownCpuMs() - benchCpu0;
  const machine = cpuShares(machine0, machineCpu());

  const elapsedMs = run.endedAt - run.startedAt;
  const quarter = Math.max(1, Math.floor(run.doneAt.length / 4));
  const firstEnd = run.doneAt[quarter - 1] ?? run.endedAt;
  const lastStart = run.doneAt[run.doneAt.length - quarter - 1] ?? run.startedAt;
  return {
    visits: opts.visits,
    failed: run.failed,
    failures: run.failures,
    elapsedMs,
    perSec: (opts.visits * 1000) / elapsedMs,
    firstQuarterPerSec: (quarter * 1000) / (firstEnd - run.startedAt),
    lastQuarterPerSec: (quarter * 1000) / (run.endedAt - lastStart),
    latencyMs: distribution(run.latencies),
    serverCpu: serverCpuMs / elapsedMs,
    mainThread: {
      onCpu: (main1.cpuMs - main0.cpuMs) / elapsedMs,
      waitingForCpu: (main1.runQueueMs - main0.runQueueMs) / elapsedMs,
      blockedOrIdle: Math.max(0, 1 - (main1.cpuMs - main0.cpuMs + main1.runQueueMs - main0.runQueueMs) / elapsedMs),
    },
    benchCpu: benchCpuMs / elapsedMs,
    machine,
  };
}
