/**
 * Issue 20's marks: outcome codes and pause reasons in the log and the manager's figures, a resident's one rating
 * after service, and notices managers post to the waiting-room screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenNotice } from '@junban/protocol';
import { callAs, demoOffice, startOffice, testClock, type TestOffice } from './support.js';

const outcomes = [
  { code: 'done', name: { ja: '完了', en: 'Done' } },
  { code: 'missing-documents', name: { ja: '書類不足', en: 'Missing documents' } },
];
const config = {
  ...demoOffice,
  settings: { ...demoOffice.settings, pauseReasons: [{ code: 'break', name: { ja: '休憩', en: 'Break' } }] },
  services: demoOffice.services.map((s) => (s.id === 'tennyu' ? { ...s, outcomes, outcomeRequired: true } : s)),
};

describe('marks: outcomes, pauses, staff figures, ratings and screen notices', () => {
  let office: TestOffice;
  const clock = testClock('2026-04-01', '10:00');
  beforeAll(async () => {
    office = await startOffice({ config, clock, checkResponses: true });
  });
  afterAll(() => office.stop());
  const tokenOf = (statusUrl: string) => statusUrl.split('/').at(-1)!;

  it('a counter that finishes a move-in without its required outcome is refused, and nothing changes', async () => {
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter', 'clerk-a');
    const issued = await kiosk('issueVisit', { services: ['tennyu'] });
    const stepId = issued.visit.steps[0]!.id;
    await counter('callNext', { counterId: '3' });
    const before = (await callAs(office, 'getVisit', { visitId: issued.visit.id }, { cookie: counter.cookie })).body;
    const refused = await callAs(office, 'finish', { counterId: '3', stepId }, { cookie: counter.cookie });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'step/outcome_required' });
    expect(refused.body.error!.message).toContain('missing-documents');
    const unknown = await callAs(office, 'finish', { counterId: '3', stepId, outcome: 'lost' }, { cookie: counter.cookie });
    expect(unknown.body.error).toMatchObject({ code: 'step/unknown_outcome' });
    expect((await callAs(office, 'getVisit', { visitId: issued.visit.id }, { cookie: counter.cookie })).body).toEqual(before);

    clock.advance(4 * 60_000);
    const { visit } = await counter('finish', { counterId: '3', stepId, outcome: 'missing-documents' });
    expect(visit.steps[0]!.state).toBe('done');
    const events = await counter('listEvents', {}).catch(() => null);
    expect(events).toBeNull(); // the log is the managers' (stats:read)
    const manager = await office.staff('manager');
    const log = await manager('listEvents', {});
    expect(log.find((e) => e.type === 'finished' && e.stepId === stepId)).toMatchObject({ data: { outcome: 'missing-documents' } });
  });

  it('a pause gives one of the office’s reasons; the figures count it and the time, and each clerk’s work', async () => {
    const counter = await office.staff('counter', 'clerk-b');
    const manager = await office.staff('manager');
    expect(
      (await callAs(office, 'setCounterStatus', { counterId: '2', status: 'paused', reason: 'nap' }, { cookie: counter.cookie })).body.error,
    ).toMatchObject({
      code: 'counter/unknown_reason',
    });
    await counter('setCounterStatus', { counterId: '2', status: 'paused', reason: 'break' });
    clock.advance(10 * 60_000);
    await counter('setCounterStatus', { counterId: '2', status: 'open' });
    clock.advance(60_000);
    await counter('setCounterStatus', { counterId: '2', status: 'closed' });
    const report = await manager('insightsMarks', { from: '2026-04-01', to: '2026-04-01' });
    expect(report.outcomes).toContainEqual({ serviceId: 'tennyu', outcome: 'missing-documents', count: 1 });
    const pause = report.pauses.find((p) => p.reason === 'break')!;
    expect(pause.count).toBe(1);
    expect(pause.seconds).toBeGreaterThanOrEqual(600);
    const b = report.staff.find((s) => s.name === 'clerk-b')!;
    expect(b.pausedSec).toBeGreaterThanOrEqual(600);
    expect(b.idleSec).toBeGreaterThanOrEqual(60);
    const a = report.staff.find((s) => s.name === 'clerk-a')!;
    expect(a).toMatchObject({ served: 1 });
    expect(a.meanServiceSec).toBeGreaterThanOrEqual(240);
    // Staff figures are the managers': a counter clerk may not read them.
    expect((await callAs(office, 'insightsMarks', { from: '2026-04-01', to: '2026-04-01' }, { cookie: counter.cookie })).status).toBe(403);
  });

  it('a resident rates their visit once it has ended, once, and the rating reaches the figures without their number', async () => {
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    const manager = await office.staff('manager');
    const issued = await kiosk('issueVisit', { services: ['juminhyo'] });
    const token = tokenOf(issued.statusUrl);
    expect((await callAs(office, 'visitRating', { token })).body).toEqual({ canRate: false, rated: null });
    expect((await callAs(office, 'rateVisit', { token, rating: 5 })).body.error).toMatchObject({ code: 'rating/not_ended' });
    const { visit } = await counter('callNext', { counterId: '1' });
    await counter('finish', { counterId: '1', stepId: visit.steps[0]!.id });
    expect((await callAs(office, 'visitRating', { token })).body).toEqual({ canRate: true, rated: null });
    expect((await callAs(office, 'rateVisit', { token, rating: 0 })).status).toBe(400);
    expect((await callAs(office, 'rateVisit', { token, rating: 4 })).status).toBe(200);
    expect((await callAs(office, 'rateVisit', { token, rating: 1 })).body.error).toMatchObject({ code: 'rating/already_given' });
    expect((await callAs(office, 'visitRating', { token })).body).toEqual({ canRate: false, rated: 4 });
    const { ratings } = await manager('insightsMarks', { from: '2026-04-01', to: '2026-04-01' });
    expect(ratings).toMatchObject({ count: 1, mean: 4, counts: [0, 0, 0, 1, 0] });
    expect(ratings.services).toEqual([{ serviceId: 'juminhyo', count: 1, mean: 4, counts: [0, 0, 0, 1, 0] }]);
    const row = office.server.db.prepare('SELECT * FROM ratings').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(issued.visit.number);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('a counter tablet rates the visit its counter has just finished, once, and only a kiosk device may', async () => {
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    const manager = await office.staff('manager');
    const issued = await kiosk('issueVisit', { services: ['koseki-shomei', 'kokuho'] });
    const { visit } = await counter('callNext', { counterId: '2' }).catch(async () => {
      await counter('setCounterStatus', { counterId: '2', status: 'open' });
      return counter('callNext', { counterId: '2' });
    });
    expect(visit.id).toBe(issued.visit.id);
    const input = { counterId: '2', visitId: visit.id, rating: 5 };
    // Not finished here yet: nothing to rate.
    expect((await callAs(office, 'rateAtCounter', input, { token: office.kioskToken })).body.error).toMatchObject({ code: 'visit/not_found' });
    await counter('finish', { counterId: '2', stepId: visit.steps[0]!.id });
    expect((await callAs(office, 'rateAtCounter', input, { cookie: counter.cookie })).status).toBe(403);
    expect((await callAs(office, 'rateAtCounter', { ...input, counterId: '1' }, { token: office.kioskToken })).body.error).toMatchObject({
      code: 'visit/not_found',
    });
    expect((await callAs(office, 'rateAtCounter', input, { token: office.kioskToken })).status).toBe(200);
    expect((await callAs(office, 'rateAtCounter', input, { token: office.kioskToken })).body.error).toMatchObject({ code: 'rating/already_given' });
    const { ratings } = await manager('insightsMarks', { from: '2026-04-01', to: '2026-04-01' });
    expect(ratings.services.find((s) => s.serviceId === 'koseki-shomei')).toMatchObject({ count: 1, mean: 5 });
  });

  it('an emergency notice reaches the screens it is posted to at once and on reconnect, and goes when withdrawn', async () => {
    const manager = await office.staff('manager');
    const counter = await office.staff('counter');
    const display = await office.socket({ token: office.displayToken });
    const kiosk = await office.socket({ token: office.kioskToken });
    const toDisplay = new Promise<ScreenNotice[]>((resolve) => display.once('screenNotices', resolve));
    const toKiosk = new Promise<ScreenNotice[]>((resolve) => kiosk.once('screenNotices', resolve));
    const text = { ja: '地震のため窓口を一時休止しています', en: 'Counters are paused after an earthquake' };
    expect((await callAs(office, 'postScreenNotice', { kind: 'emergency', text }, { cookie: counter.cookie })).status).toBe(403);
    expect((await callAs(office, 'postScreenNotice', { kind: 'message', text }, { cookie: manager.cookie })).body.error).toMatchObject({
      code: 'input/invalid',
    });
    expect((await callAs(office, 'postScreenNotice', { kind: 'emergency', text: { ja: '日本語だけ' } }, { cookie: manager.cookie })).status).toBe(400);
    const notice = await manager('postScreenNotice', { kind: 'emergency', text });
    expect((await toDisplay)[0]).toMatchObject({ id: notice.id, kind: 'emergency', text });
    expect((await toKiosk)[0]).toMatchObject({ id: notice.id });
    expect(await office.device(office.displayToken)('currentScreenNotices', {})).toEqual([notice]);

    // A message for the kiosk only, until 11:00: the display does not get it.
    const until = clock.now() + 3_600_000;
    const message = await manager('postScreenNotice', {
      kind: 'message',
      text: { ja: '本日は17時まで', vi: 'Hôm nay đến 17 giờ' },
      until,
      deviceIds: [office.kioskId],
    });
    expect((await office.device(office.kioskToken)('currentScreenNotices', {})).map((n) => n.id)).toEqual([message.id, notice.id]);
    expect((await office.device(office.displayToken)('currentScreenNotices', {})).map((n) => n.id)).toEqual([notice.id]);

    const gone = new Promise<ScreenNotice[]>((resolve) => display.once('screenNotices', resolve));
    await manager('withdrawScreenNotice', { noticeId: notice.id });
    expect(await gone).toEqual([]);
    expect((await callAs(office, 'withdrawScreenNotice', { noticeId: notice.id }, { cookie: manager.cookie })).body.error).toMatchObject({
      code: 'screen_notice/not_found',
    });
    clock.advance(3_600_000);
    expect(await manager('listScreenNotices', {})).toEqual([]);
  });
});
