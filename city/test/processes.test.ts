/**
 * Several city processes behind a load balancer share one PostgreSQL database and nothing else: an office's change
 * reaches staff screens connected to any of them, and an office's link moves from one to another without loss.
 * Only with a real PostgreSQL server (CITY_TEST_DATABASE_URL); embedded PGlite serves one process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueEntry, type BatchAck, type Catalogue, type LinkWelcome } from '@junban/protocol';
import { liveView, nextFloor, officeEvents, startCity, type TestCity } from './support.js';

const url = process.env.CITY_TEST_DATABASE_URL;

describe.skipIf(!url)('two city processes on one PostgreSQL', () => {
  let a: TestCity & { databaseUrl?: string };
  let b: TestCity;
  beforeAll(async () => {
    a = await startCity({ url });
    b = await startCity({ url }, { databaseUrl: a.databaseUrl! });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('a live view sent to process A reaches a staff screen connected to process B', async () => {
    const { cookie } = await a.staff('city-manager');
    const office = await a.link(await a.enrolOffice('two-live'));
    const screen = await b.staffSocket(cookie, b.url);
    const seen = nextFloor(screen, (offices) => offices.some((o) => o.id === 'two-live' && o.waiting === 7));
    office.emit('live', { view: liveView({ waiting: 7 }) });
    expect((await seen).find((o) => o.id === 'two-live')).toMatchObject({ link: 'connected', waiting: 7 });
  });

  it('an office whose link moves from A to B resumes from what A stored, and loses nothing', async () => {
    const token = await a.enrolOffice('two-move');
    const onA = await a.link(token);
    await onA.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 300 });
    expect(await onA.emitWithAck('events', { events: officeEvents(1, 120), backlog: 180 })).toEqual({ storedSeq: 120 });
    // The link drops mid-batch: the ack of 121-200 never reaches the office.
    onA.emitWithAck('events', { events: officeEvents(121, 80), backlog: 100 }).catch(() => {});
    onA.disconnect();

    const onB = await b.link(token, b.url);
    const welcome = (await onB.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 300 })) as LinkWelcome;
    expect([120, 200]).toContain(welcome.storedSeq);
    let storedSeq = welcome.storedSeq;
    while (storedSeq < 300) {
      const count = Math.min(50, 300 - storedSeq);
      storedSeq = ((await onB.emitWithAck('events', { events: officeEvents(storedSeq + 1, count), backlog: 300 - storedSeq - count })) as BatchAck).storedSeq;
    }
    const events = await b.server.replication.events('two-move');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await expect.poll(async () => (await a.server.offices.list()).find((o) => o.id === 'two-move')?.link).toBe('connected');
  });

  it('revoking an office on B cuts its link held by A, and a catalogue saved on B reaches an office linked to A, forms and all', async () => {
    const admin = await b.staff('city-admin');
    const linked = await a.link(await a.enrolOffice('two-cat'));
    const received = new Promise<Catalogue>((resolve) =>
      linked.once('catalogue', (catalogue, ack) => {
        ack({ ok: true });
        resolve(catalogue);
      }),
    );
    // Every form the offices ship: far more than NOTIFY carries (8000 bytes), so it crosses through the adapter's table.
    const dir = new URL('../../server/catalogue/', import.meta.url);
    const forms = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => CatalogueEntry.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));
    const saved = await admin.call('putCatalogue', { ...(await admin.call('getCatalogue', {})), closures: [{ date: '2026-12-29' }], forms });
    expect(JSON.stringify(saved).length).toBeGreaterThan(8000);
    expect(await received).toEqual(saved);

    const cut = new Promise<string>((resolve) => linked.once('disconnect', resolve));
    await admin.call('revokeOffice', { officeId: 'two-cat' });
    expect(await cut).toBe('io server disconnect');
  });
});
