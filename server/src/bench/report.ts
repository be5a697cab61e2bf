/** The printed report: figures beside their targets, then one JSON line to paste into notes. */
import type { CallLatencyResult } from './call-latency.js';
import type { IssueLoadResult } from './issue-load.js';
import type { Memory } from './server-process.js';
import { round, type Distribution } from './stats.js';

export const targets = {
  visitsPerSec: 1000,
  failedRequests: 0,
  callP99Ms: 20,
  peakRssMB: 150,
};

export interface BenchFigures {
  node: string;
  cpus: number;
  clients: number;
  /** One-row durable commits on the bench's temp disk, before the server started. */
  disk: Distribution;
  issue: IssueLoadResult;
  call: CallLatencyResult;
  memory: Memory & { afterStart: number; afterIssue: number; afterCalls: number };
}

const MB = 1_000_000;
const mb = (bytes: number) => round(bytes / MB, 1);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number, digits = 1) => `${x.toFixed(digits)} ms`;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const dist = (d: Distribution, digits = 1) => `p50 ${ms(d.p50, digits)}  p90 ${ms(d.p90, digits)}  p99 ${ms(d.p99, digits)}  max ${ms(d.max, digits)}`;

export function verdicts(f: BenchFigures) {
  return {
    visitsPerSec: f.issue.perSec >= targets.visitsPerSec,
    failedRequests: f.issue.failed <= targets.failedRequests,
    callP99: f.call.toAllDisplaysMs.p99 < targets.callP99Ms,
    peakRss: mb(f.memory.peakRss) < targets.peakRssMB,
  };
}

export function printReport(f: BenchFigures): void {
  const v = verdicts(f);
  const { issue, call, memory } = f;
  const main = issue.mainThread;
  const target = (label: string, figure: string, goal: string, pass: boolean) =>
    console.log(`  ${label.padEnd(26)}${figure.padEnd(22)}target ${goal.padEnd(12)}${verdict(pass)}`);
  const info = (label: string, text: string) => console.log(`  ${label.padEnd(26)}${text}`);

  console.log(`\njunban server benchmark — Node ${f.node}, ${f.cpus} CPUs; server (child process) and load generator share them\n`);

  console.log("0. This machine's disk: one-row commit, WAL + synchronous=FULL, before the server started");
  info('commit time', dist(f.disk, 2));
  info('one writer, one commit', `at most ~${int(1000 / f.disk.p50)} commits/s`);

  console.log(`\n1. Issue visits: POST /api/v1/visits, ${f.clients} keep-alive clients, ${int(issue.visits)} visits after a warm-up`);
  target('visits per second', `${int(issue.perSec)}/s`, `≥ ${int(targets.visitsPerSec)}/s`, v.visitsPerSec);
  target('failed requests', `${issue.failed} of ${int(issue.visits)}`, `${targets.failedRequests}`, v.failedRequests);
  info('first / last quarter', `${int(issue.firstQuarterPerSec)}/s / ${int(issue.lastQuarterPerSec)}/s (the queue grows by ${int(issue.visits)} visits)`);
  info('request latency', dist(issue.latencyMs));
  info('CPU (share of one core)', `server ${pct(issue.serverCpu)}, load generator ${pct(issue.benchCpu)}`);
  info('server main thread', `on a core ${pct(main.onCpu)}, waiting for one ${pct(main.waitingForCpu)}, blocked (disk) or idle ${pct(main.blockedOrIdle)}`);
  info('whole machine', `busy ${pct(issue.machine.busy)}, iowait ${pct(issue.machine.iowait)}, steal ${pct(issue.machine.steal)}`);
  for (const failure of issue.failures) info('failure', failure);

  console.log(`\n2. Call next → "called" update received by all ${call.displays} displays (${call.calls} calls, one at a time)`);
  target('p99', ms(call.toAllDisplaysMs.p99), `< ${targets.callP99Ms} ms`, v.callP99);
  info('to the last display', dist(call.toAllDisplaysMs));
  info('HTTP answer to the clerk', dist(call.httpAnswerMs));
  info('first → last display', dist(call.spreadMs));
  info('per call (+ its finish)', `server CPU ${ms(call.serverCpuMs / call.calls)}, load generator CPU ${ms(call.benchCpuMs / call.calls)}`);
  info('update to a display', `${int(call.updateBytes)} bytes of JSON; version gaps ${call.gaps}`);

  console.log('\n3. Server memory (/proc/<pid>/status)');
  target('peak RSS (VmHWM)', `${mb(memory.peakRss)} MB`, `< ${targets.peakRssMB} MB`, v.peakRss);
  info('RSS now (VmRSS)', `${mb(memory.rss)} MB`);
  info('RSS along the way', `started ${mb(memory.afterStart)} MB, after issuing ${mb(memory.afterIssue)} MB, after calls ${mb(memory.afterCalls)} MB`);
  console.log('');

  const json = {
    bench: 'junban-server',
    at: new Date().toISOString(),
    node: f.node,
    cpus: f.cpus,
    diskCommitP50Ms: round(f.disk.p50, 3),
    diskCommitP99Ms: round(f.disk.p99, 3),
    issue: {
      clients: f.clients,
      visits: issue.visits,
      failed: issue.failed,
      perSec: round(issue.perSec, 0),
      firstQuarterPerSec: round(issue.firstQuarterPerSec, 0),
      lastQuarterPerSec: round(issue.lastQuarterPerSec, 0),
      latencyP50Ms: round(issue.latencyMs.p50),
      latencyP99Ms: round(issue.latencyMs.p99),
      serverCpu: round(issue.serverCpu),
      benchCpu: round(issue.benchCpu),
      steal: round(issue.machine.steal, 3),
      mainThreadOnCpu: round(main.onCpu),
      mainThreadBlocked: round(main.blockedOrIdle),
    },
    call: {
      displays: call.displays,
      calls: call.calls,
      p50Ms: round(call.toAllDisplaysMs.p50),
      p99Ms: round(call.toAllDisplaysMs.p99),
      maxMs: round(call.toAllDisplaysMs.max),
      httpP50Ms: round(call.httpAnswerMs.p50),
      httpP99Ms: round(call.httpAnswerMs.p99),
      spreadP50Ms: round(call.spreadMs.p50),
      gaps: call.gaps,
      updateBytes: call.updateBytes,
    },
    memory: { peakRssMB: mb(memory.peakRss), rssMB: mb(memory.rss), afterStartMB: mb(memory.afterStart), afterIssueMB: mb(memory.afterIssue) },
    pass: v,
  };
  console.log(JSON.stringify(json));
}
