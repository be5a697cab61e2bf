import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLiveView, type PublicView, type StaffView } from '@junban/protocol';
import { startOffice, type TestOffice } from './support.js';

/** The view a screen keeps from updates must be the view it would get by asking afresh, after any busy stretch. */
describe('a screen following the office', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice();
  });
  afterAll(() => office.stop());

  const follow = <V extends PublicView>(auth: { token?: string; cookie?: string }) => {
    const socket = io(office.url, {
      transports: ['websocket'],
      forceNew: true,
      ...(auth.token ? { auth: { token: auth.token } } : {}),
      ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
    });
    const seen: { view: V | null; syncs: number } = { view: null, syncs: 0 };
    followLiveView<V>(socket, { view: (v) => void (seen.view = v), connection: (c) => void (c && seen.syncs++), problem: () => {} });
    return { socket, seen };
  };
  const settle = async (want: number, seen: { view: PublicView | null }) => {
    for (let i = 0; i < 100 && seen.view?.version !== want; i++) await new Promise((r) => setTimeout(r, 20));
  };
  const comparable = ({ at: _at, ...view }: PublicView) => view;

  it('stays equal to a fresh view through issues, calls, transfers and no-shows', async () => {
    const display = follow<PublicView>({ token: office.displayToken });
    const counter = await office.staff('counter');
    const console_ = follow<StaffView>({ cookie: counter.cookie });
    const kiosk = office.device(office.kioskToken);
    await settle(office.server.office.currentVersion, display.seen);

    const services = ['juminhyo', 'tennyu', 'kokuho', 'mynumber-pickup'];
    await Promise.all(Array.from({ length: 40 }, (_, i) => kiosk('issueVisit', { services: [services[i % 4]!, 'kokuho'], assistance: i % 7 === 0 })));
    for (const counterId of ['1', '3', '6', '8']) {
      const { visit } = await counter('callNext', { counterId });
      const stepId = visit.steps.find((s) => s.state === 'called')!.id;
      if (counterId === '6') await counter('noShow', { counterId, stepId });
      else if (counterId === '3') await counter('transfer', { counterId, stepId, services: ['jido-teate'] });
      else await counter('finish', { counterId, stepId });
    }
    await counter('setCounterStatus', { counterId: '2', status: 'paused' });

    const version = office.server.office.currentVersion;
    await settle(version, display.seen);
    await settle(version, console_.seen);
    expect(comparable(display.seen.view!)).toEqual(comparable(await counter('publicView', {})));
    expect(comparable(console_.seen.view!)).toEqual(comparable(await counter('staffView', {})));
    expect(display.seen.syncs).toBe(1);
    display.socket.disconnect();
    console_.socket.disconnect();
  });
});
