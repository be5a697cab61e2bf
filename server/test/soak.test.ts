/**
 * A long day at double the busiest load: ten "hours" of 600 visits each (twice a mid-size office's lunchtime hour),
 * issued by eight kiosks at once and served by six counters, with a display and staff screens connected, against
 * the real server in its own process. The server's memory and its open file descriptors must be as flat at the
 * end as after the first hours: nothing grows with the day (open visits leave memory when served).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createApiClient, type JunbanError } from '@junban/protocol';
import { freePort, serverProcessSuite, signInAs, type ClientSocket } from './support.js';

const HOURS = 10;
const VISITS_PER_HOUR = 600;
const COUNTERS = ['1', '2', '3', '5', '6', '8'];

/**
 * Resident set size (kB) and open descriptors of a process, from /proc: files and pipes apart from sockets, whose
 * number follows how many connections the test's HTTP client happens to keep alive.
 */
function usage(pid: number): { rssKb: number; fds: number; sockets: number } {
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  const links = readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  const sockets = links.filter((l) => l.startsWith('socket:')).length;
  return { rssKb: Number(rss), fds: links.length - sockets, sockets };
}

describe('a long day at double the busiest load', () => {
  const server = serverProcessSuite('soak');

  it('keeps the server flat in memory and open handles', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = await server.start(port);
    const demo = server.demo();
    const signIn = (role: string) => signInAs(url, demo, role);
    const admin = await signIn('admin');
    for (const d of await admin('listDevices', {}))
      if (d.kind === 'kiosk') await admin('setKioskSettings', { deviceId: d.id, printerId: null, ticketsPerMinute: 0 });
    const counter = await signIn('counter');
    for (const id of COUNTERS) await counter('setCounterStatus', { counterId: id, status: 'open' });
    const kiosk = createApiClient({ baseUrl: url, token: demo.kioskToken });
    const config = await kiosk('getConfig', {});
    const services = COUNTERS.flatMap((id) => config.counters.find((c) => c.id === id)!.services);

    const screens: ClientSocket[] = [connect(url, { transports: ['websocket'], auth: { token: demo.displayToken } })];
    for (let i = 0; i < 3; i++) screens.push(connect(url, { transports: ['websocket'], extraHeaders: { cookie: counter.cookie } }));
    let updates = 0;
    for (const s of screens) s.on('update', () => void (updates += 1));

    const samples: ReturnType<typeof usage>[] = [];
    let served = 0;
    for (let hour = 0; hour < HOURS; hour++) {
      let left = VISITS_PER_HOUR;
      const issuing = Array.from({ length: 8 }, async () => {
        while (left-- > 0) await kiosk('issueVisit', { services: [services[Math.floor(Math.random() * services.length)]!] });
      });
      let issuingDone = false;
      const serving = COUNTERS.map(async (counterId) => {
        for (;;) {
          try {
            const { visit } = await counter('callNext', { counterId });
            const step = visit.steps.find((s) => s.state === 'called')!;
            await counter('finish', { counterId, stepId: step.id });
            served += 1;
          } catch (e) {
            if ((e as JunbanError).code !== 'queue/empty') throw e;
            if (issuingDone) return;
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      });
      await Promise.all(issuing);
      issuingDone = true;
      await Promise.all(serving);
      samples.push(usage(child.pid!));
    }

    // Every visit of the day was served; the screens followed all along.
    expect(served).toBe(HOURS * VISITS_PER_HOUR);
    expect(updates).toBeGreaterThan(HOURS * VISITS_PER_HOUR);
    const steady = samples[2]!;
    const end = samples.at(-1)!;
    console.info(
      `soak: ${served} visits over ${HOURS} hours; RSS ${samples.map((s) => Math.round(s.rssKb / 1024)).join(' → ')} MB; files ${samples.map((s) => s.fds).join(' → ')}; sockets ${samples.map((s) => s.sockets).join(' → ')}`,
    );
    expect(end.rssKb).toBeLessThan(steady.rssKb * 1.2);
    expect(end.fds).toBeLessThanOrEqual(steady.fds);
    // Sockets follow the screens and the client's keep-alive pool: no more at the end than early in the day, give or
    // take the pool's churn. Connections the pool has just let go of close within the server's keep-alive timeout
    // (5 s); leaked ones would not.
    const earlySockets = Math.max(...samples.slice(0, 3).map((s) => s.sockets)) + 6;
    let endSockets = end.sockets;
    for (let i = 0; i < 20 && endSockets > earlySockets; i++) {
      await new Promise((r) => setTimeout(r, 500));
      endSockets = usage(child.pid!).sockets;
    }
    expect(endSockets).toBeLessThanOrEqual(earlySockets);
    for (const s of screens) s.disconnect();
  }, 600_000);
});
