/** The office's event log reaches the city whole: every event stored once, in order, resumable after any break. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchAck, LinkAck, LinkWelcome } from '@junban/protocol';
import { demoOffice, engines, officeEvents, startCity, type OfficeSocket, type TestCity } from './support.js';

const stored = async (city: TestCity, officeId: string) => city.server.replication.events(officeId);
const send = (socket: OfficeSocket, from: number, count: number, backlog = 0) =>
  socket.emitWithAck('events', { events: officeEvents(from, count), backlog }) as Promise<LinkAck<BatchAck>>;

describe.each(engines)('replication on $name', (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(() => city?.stop());

  it('the welcome says where to resume: nothing stored yet, then after the last stored event', async () => {
    const socket = await city.link(await city.enrolOffice('welcome'));
    const welcome = (await socket.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 40 })) as LinkWelcome;
    expect(welcome).toEqual({ officeId: 'welcome', storedSeq: 0, catalogue: null });
    expect(await send(socket, 1, 25, 15)).toEqual({ storedSeq: 25 });

    const again = (await socket.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 40 })) as LinkWelcome;
    expect(again.storedSeq).toBe(25);
    const [office] = (await city.server.offices.list()).filter((o) => o.id === 'welcome');
    expect(office).toMatchObject({ storedSeq: 25, backlog: 15, softwareVersion: '0.1.0' });
  });

  it('a batch is stored whole, in order, with every column of the office’s log', async () => {
    const socket = await city.link(await city.enrolOffice('batch'));
    expect(await send(socket, 1, 500)).toEqual({ storedSeq: 500 });
    const events = await stored(city, 'batch');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const [row] = await city.db.query('SELECT * FROM events WHERE office_id = $1 AND seq = 2', ['batch']);
    expect(row).toMatchObject({
      seq: 2,
      business_date: '2026-04-01',
      type: 'called',
      visit_id: 'v2',
      number: 'A2',
      step_id: 's2',
      service_id: 'juminhyo',
      counter_id: 'c1',
      actor: 'system',
      data: { waitSec: 120, priority: false, calls: 1 },
    });
  });

  it('a batch sent again (its ack was lost) stores nothing twice', async () => {
    const socket = await city.link(await city.enrolOffice('resend'));
    await send(socket, 1, 100);
    expect(await send(socket, 1, 100)).toEqual({ storedSeq: 100 });
    expect(await send(socket, 51, 100)).toEqual({ storedSeq: 150 });
    const events = await stored(city, 'resend');
    expect(events).toHaveLength(150);
    expect(new Set(events.map((e) => e.seq)).size).toBe(150);
  });

  it('a batch that would leave a gap is not stored, and the ack says where to resume', async () => {
    const socket = await city.link(await city.enrolOffice('gap'));
    await send(socket, 1, 10);
    expect(await send(socket, 12, 5)).toEqual({ storedSeq: 10 });
    expect(await stored(city, 'gap')).toHaveLength(10);
    expect(await send(socket, 11, 6)).toEqual({ storedSeq: 16 });
  });

  it('a batch whose events do not follow each other, or are not events, is refused and stores nothing', async () => {
    const socket = await city.link(await city.enrolOffice('bad-batch'));
    const events = [...officeEvents(1, 3), ...officeEvents(5, 1)];
    expect(await socket.emitWithAck('events', { events, backlog: 0 })).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
    expect(await socket.emitWithAck('events', { events: [{ seq: 1, type: 'teleported' }], backlog: 0 } as never)).toMatchObject({
      ok: false,
      error: { code: 'input/invalid' },
    });
    expect(await stored(city, 'bad-batch')).toHaveLength(0);
  });

  it('batches sent at once, out of order and twice, over two links of one office, end as one log without a hole', async () => {
    const token = await city.enrolOffice('concurrent');
    const [a, b] = await Promise.all([city.link(token), city.link(token)]);
    // 20 batches of 50: each sent on both links, in a shuffled order; some are refused as gaps, and resent until
    // every one is stored, as an office does from the ack.
    const batches = Array.from({ length: 20 }, (_, i) => 1 + i * 50);
    const shuffled = [...batches].sort(() => Math.random() - 0.5);
    let storedSeq = 0;
    for (let round = 0; storedSeq < 1000 && round < 50; round++) {
      const acks = await Promise.all(shuffled.flatMap((from) => [send(a, from, 50), send(b, from, 50)]));
      storedSeq = Math.max(...acks.map((ack) => (ack as BatchAck).storedSeq));
    }
    expect(storedSeq).toBe(1000);
    const events = await stored(city, 'concurrent');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('the office’s setup is kept, the latest and each different one before it', async () => {
    const socket = await city.link(await city.enrolOffice('setup'));
    expect(await socket.emitWithAck('setup', { config: demoOffice, at: 1 })).toEqual({ ok: true });
    expect(await socket.emitWithAck('setup', { config: demoOffice, at: 2 })).toEqual({ ok: true });
    const renamed = { ...demoOffice, settings: { ...demoOffice.settings, name: { ja: '新しい名前', en: 'New name' } } };
    expect(await socket.emitWithAck('setup', { config: renamed, at: 3 })).toEqual({ ok: true });
    const history = await city.db.query<{ at: number }>('SELECT at FROM office_setups WHERE office_id = $1 ORDER BY id', ['setup']);
    expect(history.map((h) => Number(h.at))).toEqual([1, 3]);
    const [latest] = await city.db.query<{ config: typeof demoOffice }>('SELECT config FROM offices WHERE id = $1', ['setup']);
    expect(latest!.config.settings.name).toEqual({ ja: '新しい名前', en: 'New name' });
  });
});
