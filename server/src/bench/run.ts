/**
 * `npm run bench`: starts a demo office server as a child process on loopback, issues visits under load, measures
 * how fast a call reaches 100 displays, reads the server's peak memory, and prints the figures beside their
 * targets. Exits non-zero only when the benchmark itself broke; a missed target is a result, not an error.
 *
 * Options (all optional): --visits=20000 --warmup=1000 --clients=8 --displays=100 --calls=300
 * --profile=DIR (the server writes a V8 CPU profile there when it stops), --server-flag=FLAG (a Node flag for
 * the server, repeatable, e.g. --server-flag=--max-semi-space-size=2).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { OfficeConfig } from '@junban/protocol';
import { connectDisplays, ensureWaiting, runCallLatency, type Displays } from './call-latency.js';
import { HttpClient, setDemoKiosks, signIn } from './http-client.js';
import { runIssueLoad } from './issue-load.js';
import { probeDurableCommits } from './machine.js';
import { printReport } from './report.js';
import { ServerProcess, serveNodeFlags } from './server-process.js';
import type { Distribution } from './stats.js';

/** Far beyond a normal run (about half a minute): reaching it means something hangs. */
const WATCHDOG_MS = 10 * 60_000;
const CALL_WARM_UP = 20;

interface Options {
  visits: number;
  warmUp: number;
  clients: number;
  displays: number;
  calls: number;
  profileDir: string | undefined;
  serverFlags: string[];
}

const USAGE = `usage: node dist/bench/run.js [--visits=20000] [--warmup=1000] [--clients=8] [--displays=100] [--calls=300]
       [--profile=DIR] [--server-flag=FLAG ...]
from the repository root, options need a second separator: npm run bench -- -- --visits=5000`;

/** Checked before anything starts, so a typo costs no server start-up. */
function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      visits: { type: 'string', default: '20000' },
      warmup: { type: 'string', default: '1000' },
      clients: { type: 'string', default: '8' },
      displays: { type: 'string', default: '100' },
      calls: { type: 'string', default: '300' },
      profile: { type: 'string' },
      'server-flag': { type: 'string', multiple: true, default: [] },
    },
  });
  const count = (name: 'visits' | 'warmup' | 'clients' | 'displays' | 'calls', min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  return {
    visits: count('visits', 1),
    warmUp: count('warmup', 0),
    clients: count('clients', 1),
    displays: count('displays', 1),
    calls: count('calls', 1),
    profileDir: values.profile ? resolve(values.profile) : undefined,
    serverFlags: values['server-flag'],
  };
}

const step = (what: string) => process.stderr.write(`· ${what}\n`);

async function bench(server: ServerProcess, opts: Options, disk: Distribution): Promise<void> {
  const demo = server.demoInfo();
  const counterAccount = demo.accounts.find((a) => a.role === 'counter');
  if (!counterAccount) throw new Error('demo.json has no counter account');
  const kiosk = { authorization: `Bearer ${demo.kioskToken}` };

  const client = new HttpClient(server.origin, { connections: opts.clients });
  let displays: Displays | undefined;
  try {
    const config = await client.json<OfficeConfig>('GET', '/api/v1/config', { headers: kiosk });
    const services = config.services.filter((s) => s.active).map((s) => s.id);
    const counters = config.counters.map((c) => c.id);
    if (!services.length || !counters.length) throw new Error('the demo office has no services or no counters');
    // The queue's own throughput, as the target means it: the demo kiosk's printer and its limit are set aside
    // (a ticket's printing is timed by the kiosk bench, on a fake Ethernet printer).
    await setDemoKiosks(client, demo, { printerId: null, ticketsPerMinute: 0 });
    const afterStart = server.memory().rss;

    step(`issuing ${opts.warmUp} + ${opts.visits} visits with ${opts.clients} clients`);
    const issue = await runIssueLoad({ client, kioskToken: demo.kioskToken, services, visits: opts.visits, concurrency: opts.clients, server }, opts.warmUp);
    server.assertAlive();
    const afterIssue = server.memory().rss;

    const topped = await ensureWaiting(client, demo.kioskToken, CALL_WARM_UP + opts.calls);
    if (topped) step(`issued ${topped} more visits so that no queue runs dry`);
    const staffHeaders = await signIn(client, counterAccount.username, counterAccount.password);
    step(`connecting ${opts.displays} displays`);
    displays = await connectDisplays(server.origin, demo.displayToken, opts.displays);
    // Leave the load generator's garbage from phase 1 behind, so its collection does not land inside a call.
    (globalThis as { gc?: () => void }).gc?.();

    step(`calling ${CALL_WARM_UP} + ${opts.calls} visits, one at a time`);
    const call = await runCallLatency({
      client,
      staffHeaders,
      displays,
      counters,
      calls: opts.calls,
      warmUp: CALL_WARM_UP,
      server,
    });
    server.assertAlive();
    const memory = server.memory();

    printReport({
      node: process.versions.node,
      cpus: availableParallelism(),
      clients: opts.clients,
      disk,
      issue,
      call,
      memory: { ...memory, afterStart, afterIssue, afterCalls: memory.rss },
    });
  } finally {
    displays?.close();
    client.close();
  }
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = readOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const { profileDir } = opts;
  step('timing durable SQLite commits on this disk');
  // Before the server starts, so that neither disturbs the other.
  const disk = probeDurableCommits();
  step('starting the demo office server');
  const nodeFlags = [...opts.serverFlags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  step(`server Node flags: ${[...serveNodeFlags(), ...nodeFlags].join(' ')} (npm start's, plus any given)`);
  const server = await ServerProcess.start(nodeFlags);
  let watchdog: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      bench(server, opts, disk),
      new Promise<never>((_, reject) => {
        watchdog = setTimeout(() => reject(new Error(`the benchmark did not finish within ${WATCHDOG_MS / 60_000} minutes`)), WATCHDOG_MS);
      }),
    ]);
    return 0;
  } catch (err) {
    console.error(`\nbenchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    const output = server.recentOutput;
    if (output) console.error(`\nlast server output:\n${output}`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    await server.stop();
    if (profileDir) step(`server CPU profile written to ${profileDir}`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The server child is killed and its folder removed by ServerProcess's exit hook.
  process.on(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
