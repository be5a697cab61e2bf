/** Residents' needs through the real office: HTTP, SQLite, a display's socket, and a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JunbanError, type PublicView } from '@junban/protocol';
import { callAs, nextUpdate, startOffice, sync, testClock } from './support.js';

// The demo office: counters 3 and 4 both call moves (転入); 4 declares an interpreter, 1 the hearing need.

async function refusal(p: Promise<unknown>): Promise<JunbanError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof JunbanError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe("a resident's needs", () => {
  it('route an interpreter need to the counter with one; the display is told of a hearing call, also after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-needs-'));
    const clock = testClock('2026-04-01', '10:00');
    try {
      let office = await startOffice({ dataDir, clock, checkResponses: true });
      const kiosk = office.device(office.kioskToken);
      const counter = await office.staff('counter', 'counter-needs');

      const needing = (await kiosk('issueVisit', { services: ['tennyu'], needs: ['interpreter'] })).visit;
      const other = (await kiosk('issueVisit', { services: ['tennyu'] })).visit;
      expect(needing.needs).toEqual(['interpreter']);
      // The staff's queue shows the need beside the number.
      const staff = await counter('staffView', {});
      expect(staff.queues.find((q) => q.serviceId === 'tennyu')!.entries.find((e) => e.number === needing.number)!.needs).toEqual(['interpreter']);

      const atThree = (await counter('callNext', { counterId: '3' })).visit;
      expect(atThree.number).toBe(other.number);
      // Served and free again, counter 3 still leaves the resident to counter 4, open though busy elsewhere soon.
      await counter('finish', { counterId: '3', stepId: atThree.steps[0]!.id });
      expect((await refusal(counter('callNext', { counterId: '3' }))).code).toBe('queue/empty');
      expect((await counter('callNext', { counterId: '4' })).visit.number).toBe(needing.number);

      // A display's socket: the call of a resident with the hearing need is marked, and a visual recall flashes.
      const display = await office.socket({ token: office.displayToken });
      const first = await sync(display);
      if (!first.ok) throw new Error(first.error.message);
      const hearing = (await kiosk('issueVisit', { services: ['juminhyo'], needs: ['hearing'] })).visit;
      const called = nextUpdate(display, (u) => u.calls.length > 0);
      const { visit } = await counter('callNext', { counterId: '1' });
      expect(visit.number).toBe(hearing.number);
      expect((await called).calls[0]).toMatchObject({ number: hearing.number, hearing: true });
      const recalled = nextUpdate(display, (u) => u.calls.length > 0);
      await counter('recall', { counterId: '1', stepId: visit.steps[0]!.id, visual: true });
      expect((await recalled).calls[0]).toMatchObject({ number: hearing.number, hearing: true, visual: true, recall: true });
      // The event log keeps the visual recall, never the resident's needs.
      const events = await (await office.staff('manager'))('listEvents', { afterSeq: 0, limit: 1000 });
      expect(JSON.stringify(events)).not.toMatch(/interpreter|hearing/);
      expect(events.filter((e) => e.type === 'recalled').at(-1)!.data).toEqual({ calls: 2, visual: true, language: 'ja' });

      await office.stop();
      office = await startOffice({ dataDir, clock });
      const view = (await office.device(office.displayToken)('publicView', {})) as PublicView;
      expect(view.recentCalls.find((c) => c.number === hearing.number && !c.recall)).toMatchObject({ hearing: true });
      expect(view.recentCalls.find((c) => c.number === other.number)!.hearing).toBeUndefined();
      await office.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('are codes only: anything else is refused and takes no number', async () => {
    const office = await startOffice();
    try {
      for (const needs of [['telepathy'], ['hearing', 'hearing'], 'hearing', [{ text: 'my name is …' }]]) {
        const res = await callAs(office, 'issueVisit', { services: ['juminhyo'], needs }, { token: office.kioskToken });
        expect(res.status).toBe(400);
        expect(res.body.error!.code).toBe('input/invalid');
      }
      // Old kiosks send no needs: still a number, with assistance as before.
      const { visit } = await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'], assistance: true });
      expect(visit).toMatchObject({ number: 'A1', assistance: true });
      expect(visit.needs).toBeUndefined();
    } finally {
      await office.stop();
    }
  });

  it('give a resident with the sight need longer before a no-show, as the office sets it', async () => {
    const clock = testClock('2026-04-01', '10:00');
    const office = await startOffice({ clock });
    try {
      const admin = await office.staff('admin');
      const config = await admin('getConfig', {});
      await admin('setSettings', { ...config.settings, sightNoShowGraceMinutes: 5 });
      const counter = await office.staff('counter');
      await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'], needs: ['sight'] });
      const { visit } = await counter('callNext', { counterId: '1' });
      const stepId = visit.steps[0]!.id;
      clock.advance(4 * 60_000);
      const early = await refusal(counter('noShow', { counterId: '1', stepId }));
      expect(early.code).toBe('step/too_soon');
      expect((await counter('getVisit', { visitId: visit.id })).steps[0]!.state).toBe('called');
      clock.advance(60_000);
      expect((await counter('noShow', { counterId: '1', stepId })).visit.steps[0]!.state).toBe('no_show');
    } finally {
      await office.stop();
    }
  });
});
