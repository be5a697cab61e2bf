/**
 * The real built server in a child process, killed with SIGKILL mid-day and started again on the same data
 * folder: nothing committed is lost, numbering goes on, and a connected display catches up by itself. And an
 * office stopped and started again on the same database tells residents the same estimates as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { createApiClient, type LogEvent, type StaffView } from '@junban/protocol';
import { freePort, serverProcessSuite, signInAs, startOffice, testClock, type ClientSocket } from './support.js';

describe('a crash mid-day', () => {
  const server = serverProcessSuite('restart');

  it('keeps numbering, queues and calls, and connected screens catch up', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await server.start(port);
    const demo = server.demo();
    const kiosk = createApiClient({ baseUrl: url, token: demo.kioskToken });
    const counter = await signInAs(url, demo, 'counter');
    // This test issues more tickets a minute than the demo kiosk allows a resident.
    const admin = await signInAs(url, demo, 'admin');
    for (const d of await admin('listDevices', {}))
      if (d.kind === 'kiosk') await admin('setKioskSettings', { deviceId: d.id, printerId: d.kiosk!.printerId, ticketsPerMinute: 0 });

    // A display that stays connected through the crash, syncing on every (re)connect like the real screens.
    const display: ClientSocket = connect(url, {
      transports: ['websocket'],
      auth: { token: demo.displayToken },
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    });
    let version = 0;
    const received: LogEvent[] = [];
    let syncs = 0;
    let syncing = false;
    display.on('connect', () => {
      syncing = true;
      display.emit('sync', syncs++ ? { since: version } : {}, (ack) => {
        syncing = false;
        if (!ack.ok) return;
        received.push(...(ack.data.missed ?? []).filter((e) => e.seq > version));
        version = Math.max(version, ack.data.view.version);
      });
    });
    display.on('update', (u) => {
      // Like followLiveView: while a sync is on its way its answer holds these events; after it, an update the
      // answer already covered adds nothing.
      if (syncing) return;
      received.push(...u.events.filter((e) => e.seq > version));
      version = Math.max(version, u.version);
    });

    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) numbers.push((await kiosk('issueVisit', { services: ['juminhyo'] })).visit.number);
    const called = (await counter('callNext', { counterId: '1' })).visit;
    await counter('callNext', { counterId: '2' });
    await new Promise((r) => setTimeout(r, 200));
    const versionBeforeCrash = version;

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    child = await server.start(port);

    const again = await signInAs(url, demo, 'counter');
    const next = (await kiosk('issueVisit', { services: ['juminhyo'] })).visit.number;
    expect(numbers).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10']);
    expect(next).toBe('A11');

    const view: StaffView = await again('staffView', {});
    const queue = view.queues.find((q) => q.serviceId === 'juminhyo')!;
    expect(queue.entries.map((e) => e.number)).toEqual(['A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10', 'A11']);
    expect(view.counters.find((c) => c.id === '1')!.current).toMatchObject({ number: called.number, state: 'called' });
    expect(view.recentCalls.map((c) => c.number)).toEqual(['A2', 'A1']);
    await again('finish', { counterId: '1', stepId: called.steps[0]!.id });

    // The display reconnected on its own and, by catching up or by live updates, got every event after the crash.
    for (let i = 0; i < 50 && version !== view.version + 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(syncs).toBe(2);
    expect(version).toBe(view.version + 1);
    const after = received.map((e) => e.seq).filter((seq) => seq > versionBeforeCrash);
    expect(after).toEqual(Array.from({ length: version - versionBeforeCrash }, (_, i) => versionBeforeCrash + 1 + i));
    display.disconnect();
  });
});

describe('stopping the server', () => {
  const server = serverProcessSuite('stop');

  // A service manager stops the office with SIGTERM and kills it if it lingers. A tablet that dropped off the
  // Wi-Fi halfway through a request must not hold the server open until Node's own minute-long timeouts.
  it('exits cleanly on SIGTERM while screens are connected and a request was left half sent', async () => {
    const port = await freePort();
    const child = await server.start(port);
    const demo = server.demo();
    const display: ClientSocket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token: demo.displayToken }, reconnection: false });
    await new Promise((resolve) => display.once('connect', () => resolve(undefined)));
    const halfSent = connectTcp(port, '127.0.0.1');
    halfSent.on('error', () => {});
    await new Promise((resolve) => halfSent.once('connect', () => resolve(undefined)));
    halfSent.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 15 s'), 15_000))]);
    expect(code).toBe(0);
    display.disconnect();
    halfSent.destroy();
  }, 30_000);
});

describe('estimates across a restart', () => {
  // A busy procedure finishes hundreds of visits a day while a quiet one finishes a handful: the quiet one's
  // service times must come back after a restart, or its residents are told the 5-minute default instead.
  it('every procedure keeps exactly the estimate it had, however busy the others were since its last visit', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-estimates-'));
    const clock = testClock('2026-04-01', '08:40');
    try {
      let office = await startOffice({ dataDir, clock });
      const kiosk = office.device(office.kioskToken);
      const counter = await office.staff('counter', 'counter-estimates');
      const serve = async (serviceId: string, counterId: string, serviceSec: number) => {
        await kiosk('issueVisit', { services: [serviceId] });
        const { visit } = await counter('callNext', { counterId });
        clock.advance(serviceSec * 1000);
        await counter('finish', { counterId, stepId: visit.steps[0]!.id });
      };
      // 国保 (counter 8): three residents of about a minute each; then 住民票 (counter 1) serves 300 of 10 s.
      for (let i = 0; i < 3; i++) await serve('kokuho', '8', 60);
      for (let i = 0; i < 300; i++) await serve('juminhyo', '1', 10);
      // Two residents wait at each, so each estimate shows the service time it is built on.
      for (const serviceId of ['kokuho', 'kokuho', 'juminhyo', 'juminhyo']) await kiosk('issueVisit', { services: [serviceId] });

      const estimates = async () =>
        Object.fromEntries((await office.device(office.displayToken)('publicView', {})).queues.map((q) => [q.serviceId, [q.waiting, q.estimateSec]]));
      const before = await estimates();
      expect(before.kokuho).toEqual([2, 120]);
      expect(before.juminhyo).toEqual([2, 7]);

      await office.stop();
      office = await startOffice({ dataDir, clock });
      const after = await estimates();
      // The next ticket for 国保 is told the same as before the restart: about two minutes, not ten.
      const ticket = await office.device(office.kioskToken)('issueVisit', { services: ['kokuho'] });
      await office.stop();
      expect(after).toEqual(before);
      expect(ticket).toMatchObject({ peopleAhead: 2, estimateSec: 120 });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
