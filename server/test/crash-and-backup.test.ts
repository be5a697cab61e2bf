/**
 * A busy morning during which the server is killed with SIGKILL at random moments and started again, 20 times:
 * two kiosks keep issuing, three counters keep calling and finishing, two displays stay connected. Afterwards every visit
 * a kiosk was given a number for is in the database, no number was given twice, every call a counter was told
 * about is in the event log, and the display caught up on its own without being reloaded. Then a backup taken
 * with the command while kiosks issue.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/env.js';
import { createApiClient } from '@junban/protocol';
import { freePort, serverProcessSuite, signInAs, type ClientSocket } from './support.js';

const KILLS = 20;
/** Counters 1, 2 and 5 all take the certificate procedures the kiosks issue here. */
const COUNTERS = ['1', '2', '5'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('twenty crashes in a busy morning', () => {
  const server = serverProcessSuite('crashes');
  const { dataDir } = server;

  it('loses no visit or call, gives no number twice, and the displays catch up by themselves', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await server.start(port);
    const demo = server.demo();
    const signIn = (role: string) => signInAs(url, demo, role);
    const admin = await signIn('admin');
    for (const d of await admin('listDevices', {}))
      if (d.kind === 'kiosk') await admin('setKioskSettings', { deviceId: d.id, printerId: null, ticketsPerMinute: 0 });
    // Sessions live in the database: the same cookies work after every restart.
    const counter = await signIn('counter');
    for (const id of COUNTERS) await counter('setCounterStatus', { counterId: id, status: 'open' });
    const second = await admin('createDevice', { kind: 'kiosk', name: 'second kiosk' });
    await admin('setKioskSettings', { deviceId: second.device.id, printerId: null, ticketsPerMinute: 0 });
    const kiosks = [demo.kioskToken, second.token].map((token) => createApiClient({ baseUrl: url, token }));

    // Two wall displays that stay connected through every crash, syncing on each reconnect like the real screens.
    const displays = [0, 1].map(() => {
      const socket: ClientSocket = connect(url, {
        transports: ['websocket'],
        auth: { token: demo.displayToken },
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
      });
      const state = { socket, version: 0, syncs: 0 };
      socket.on('connect', () => {
        state.syncs += 1;
        socket.emit('sync', { since: state.version }, (ack) => {
          if (ack.ok) state.version = Math.max(state.version, ack.data.view.version);
        });
      });
      socket.on('update', (u) => (state.version = Math.max(state.version, u.version)));
      return state;
    });

    // What clients were told, and only that: an answer lost in a crash promises nothing.
    const issued: { id: string; number: string; businessDate: string }[] = [];
    const calls: { visitId: string; stepId: string; counterId: string }[] = [];
    let running = true;
    const issuing = async (kiosk: (typeof kiosks)[number]) => {
      while (running) {
        try {
          const { visit } = await kiosk('issueVisit', { services: [Math.random() < 0.7 ? 'juminhyo' : 'inkan-shomei'] });
          issued.push({ id: visit.id, number: visit.number, businessDate: visit.businessDate });
        } catch {
          await sleep(20);
        }
      }
    };
    const serving = async (counterId: string) => {
      while (running) {
        try {
          const here = (await counter('staffView', {})).counters.find((c) => c.id === counterId)?.current;
          if (here) await counter('finish', { counterId, stepId: here.stepId });
          const { visit } = await counter('callNext', { counterId });
          const step = visit.steps.find((s) => s.state === 'called' && s.counterId === counterId)!;
          calls.push({ visitId: visit.id, stepId: step.id, counterId });
          await counter('finish', { counterId, stepId: step.id });
        } catch {
          await sleep(20);
        }
      }
    };
    const load = Promise.all([...kiosks.map(issuing), issuing(kiosks[0]!), ...COUNTERS.map(serving)]);

    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(300 + Math.random() * 900);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      child = await server.start(port);
    }
    await sleep(500);
    running = false;
    await load;

    // Each display reconnected after every restart and is up to date, on the same socket: no reload.
    const latest = (await counter('staffView', {})).version;
    for (const d of displays) {
      for (let i = 0; i < 50 && d.version < latest; i++) await sleep(50);
      expect(d.version).toBe(latest);
      expect(d.syncs).toBe(KILLS + 1);
      d.socket.disconnect();
    }

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const db = new Database(join(dataDir, 'junban.db'), { readonly: true });
    try {
      const visits = new Map(
        (db.prepare('SELECT id, business_date, number FROM visits').all() as { id: string; business_date: string; number: string }[]).map((v) => [v.id, v]),
      );
      for (const v of issued) expect(visits.get(v.id), `visit ${v.number}`).toMatchObject({ business_date: v.businessDate, number: v.number });
      const numbers = [...visits.values()].map((v) => `${v.business_date} ${v.number}`);
      expect(new Set(numbers).size).toBe(numbers.length);
      const calledSteps = new Set(db.prepare(`SELECT step_id || ' ' || counter_id FROM events WHERE type = 'called'`).pluck().all() as string[]);
      for (const c of calls) expect(calledSteps.has(`${c.stepId} ${c.counterId}`), `call of ${c.visitId}`).toBe(true);
      expect(issued.length).toBeGreaterThan(KILLS * 10);
      expect(calls.length).toBeGreaterThan(KILLS * 2);
      console.info(`crashes: ${KILLS} kills, ${issued.length} visits and ${calls.length} calls acknowledged, none lost, no number twice`);
    } finally {
      db.close();
    }
  }, 180_000);
});

describe('a backup taken with the command while the office is busy', () => {
  const server = serverProcessSuite('backup');
  const { dataDir } = server;

  it('opens, is intact and holds every visit committed before it started', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    await server.start(port);
    const demo = server.demo();
    const admin = await signInAs(url, demo, 'admin');
    for (const d of await admin('listDevices', {}))
      if (d.kind === 'kiosk') await admin('setKioskSettings', { deviceId: d.id, printerId: null, ticketsPerMinute: 0 });
    const kiosk = createApiClient({ baseUrl: url, token: demo.kioskToken });

    const issued: string[] = [];
    let running = true;
    const issuing = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (running) issued.push((await kiosk('issueVisit', { services: ['juminhyo'] })).visit.id);
      }),
    );
    await sleep(1000);
    const before = [...issued];
    const file = join(dataDir, 'backups', 'copy.db');
    const backup = spawn(process.execPath, [join(repoRoot, 'server/dist/cli.js'), 'backup', file], {
      env: { ...process.env, JUNBAN_DATA_DIR: dataDir },
      stdio: 'pipe',
    });
    let output = '';
    backup.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise((r) => backup.once('exit', r));
    await sleep(300);
    running = false;
    await issuing;

    expect(code, output).toBe(0);
    expect(output).toMatch(/Backed up .* to .*copy\.db/);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set(copy.prepare('SELECT id FROM visits').pluck().all() as string[]);
      for (const id of before) expect(ids.has(id), id).toBe(true);
      expect(before.length).toBeGreaterThan(50);
      // The office went on issuing while the copy was made.
      expect(issued.length).toBeGreaterThan(before.length);
    } finally {
      copy.close();
    }
  }, 60_000);
});
