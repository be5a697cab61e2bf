/**
 * One socket floods the office: how long `/health` takes meanwhile, and what it costs the server's memory. The
 * red team's attack (issue 15): a display socket sending 5,000 messages at once. The limits it measures are in
 * docs/security.md. Usage: node dist/bench/flood.js [--messages=5000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@junban/protocol';
import { ServerProcess } from './server-process.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '5000' } } });
const messages = Math.max(1, Number(values.messages));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthMs(origin: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${origin}/api/v1/health`);
  await res.arrayBuffer();
  return performance.now() - started;
}

const server = await ServerProcess.start();
try {
  const origin = server.origin;
  const baseline: number[] = [];
  for (let i = 0; i < 20; i++) baseline.push(await healthMs(origin));
  const rssBefore = server.memory().rss;

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(origin, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token: server.demoInfo().displayToken },
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));

  let answered = 0;
  let refused = 0;
  let disconnected = '';
  const over = new Promise<void>((resolve) => {
    socket.on('disconnect', (reason) => {
      disconnected = reason;
      resolve();
    });
    for (let i = 0; i < messages; i++) {
      socket.emit('sync', {}, (a) => {
        answered += 1;
        if (!a.ok) refused += 1;
        if (answered === messages) resolve();
      });
    }
  });
  // /health every 10 ms while the flood lasts (and a little after), as a monitoring probe or another screen would.
  const during: number[] = [];
  let flooding = true;
  void over.then(() => (flooding = false));
  const probe = (async () => {
    while (flooding) {
      during.push(await healthMs(origin));
      await sleep(10);
    }
    for (let i = 0; i < 5; i++) during.push(await healthMs(origin));
  })();
  await Promise.race([over, sleep(30_000)]);
  flooding = false;
  await probe;
  const rssAfter = server.memory();
  socket.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  console.log(`flood of ${messages} sync messages from one display socket`);
  console.log(`  /health before: median ${median(baseline).toFixed(1)} ms`);
  console.log(`  /health during: median ${median(during).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms (${during.length} probes)`);
  console.log(
    `  flooder: ${answered} answered (${refused} refused), ${disconnected === 'io server disconnect' ? 'disconnected by the server' : 'still connected'}`,
  );
  console.log(`  server memory: ${mb(rssBefore)} before, ${mb(rssAfter.rss)} after (peak ${mb(rssAfter.peakRss)})`);
} finally {
  await server.stop();
}
