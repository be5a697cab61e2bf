import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLiveView, type Device, type PublicView } from '@junban/protocol';
import { demoOffice, startOffice, testClock, type TestOffice } from './support.js';

describe('wall displays and the public congestion page', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
  });
  afterAll(() => office.stop());

  it('an admin changes what a display shows; the open display hears it at once', async () => {
    const admin = await office.staff('admin');
    const displayId = (await admin('listDevices', {})).find((d) => d.kind === 'display')!.id;
    const socket = io(office.url, { transports: ['websocket'], forceNew: true, auth: { token: office.displayToken } });
    const devices: Device[] = [];
    followLiveView<PublicView>(socket, { view: () => {}, connection: () => {}, problem: () => {}, device: (d) => void devices.push(d) });
    for (let i = 0; i < 50 && devices.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(devices[0]!.display).toEqual({ counters: [], services: [], secondLanguage: 'en' });

    const saved = await admin('setDisplaySettings', { deviceId: displayId, counters: ['6', '7', '8'], services: ['mynumber-pickup'], secondLanguage: 'vi' });
    expect(saved.display).toEqual({ counters: ['6', '7', '8'], services: ['mynumber-pickup'], secondLanguage: 'vi' });
    for (let i = 0; i < 50 && devices.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(devices[1]!.display!.counters).toEqual(['6', '7', '8']);
    expect(await office.device(office.displayToken)('thisDevice', {})).toMatchObject({ id: displayId, display: { secondLanguage: 'vi' } });

    const kioskId = (await admin('listDevices', {})).find((d) => d.kind === 'kiosk')!.id;
    await expect(admin('setDisplaySettings', { deviceId: kioskId, counters: [], services: [] })).rejects.toMatchObject({ code: 'input/invalid' });
    await expect(admin('setDisplaySettings', { deviceId: displayId, counters: [], services: [], secondLanguage: 'fr' as 'en' })).rejects.toMatchObject({
      code: 'input/invalid',
    });
    socket.disconnect();
  });

  it('anyone can read the congestion page: numbers and counts, no names or notes', async () => {
    const kiosk = office.device(office.kioskToken);
    const counter = await office.staff('counter');
    await kiosk('issueVisit', { services: ['kokuho'] });
    const { visit } = await counter('callNext', { counterId: '8' });
    await counter('setNote', { visitId: visit.id, note: '山田太郎 090-1234-5678' });
    await kiosk('issueVisit', { services: ['kokuho'] });

    const res = await fetch(`${office.url}/api/v1/congestion`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('山田');
    const page = JSON.parse(text) as { services: { serviceId: string; nowServing: string | null; waiting: number; estimateSec: number | null }[] };
    expect(page.services.find((s) => s.serviceId === 'kokuho')).toMatchObject({ nowServing: visit.number, waiting: 1 });
    expect(page.services).toHaveLength(13);
  });

  it('a display reports whether sound is on and which voices it lacks; the server keeps it with its settings for staff', async () => {
    const admin = await office.staff('admin');
    const display = office.device(office.displayToken);
    const displayId = (await admin('listDevices', {})).find((d) => d.kind === 'display')!.id;

    await display('reportDisplayStatus', { soundEnabled: true });
    await display('reportDisplayStatus', { missingVoices: ['ja', 'en'] });
    const listed = (await admin('listDevices', {})).find((d) => d.id === displayId)!;
    expect(listed.displayStatus).toMatchObject({ soundEnabled: true, missingVoices: ['ja', 'en'] });

    // An admin changing what the display shows does not undo the installer's choice.
    await admin('setDisplaySettings', { deviceId: displayId, counters: [], services: [], secondLanguage: 'en' });
    expect((await display('thisDevice', {})).displayStatus).toMatchObject({ soundEnabled: true, missingVoices: ['ja', 'en'] });

    // Only a display reports, and only languages it announces in; a bad report changes nothing.
    await expect(office.device(office.kioskToken)('reportDisplayStatus', { soundEnabled: true })).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(display('reportDisplayStatus', { missingVoices: ['klingon' as 'ja'] })).rejects.toMatchObject({ code: 'input/invalid' });
    expect((await display('thisDevice', {})).displayStatus).toMatchObject({ soundEnabled: true, missingVoices: ['ja', 'en'] });
  });
});

describe('the display and the congestion page know whether the office is open now', () => {
  const at = async (date: string, time: string, config = demoOffice) => {
    const office = await startOffice({ clock: testClock(date, time), config });
    try {
      const view = await office.device(office.displayToken)('publicView', {});
      const congestion = (await (await fetch(`${office.url}/api/v1/congestion`)).json()) as { opening: unknown };
      return { view: view.opening, congestion: congestion.opening };
    } finally {
      await office.stop();
    }
  };

  it('open during its hours on an open day', async () => {
    const { view, congestion } = await at('2026-04-01', '10:00');
    expect(view).toMatchObject({ open: true, closed: null, hours: { open: '08:30', close: '17:15' } });
    expect(congestion).toEqual(view);
  });

  it('closed before opening and after closing', async () => {
    expect((await at('2026-04-01', '07:45')).view).toMatchObject({ open: false, closed: 'before_hours' });
    const evening = await at('2026-04-01', '18:30');
    expect(evening.view).toMatchObject({ open: false, closed: 'after_hours' });
    expect(evening.congestion).toMatchObject({ open: false, closed: 'after_hours' });
  });

  it('an open display hears the office close at closing time, without anything else happening', async () => {
    const clock = testClock('2026-04-01', '17:14');
    const office = await startOffice({ clock });
    try {
      const socket = io(office.url, { transports: ['websocket'], forceNew: true, auth: { token: office.displayToken } });
      let view: PublicView | null = null;
      followLiveView<PublicView>(socket, { view: (v) => void (view = v), connection: () => {}, problem: () => {} });
      for (let i = 0; i < 100 && !view; i++) await new Promise((r) => setTimeout(r, 20));
      expect(view!.opening.open).toBe(true);
      clock.advance(2 * 60_000);
      // The server's half-minute tick.
      office.server.office.tick();
      for (let i = 0; i < 100 && view!.opening.open; i++) await new Promise((r) => setTimeout(r, 20));
      expect(view!.opening).toMatchObject({ open: false, closed: 'after_hours' });
      socket.disconnect();
    } finally {
      await office.stop();
    }
  });

  it('closed all day on a closed day, with the reason', async () => {
    const sundaysOff = { ...demoOffice, settings: { ...demoOffice.settings, closedWeekdays: [0] } };
    // 2026-04-05 is a Sunday.
    const { view, congestion } = await at('2026-04-05', '10:00', sundaysOff);
    expect(view).toMatchObject({ open: false, closed: 'closed_day', closedBecause: { kind: 'weekday', weekday: 0 } });
    expect(congestion).toEqual(view);
  });
});
