import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, JunbanError, type EndpointName, type LogEvent, type Visit } from '@junban/protocol';
import { command, databaseContents, demoOffice, startOffice, type TestOffice } from './support.js';

/** Five counters that all serve the certificate procedures, so every call-next competes for the same queue. */
const config = {
  ...demoOffice,
  counters: ['1', '2', '3', '4', '5'].map((id) => ({
    id,
    name: { ja: `${id}番窓口`, en: `Counter ${id}` },
    services: ['juminhyo', 'koseki-shomei', 'inkan-shomei'],
  })),
};
const VISITS = 300;

describe('five counters calling at once', () => {
  let office: TestOffice;
  beforeAll(async () => {
    // Counters at machine speed, far beyond a clerk's 20 messages a second: the socket limit has tests of its own.
    office = await startOffice({ config, unlimitedSockets: true });
  });
  afterAll(() => office.stop());

  it('call each of hundreds of visits exactly once', async () => {
    const kiosk = office.device(office.kioskToken);
    const services = ['juminhyo', 'koseki-shomei', 'inkan-shomei'];
    const issued: Visit[] = [];
    for (let i = 0; i < VISITS; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => kiosk('issueVisit', { services: [services[(i + j) % 3]!] })));
      issued.push(...batch.map((b) => b.visit));
    }
    expect(new Set(issued.map((v) => v.number)).size).toBe(VISITS);

    // Three counters work over HTTP, two over their socket: both paths go through the same atomic call.
    const callers = await Promise.all(
      ['1', '2', '3', '4', '5'].map(async (counterId, i) => {
        const staff = await office.staff('counter');
        if (i < 3) {
          return {
            counterId,
            call: (name: 'callNext' | 'finish', input: Record<string, string>) => staff(name, { counterId, ...input } as never) as Promise<{ visit: Visit }>,
          };
        }
        const socket = await office.socket({ cookie: staff.cookie });
        return {
          counterId,
          call: async (name: 'callNext' | 'finish', input: Record<string, string>) => {
            const ack = await command(socket, name, { counterId, ...input });
            if (!ack.ok) throw new JunbanError(ack.error.code, ack.error.message);
            return ack.data as { visit: Visit };
          },
        };
      }),
    );

    const calledBy = new Map<string, string[]>();
    await Promise.all(
      callers.map(async ({ counterId, call }) => {
        for (;;) {
          let visit: Visit;
          try {
            ({ visit } = await call('callNext', {}));
          } catch (e) {
            if ((e as JunbanError).code === 'queue/empty') return;
            throw e;
          }
          calledBy.set(visit.id, [...(calledBy.get(visit.id) ?? []), counterId]);
          await call('finish', { stepId: visit.steps[0]!.id });
        }
      }),
    );

    expect(calledBy.size).toBe(VISITS);
    expect([...calledBy.values()].every((counters) => counters.length === 1)).toBe(true);
    const calledEvents = office.server.db.prepare("SELECT visit_id FROM events WHERE type = 'called'").pluck().all() as string[];
    expect(calledEvents.length).toBe(VISITS);
    expect(new Set(calledEvents).size).toBe(VISITS);
    expect(new Set([...calledBy.values()].flat()).size).toBeGreaterThan(1);
  });
});

