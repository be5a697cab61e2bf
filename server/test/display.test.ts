import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLiveView, type Device, type PublicView } from '../src/protocol/live.js';
import { startOffice, type TestOffice } from './support.js';

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
    await expect(admin('setDisplaySettings', { deviceId: displayId, counters: [], services: [], secondLanguage: 'fr' as 'en' })).rejects.toMatchObject({ code: 'input/invalid' });
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
});
