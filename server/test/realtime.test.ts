import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdate, type PublicView, type StaffView } from '../src/protocol/index.js';
import { nextUpdate, startOffice, sync, type TestOffice } from './support.js';

describe('live updates', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  it('a display gets a versioned view, then the call as it happens, with no actor and no queue entries', async () => {
    const display = await office.socket({ token: office.displayToken });
    const first = await sync(display);
    if (!first.ok) throw new Error(first.error.message);
    let view = first.data.view as PublicView;

    const counter = await office.staff('counter');
    const issued = nextUpdate(display, (u) => u.events.some((e) => e.type === 'issued'));
    const { visit } = await office.device(office.kioskToken)('issueVisit', { services: ['tennyu'] });
    view = applyUpdate(view, await issued)!;
    expect(view.queues.find((q) => q.serviceId === 'tennyu')).toMatchObject({ waiting: 1 });

    const called = nextUpdate(display, (u) => u.calls.length > 0);
    await counter('callNext', { counterId: '3' });
    const update = await called;
    expect(update.calls[0]).toMatchObject({ number: visit.number, counterId: '3' });
    expect(update.events.every((e) => e.actor === '')).toBe(true);
    expect(update.queues.every((q) => !('entries' in q))).toBe(true);
    view = applyUpdate(view, update)!;
    expect(view.recentCalls[0]!.number).toBe(visit.number);
    expect(view.counters.find((c) => c.id === '3')!.current).toMatchObject({ number: visit.number, state: 'called' });
    expect(view.version).toBe(update.version);
  });

  it('staff see who is waiting, in call order', async () => {
    const counter = await office.staff('counter');
    const socket = await office.socket({ cookie: counter.cookie });
    const kiosk = office.device(office.kioskToken);
    const a = (await kiosk('issueVisit', { services: ['kokuho'] })).visit;
    const b = (await kiosk('issueVisit', { services: ['kokuho'] }, )).visit;
    const helped = (await kiosk('issueVisit', { services: ['kokuho'], assistance: true })).visit;
    const res = await sync(socket);
    if (!res.ok) throw new Error(res.error.message);
    const kokuho = (res.data.view as StaffView).queues.find((q) => q.serviceId === 'kokuho')!;
    expect(kokuho.entries.map((e) => e.number)).toEqual([helped.number, a.number, b.number]);
  });

  it('a client that reconnects catches up on what it missed', async () => {
    const display = await office.socket({ token: office.displayToken });
    const first = await sync(display);
    if (!first.ok) throw new Error(first.error.message);
    display.disconnect();

    const counter = await office.staff('counter');
    await office.device(office.kioskToken)('issueVisit', { services: ['mynumber-pickup'] });
    const { visit } = await counter('callNext', { counterId: '6' });

    const again = await office.socket({ token: office.displayToken });
    const caughtUp = await sync(again, first.data.view.version);
    if (!caughtUp.ok) throw new Error(caughtUp.error.message);
    expect(caughtUp.data.missed!.map((e) => e.type)).toEqual(['issued', 'called']);
    expect(caughtUp.data.view.recentCalls[0]).toMatchObject({ number: visit.number, counterId: '6' });
    expect(caughtUp.data.view.version).toBeGreaterThan(first.data.view.version);
  });
});