describe('a floor guide changing visits while counters call them', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ config });
  });
  afterAll(() => office.stop());

  it('every change the guide was told succeeded is kept, and no step is called twice', async () => {
    const kiosk = office.device(office.kioskToken);
    const visits: Visit[] = [];
    for (let i = 0; i < 60; i++) visits.push((await kiosk('issueVisit', { services: ['juminhyo'] })).visit);
    const guide = await office.staff('guide');
    const counters = await Promise.all(['1', '2', '3'].map(async (counterId) => ({ counterId, staff: await office.staff('counter') })));

    // The guide adds a second procedure (印鑑証明) to every visit, from the last in line to the first, while three
    // counters work the queue from the front: some visits are still waiting, some at a counter when the change
    // lands, some already done (then the change is refused).
    const added = new Set<string>();
    const guiding = (async () => {
      for (const v of [...visits].reverse()) {
        try {
          await guide('setRemainingSteps', { visitId: v.id, services: ['inkan-shomei'] });
          added.add(v.id);
        } catch (e) {
          // Too late: the resident is at the last counter, or has already left (the visit is no longer open).
          expect(['step/wrong_state', 'visit/not_found']).toContain((e as JunbanError).code);
        }
      }
    })();
    const calls = new Map<string, number>();
    const serving = counters.map(async ({ counterId, staff }) => {
      for (let idle = 0; idle < 20;) {
        try {
          const { visit } = await staff('callNext', { counterId });
          const step = visit.steps.find((s) => s.state === 'called')!;
          calls.set(step.id, (calls.get(step.id) ?? 0) + 1);
          await staff('finish', { counterId, stepId: step.id });
          idle = 0;
        } catch (e) {
          if ((e as JunbanError).code !== 'queue/empty') throw e;
          idle += 1;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    });
    await Promise.all([guiding, ...serving]);

    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    for (const v of visits) {
      const stored = JSON.parse(office.server.db.prepare('SELECT data FROM visits WHERE id = ?').pluck().get(v.id) as string) as Visit;
      const services = stored.steps.map((s) => s.serviceId);
      if (added.has(v.id)) {
        // The added procedure is there, and was called once and finished like the first.
        expect(services, v.number).toEqual(['juminhyo', 'inkan-shomei']);
        expect(
          stored.steps.every((s) => s.state === 'done' && calls.get(s.id) === 1),
          v.number,
        ).toBe(true);
      } else expect(services, v.number).toEqual(['juminhyo']);
    }
    expect(added.size).toBeGreaterThan(10);
  });
});

