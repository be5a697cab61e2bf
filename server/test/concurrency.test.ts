import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JunbanError, type Visit } from '../src/protocol/index.js';
import { command, demoOffice, startOffice, type TestOffice } from './support.js';

/** Five counters that all serve the certificate procedures, so every call-next competes for the same queue. */
const config = {
  ...demoOffice,
  counters: ['1', '2', '3', '4', '5'].map((id) => ({ id, name: { ja: `${id}番窓口`, en: `Counter ${id}` }, services: ['juminhyo', 'koseki-shomei', 'inkan-shomei'] })),
};
const VISITS = 300;

describe('five counters calling at once', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ config });
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
          return { counterId, call: (name: 'callNext' | 'finish', input: Record<string, string>) => staff(name, { counterId, ...input } as never) as Promise<{ visit: Visit }> };
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
      for (let idle = 0; idle < 20; ) {
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
        expect(stored.steps.every((s) => s.state === 'done' && calls.get(s.id) === 1), v.number).toBe(true);
      } else expect(services, v.number).toEqual(['juminhyo']);
    }
    expect(added.size).toBeGreaterThan(10);
  });
});
