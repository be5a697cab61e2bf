/** The resident's phone: the status page follows one visit by an unguessable link, and turns to "called" live. */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusServerToClientEvents, VisitStatus } from '@junban/protocol';
import { startOffice, type TestOffice } from './support.js';

describe('visit status page', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
  });
  afterAll(() => office.stop());

  const tokenOf = (statusUrl: string) => statusUrl.split('/').at(-1)!;

  it('answers over HTTP without an account, and refuses a forged or edited token', async () => {
    const issued = await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo', 'kokuho'] });
    const token = tokenOf(issued.statusUrl);
    const res = await fetch(`${office.url}/api/v1/status/${token}`);
    expect(res.status).toBe(200);
    const status = (await res.json()) as VisitStatus;
    expect(status).toMatchObject({ number: issued.visit.number, state: 'waiting', service: { id: 'juminhyo' }, counter: null });
    expect(status.steps.map((s) => s.serviceId)).toEqual(['juminhyo', 'kokuho']);

    const other = (await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'] })).visit.id;
    const forged = `${other}.${token.split('.')[1]}`;
    for (const bad of [forged, issued.visit.id, `${token}x`, 'A1']) {
      const r = await fetch(`${office.url}/api/v1/status/${encodeURIComponent(bad)}`);
      expect(r.status).toBe(404);
    }
  });

  it('a phone following the visit sees its place change and then "called to counter N"', async () => {
    const kiosk = office.device(office.kioskToken);
    const ahead = await kiosk('issueVisit', { services: ['tennyu'] });
    const mine = await kiosk('issueVisit', { services: ['tennyu'] });
    const phone = connect(`${office.url}/status`, { auth: { token: tokenOf(mine.statusUrl) }, transports: ['websocket'], forceNew: true });
    const seen: VisitStatus[] = [];
    const next = (match: (s: VisitStatus) => boolean) =>
      new Promise<VisitStatus>((resolve) => {
        const found = seen.find(match);
        if (found) return resolve(found);
        const on: StatusServerToClientEvents['status'] = (s) => match(s) && resolve(s);
        phone.on('status', on);
      });
    phone.on('status', (s) => seen.push(s));
    try {
      expect(await next((s) => s.peopleAhead === 1)).toMatchObject({ number: mine.visit.number, state: 'waiting' });
      const counter = await office.staff('counter');
      await counter('callNext', { counterId: '3' });
      expect((await next((s) => s.peopleAhead === 0)).state).toBe('waiting');
      await counter('finish', { counterId: '3', stepId: ahead.visit.steps[0]!.id });
      await counter('callNext', { counterId: '3' });
      const called = await next((s) => s.state === 'called');
      expect(called.counter).toMatchObject({ id: '3', name: { ja: '3番窓口' } });
      expect(JSON.stringify(called)).not.toMatch(/actor|note/);
    } finally {
      phone.disconnect();
    }
  });

  it("keeps the resident's language on the visit: the status link opens in it and the counter sees it", async () => {
    const kiosk = office.device(office.kioskToken);
    const guide = await office.staff('guide');
    const counter = await office.staff('counter');
    const english = await kiosk('issueVisit', { services: ['juminhyo'], language: 'en' });
    // A procedure without a form: the guide issues a number for it like any other.
    const chinese = await guide('issueGuided', { procedures: [{ serviceId: 'koseki-shomei' }], language: 'zh' });
    const japanese = await kiosk('issueVisit', { services: ['juminhyo'] });
    for (const [issued, language] of [
      [english, 'en'],
      [chinese, 'zh'],
      [japanese, 'ja'],
    ] as const) {
      const status = (await (await fetch(`${office.url}/api/v1/status/${tokenOf(issued.statusUrl)}`)).json()) as VisitStatus;
      expect(status.language).toBe(language);
      expect((await counter('getVisit', { visitId: issued.visit.id })).language).toBe(language);
    }
  });

  it('a socket with a bad token is told so and closed', async () => {
    const phone = connect(`${office.url}/status`, { auth: { token: 'nope.nope' }, transports: ['websocket'], forceNew: true, reconnection: false });
    const told = new Promise<void>((resolve) => phone.on('unknown', () => resolve()));
    const closed = new Promise<void>((resolve) => phone.on('disconnect', () => resolve()));
    await Promise.all([told, closed]);
  });
});