describe('a counter repeating a command whose answer was lost', () => {
  let dataDir: string;
  let office: TestOffice;
  let cookie: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'junban-retries-'));
    office = await startOffice({ config, dataDir });
    cookie = (await office.staff('counter', 'counter-retries')).cookie;
  });
  afterAll(async () => {
    await office.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A raw HTTP call as the counter's PC sends it, with an Idempotency-Key header when given. */
  async function send(name: EndpointName, input: Record<string, unknown>, key?: string) {
    const req = buildRequest(name, input);
    const headers: Record<string, string> = { 'content-type': 'application/json', cookie };
    if (key !== undefined) headers['idempotency-key'] = key;
    const res = await fetch(`${office.url}${req.path}`, { method: req.method, headers, body: req.body });
    return { status: res.status, body: (await res.json()) as { visit: Visit; error?: { code: string; message: string } } };
  }
  const issue = async (services: string[]) => (await office.device(office.kioskToken)('issueVisit', { services })).visit;
  const eventsOf = (visitId: string, type: string) =>
    (office.server.db.prepare('SELECT * FROM events WHERE visit_id = ? AND type = ?').all(visitId, type) as LogEvent[]).length;
  /** Counter 5 serves whoever a test left waiting, so the next test starts with an empty queue. */
  const drain = async () => {
    for (let answer = await send('callNext', { counterId: '5' }); answer.status === 200; answer = await send('callNext', { counterId: '5' })) {
      await send('finish', { counterId: '5', stepId: answer.body.visit.steps.find((s) => s.state === 'called')!.id });
    }
  };
  /** A new visit, called at counter 1. */
  const called = async (services: string[]) => {
    await drain();
    const visit = await issue(services);
    const answer = await send('callNext', { counterId: '1' });
    expect(answer.body.visit.id).toBe(visit.id);
    return answer.body.visit.steps[0]!;
  };
  let keys = 0;
  const newKey = () => `retry-test-${++keys}-${Math.random().toString(36).slice(2)}`;

  it('finish sent twice with the same key gets the same answer, and the step is finished once', async () => {
    const step = await called(['juminhyo', 'inkan-shomei']);
    const key = newKey();
    const first = await send('finish', { counterId: '1', stepId: step.id }, key);
    const again = await send('finish', { counterId: '1', stepId: step.id }, key);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(eventsOf(first.body.visit.id, 'finished')).toBe(1);
    expect(eventsOf(first.body.visit.id, 'queued')).toBe(1);
  });

  it('no-show sent twice with the same key gets the same answer, and is logged once', async () => {
    const step = await called(['juminhyo']);
    const key = newKey();
    const first = await send('noShow', { counterId: '1', stepId: step.id }, key);
    const again = await send('noShow', { counterId: '1', stepId: step.id }, key);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(eventsOf(first.body.visit.id, 'no_show')).toBe(1);
  });

  it('call-next sent twice with the same key calls one resident, and answers the same one both times', async () => {
    await drain();
    const first = await issue(['juminhyo']);
    const second = await issue(['juminhyo']);
    const key = newKey();
    const a = await send('callNext', { counterId: '1' }, key);
    const b = await send('callNext', { counterId: '1' }, key);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(a.body.visit.id).toBe(first.id);
    // Counter 2 calls the second resident: nobody was called for the retry.
    expect(eventsOf(second.id, 'called')).toBe(0);
    expect((await send('callNext', { counterId: '2' })).body.visit.id).toBe(second.id);
    for (const [counterId, v] of [
      ['1', a.body.visit],
      ['2', second],
    ] as const) {
      await send('finish', { counterId, stepId: v.steps[0]!.id });
    }
  });

  it('over the socket too, a command repeated with its key is answered the same and done once', async () => {
    const socket = await office.socket({ cookie });
    const step = await called(['juminhyo']);
    const request = { name: 'finish' as const, input: { counterId: '1', stepId: step.id }, idempotencyKey: newKey() };
    const ack = () => new Promise((resolve) => socket.emit('command', request, resolve as never));
    const first = await ack();
    expect(first).toMatchObject({ ok: true });
    expect(await ack()).toEqual(first);
    expect(eventsOf((first as { data: { visit: Visit } }).data.visit.id, 'finished')).toBe(1);
  });

  it('a key used again for another request is refused and changes nothing', async () => {
    const step = await called(['juminhyo']);
    const key = newKey();
    expect((await send('startServing', { counterId: '1', stepId: step.id }, key)).status).toBe(200);
    const before = databaseContents(office.server);
    const reused = await send('finish', { counterId: '1', stepId: step.id }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error?.code).toBe('idempotency/key_reused');
    expect(databaseContents(office.server)).toBe(before);
    const malformed = await send('finish', { counterId: '1', stepId: step.id }, 'x');
    expect(malformed.status).toBe(400);
    // Only the counter and visit actions take a key; another endpoint says so rather than ignore it.
    const notTaken = await send('issueVisit', { services: ['juminhyo'] }, newKey());
    expect(notTaken.status).toBe(400);
    expect(notTaken.body.error?.message).toMatch(/does not take an Idempotency-Key/);
    expect(databaseContents(office.server)).toBe(before);
    await send('finish', { counterId: '1', stepId: step.id });
  });

  it('without a key, a repeated finish or no-show says the step is already over, not that it left the counter', async () => {
    for (const services of [['juminhyo', 'inkan-shomei'], ['juminhyo']]) {
      const step = await called(services);
      expect((await send('finish', { counterId: '1', stepId: step.id })).status).toBe(200);
      const before = databaseContents(office.server);
      const again = await send('finish', { counterId: '1', stepId: step.id });
      expect(again.status, services.join()).toBe(409);
      expect(again.body.error?.code, services.join()).toBe('step/wrong_state');
      expect(again.body.error?.message).toMatch(/already finished/);
      expect(databaseContents(office.server)).toBe(before);
    }
    const step = await called(['juminhyo']);
    await send('noShow', { counterId: '1', stepId: step.id });
    const again = await send('noShow', { counterId: '1', stepId: step.id });
    expect(again.body.error?.code).toBe('step/wrong_state');
    expect(again.body.error?.message).toMatch(/no-show/);
  });

  it('a finish retried after the server restarted gets the same answer with its key, and wrong_state without', async () => {
    const step = await called(['juminhyo']);
    const key = newKey();
    const first = await send('finish', { counterId: '1', stepId: step.id }, key);
    expect(first.status).toBe(200);
    await office.stop();
    office = await startOffice({ config, dataDir });
    const res = await fetch(`${office.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'counter-retries', password: 'password-123' }),
    });
    cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(await send('finish', { counterId: '1', stepId: step.id }, key)).toEqual(first);
    expect(eventsOf(first.body.visit.id, 'finished')).toBe(1);
    // Without its key, the restarted office still knows the step was finished here.
    expect((await send('finish', { counterId: '1', stepId: step.id })).body.error?.code).toBe('step/wrong_state');
  });
});
