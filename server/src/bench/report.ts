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
  issue: IssueLoadResult;
  call: CallLatencyResult;
  memory: Memory & { afterStart: number; afterIssue: number; afterCalls: number };
}

const MB = 1_000_000;
const mb = (bytes: number) => round(bytes / MB, 1);
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const dist = (d: Distribution) => `p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  p99 ${ms(d.p99)}  max ${ms(d.max)}`;

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
  const line = (label: string, figure: string, target: string, pass: boolean) =>
    console.log(`  ${label.padEnd(28)}${figure.padEnd(26)}target ${target.padEnd(10)}${verdict(pass)}`);

  console.log(`\njunban server benchmark — Node ${f.node}, ${f.cpus} CPUs, server and load generator on the same machine\n`);

  console.log(`1. Issue visits: POST /api/v1/visits, ${f.clients} keep-alive clients, WAL + synchronous=FULL`);
  line('visits per second', `${int(issue.perSec)}/s`, `≥ ${int(targets.visitsPerSec)}/s`, v.visitsPerSec);
  line('failed requests', `${issue.failed} of ${int(issue.visits)}`, `${targets.failedRequests}`, v.failedRequests);
  console.log(`  ${int(issue.visits)} visits in ${(issue.elapsedMs / 1000).toFixed(2)} s; first quarter ${int(issue.firstQuarterPerSec)}/s, last quarter ${int(issue.lastQuarterPerSec)}/s`);
  console.log(`  request latency ${dist(issue.latencyMs)}`);
  console.log(`  CPU: server ${pct(issue.serverCpu)} of a core, load generator ${pct(issue.benchCpu)}`);
  for (const failure of issue.failures) console.log(`  failure: ${failure}`);

  console.log(`\n2. Call next → "called" update on all ${call.displays} displays (${call.calls} calls, one at a time)`);
  line('p50', ms(call.toAllDisplaysMs.p50), '', true);
  line('p99', ms(call.toAllDisplaysMs.p99), `< ${targets.callP99Ms} ms`, v.callP99);
  console.log(`  to all displays   ${dist(call.toAllDisplaysMs)}`);
  console.log(`  HTTP answer alone ${dist(call.httpAnswerMs)}`);
  console.log(`  first→last display ${dist(call.spreadMs)}`);
  console.log(`  update size ${int(call.updateBytes)} bytes per display; version gaps ${call.gaps}`);
  console.log(`  CPU per call (call-next + finish, both broadcasts): server ${ms(call.serverCpuMs / call.calls)}, load generator ${ms(call.benchCpuMs / call.calls)}`);

  console.log('\n3. Server memory (/proc/<pid>/status)');
  line('peak RSS (VmHWM)', `${mb(memory.peakRss)} MB`, `< ${targets.peakRssMB} MB`, v.peakRss);
  console.log(`  RSS now (VmRSS) ${mb(memory.rss)} MB; after start ${mb(memory.afterStart)} MB, after issuing ${mb(memory.afterIssue)} MB, after calls ${mb(memory.afterCalls)} MB`);
  console.log('');

  const json = {
    bench: 'junban-server',
    at: new Date().toISOString(),
    node: f.node,
    cpus: f.cpus,
    issue: {
      clients: f.clients, visits: issue.visits, failed: issue.failed, perSec: round(issue.perSec, 0),
      firstQuarterPerSec: round(issue.firstQuarterPerSec, 0), lastQuarterPerSec: round(issue.lastQuarterPerSec, 0),
      latencyP50Ms: round(issue.latencyMs.p50), latencyP99Ms: round(issue.latencyMs.p99),
      serverCpu: round(issue.serverCpu), benchCpu: round(issue.benchCpu),
    },
    call: {
      displays: call.displays, calls: call.calls, p50Ms: round(call.toAllDisplaysMs.p50), p99Ms: round(call.toAllDisplaysMs.p99),
      maxMs: round(call.toAllDisplaysMs.max), httpP50Ms: round(call.httpAnswerMs.p50), httpP99Ms: round(call.httpAnswerMs.p99),
      spreadP50Ms: round(call.spreadMs.p50), gaps: call.gaps, updateBytes: call.updateBytes,
    },
    memory: { peakRssMB: mb(memory.peakRss), rssMB: mb(memory.rss), afterStartMB: mb(memory.afterStart), afterIssueMB: mb(memory.afterIssue) },
    pass: v,
  };
  console.log(JSON.stringify(json));
}
