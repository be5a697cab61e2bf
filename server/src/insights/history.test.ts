/** The figures over several offices (the city's views) are the office's figures, each office against its own targets. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficeConfig } from '@junban/protocol';
import { repoRoot } from '../config/env.js';
import { openDatabase, type Db } from '../storage/database.js';
import { writeDemoHistory } from './demo-history.js';
import { servicesReport, servicesReportAcross } from './history.js';
import { InsightStore, type ServiceDayRow } from './store.js';

const demo = OfficeConfig.parse(JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8')));

let dir: string;
let db: Db;
let rows: ServiceDayRow[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'junban-history-'));
  db = openDatabase(join(dir, 'junban.db'));
  writeDemoHistory(db, demo, { from: '2026-03-02', to: '2026-03-06', visitsPerDay: 80, seed: 0.25 });
  rows = new InsightStore(db).serviceDays('2026-03-02', '2026-03-06');
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('figures across offices', () => {
  it('one office across is that office’s report, and the total of one is the same', () => {
    const own = servicesReport(rows, demo);
    const across = servicesReportAcross([{ rows, config: demo }]);
    expect(across.offices).toEqual([own]);
    expect(across.all).toEqual(own);
  });

  it('two offices add up per procedure, each counted against its own target; a target they differ on is reported as none', () => {
    const stricter = OfficeConfig.parse({ ...demo, services: demo.services.map((s) => ({ ...s, slaMinutes: 1 })) });
    const a = servicesReport(rows, demo);
    const b = servicesReport(rows, stricter);
    const across = servicesReportAcross([
      { rows, config: demo },
      { rows, config: stricter },
    ]);
    expect(across.offices).toEqual([a, b]);
    expect(across.all.total.arrivals).toBe(2 * a.total.arrivals);
    expect(across.all.total.serviceLevel.met).toBe(a.total.serviceLevel.met + b.total.serviceLevel.met);
    const first = across.all.services[0]!;
    const [inA, inB] = [a, b].map((r) => r.services.find((s) => s.serviceId === first.serviceId)!);
    expect(first.serviceLevel).toMatchObject({ met: inA!.serviceLevel.met + inB!.serviceLevel.met, total: inA!.serviceLevel.total + inB!.serviceLevel.total });
    expect(first.serviceLevel.targetSec).toBe(inA!.serviceLevel.targetSec === 60 ? 60 : null);
    expect(first.wait).toEqual({ ...inA!.wait, count: 2 * inA!.wait.count });
    expect(across.all.days).toBe(a.days);
  });
});
