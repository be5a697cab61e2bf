/**
 * The counter floor's day over a real port (issue 20): a procedure cut off at its last-issue time refuses the kiosk
 * with a clear code and changes nothing, its daily cap survives a restart, those waiting at closing are called
 * after it, and a step whose documents are prepared in the back office goes on the pick-up board when ready.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOffice, startOffice, testClock, type TestOffice } from './support.js';

const HOUR = 3_600_000;
const config = {
  ...demoOffice,
  services: [
    ...demoOffice.services.map((s) =>
      s.id === 'juminhyo' ? { ...s, cutOff: { lastIssue: '16:30' } } : s.id === 'kokuho' ? { ...s, cutOff: { dailyCap: 2 } } : s,
    ),
    { id: 'shomei-kofu', name: { ja: '証明書の交付', en: 'Certificate pick-up' }, prefix: 'K', preparation: true as const },
  ],
  counters: demoOffice.counters.map((c) => (c.id === '2' ? { ...c, services: ['shomei-kofu'] } : c)),
};

describe('the counter floor’s day', () => {
  let office: TestOffice | undefined;
  afterEach(async () => {
    await office?.stop();
    office = undefined;
  });

  it('a resident at the kiosk after the last-issue time is refused with queue/cut_off, nothing changes, and the one waiting is served after closing', async () => {
    const clock = testClock('2026-04-01', '16:20');
    office = await startOffice({ config, clock, checkResponses: true });
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    const waiting = await kiosk('issueVisit', { services: ['juminhyo'] });
    expect((await kiosk('publicView', {})).queues.find((q) => q.serviceId === 'juminhyo')!.cutOff).toBeUndefined();

    clock.advance(15 * 60_000); // 16:35
    const before = office.server.office.currentVersion;
    await expect(kiosk('issueVisit', { services: ['juminhyo'] })).rejects.toMatchObject({ code: 'queue/cut_off', status: 409 });
    expect(office.server.office.currentVersion).toBe(before);
    expect((await kiosk('publicView', {})).queues.find((q) => q.serviceId === 'juminhyo')!.cutOff).toEqual({ kind: 'time', at: '16:30' });
    // Other procedures still take numbers; the next juminhyo number a guide gives is A2, so none was used.
    await kiosk('issueVisit', { services: ['tennyu'] });
    expect((await counter('issueVisit', { services: ['juminhyo'] })).visit.number).toBe('A2');

    clock.advance(HOUR); // 17:35, after the 17:15 closing
    office.server.office.tick();
    const called = await counter('callNext', { counterId: '1' });
    expect(called.visit.number).toBe(waiting.visit.number);
    const finished = await counter('finish', { counterId: '1', stepId: called.visit.steps[0]!.id });
    expect(finished.visit.steps[0]!.state).toBe('done');
  });

  it('a daily cap counts the numbers already issued today after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-floor-'));
    const clock = testClock('2026-04-01', '10:00');
    office = await startOffice({ config, clock, dataDir });
    await office.device(office.kioskToken)('issueVisit', { services: ['kokuho'] });
    await office.device(office.kioskToken)('issueVisit', { services: ['kokuho'] });
    await office.stop();
    office = await startOffice({ config, clock, dataDir });
    await expect(office.device(office.kioskToken)('issueVisit', { services: ['kokuho'] })).rejects.toMatchObject({ code: 'queue/cut_off' });
  });

  it('documents prepared in the back office: not called until marked ready, then on the board and called for pick-up', async () => {
    office = await startOffice({ config, checkResponses: true });
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    const issued = await kiosk('issueVisit', { services: ['juminhyo', 'shomei-kofu'] });
    const first = await counter('callNext', { counterId: '1' });
    const after = await counter('finish', { counterId: '1', stepId: first.visit.steps[0]!.id });
    const pickup = after.visit.steps[1]!;
    expect(pickup).toMatchObject({ state: 'waiting', preparation: 'preparing' });
    await expect(counter('callNext', { counterId: '2' })).rejects.toMatchObject({ code: 'queue/empty' });
    const status = async () => (await (await fetch(`${office!.url}/api/v1/status/${issued.statusUrl.split('/').at(-1)}`)).json()) as { pickup?: unknown };
    expect(await status()).toMatchObject({ pickup: { state: 'preparing' } });

    await counter('markReady', { stepId: pickup.id });
    await expect(counter('markReady', { stepId: pickup.id })).rejects.toMatchObject({ code: 'step/wrong_state' });
    expect((await kiosk('publicView', {})).queues.find((q) => q.serviceId === 'shomei-kofu')!.ready).toEqual([issued.visit.number]);
    expect(await status()).toMatchObject({ pickup: { state: 'ready', counters: [{ id: '2' }] } });
    const events = await (await office.staff('manager'))('listEvents', { afterSeq: 0, limit: 100 });
    expect(events.find((e) => e.type === 'ready')).toMatchObject({ number: issued.visit.number, serviceId: 'shomei-kofu' });

    expect((await counter('callNext', { counterId: '2' })).visit.number).toBe(issued.visit.number);
    expect((await kiosk('publicView', {})).queues.find((q) => q.serviceId === 'shomei-kofu')!.ready).toEqual([]);
  });
});
