/**
 * The city's history views, as a city manager would check them: an office's figures at the city are the ones its own
 * manager sees for the same days, because the city sums the replicated log with the office's own code.
 *
 * An office's database (SQLite, the office's own migrations) gets five weeks of realistic traffic from the office's
 * own generator; its figures are read through the office's own `Insights` (what its `/insights/services` and
 * `/insights/trend` answer its manager), and its log is replicated into the city through the real `/link` namespace,
 * as the office's link does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchAck, LinkAck, LinkWelcome, LogEvent, OfficeConfig } from '@junban/protocol';
import { EventLog } from '../../server/src/event-log/event-log.js';
import { writeDemoHistory } from '../../server/src/insights/demo-history.js';
import { Insights } from '../../server/src/insights/insights.js';
import { instantOf } from '../../server/src/queue/business-day.js';
import { openDatabase, type Db as OfficeDb } from '../../server/src/storage/database.js';
import { demoOffice, engines, startCity, type OfficeSocket, type TestCity } from './support.js';

/** February whole (the city reads it from month rows) and the first days of March (from day rows). */
const FROM = '2026-02-01';
const TO = '2026-03-03';
const LAST_DAY = '2026-03-03';

const config: OfficeConfig = demoOffice;
let folder: string;
let officeDb: OfficeDb;
let insights: Insights;
let log: LogEvent[];

/** The office's own figures for a range, as its manager's view answers them. */
const officeServices = (from: string, to: string, services: string[] = []) => insights.services({ from, to, services });
const officeMonths = (from: string, to: string, services: string[] = []) => insights.trend({ from, to, services, by: 'month' }).periods;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'city-history-office-'));
  officeDb = openDatabase(join(folder, 'junban.sqlite'));
  writeDemoHistory(officeDb, config, { from: FROM, to: TO, visitsPerDay: 120, seed: 17 });
  const now = instantOf('2026-04-01', '10:00', config.settings.timeZone);
  insights = new Insights(officeDb, { now: () => now, businessDate: () => '2026-04-01', config });
  log = new EventLog(officeDb).after(0, 1_000_000);
});
afterAll(() => {
  officeDb?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Replicate `events` as the office's link does: batches of at most 2,000, each after the last the city acknowledged. */
async function replicate(socket: OfficeSocket, events: LogEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000) {
    const batch = events.slice(i, i + 2000);
    const ack = (await socket.emitWithAck('events', { events: batch, backlog: events.length - i - batch.length })) as LinkAck<BatchAck>;
    expect(ack).toEqual({ storedSeq: batch.at(-1)!.seq });
  }
}

/** An office enrolled at the city, its link open, its setup sent. */
async function linkOffice(city: TestCity, officeId: string): Promise<OfficeSocket> {
  const socket = await city.link(await city.enrolOffice(officeId));
  const welcome = (await socket.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: log.at(-1)!.seq })) as LinkWelcome;
  expect(welcome.storedSeq).toBe(0);
  expect(await socket.emitWithAck('setup', { config, at: Date.now() })).toEqual({ ok: true });
  return socket;
}

describe.each(engines)('history on $name', (engine) => {
  let city: TestCity;
  let manager: Awaited<ReturnType<TestCity['staff']>>;
  beforeAll(async () => {
    city = await startCity(engine, undefined, { historyDebounceMs: 50 });
    manager = await city.staff('city-manager');
    await replicate(await linkOffice(city, 'honcho'), log);
    await city.server.history.settled();
  }, 60_000);
  afterAll(() => city?.stop());

  it('the same log gives the same figures: an office’s history at the city is what its manager sees, field by field', async () => {
    expect(log.length).toBeGreaterThan(5_000);
    for (const [from, to] of [
      [FROM, TO],
      ['2026-02-10', '2026-02-20'],
      [LAST_DAY, LAST_DAY],
    ] as const) {
      const own = officeServices(from, to);
      expect(own.total.arrivals).toBeGreaterThan(0);
      const atCity = await manager.call('officeHistory', { officeId: 'honcho', from, to });
      expect(atCity.days).toBe(own.days);
      expect(atCity.total).toEqual(own.total);
      expect(atCity.services).toEqual(own.services);
      expect(atCity.months).toEqual(officeMonths(from, to));
    }
    // Only some procedures, as the office's filter.
    const own = officeServices(FROM, TO, ['juminhyo', 'tennyu']);
    const atCity = await manager.call('officeHistory', { officeId: 'honcho', from: FROM, to: TO, services: ['juminhyo', 'tennyu'] });
    expect({ days: atCity.days, total: atCity.total, services: atCity.services }).toEqual({ days: own.days, total: own.total, services: own.services });
  });

  it('across offices, each office’s line is its own figures too, whole months read from month rows', async () => {
    const own = officeServices(FROM, TO);
    const history = await manager.call('cityHistory', { from: FROM, to: TO });
    const honcho = history.offices.find((o) => o.officeId === 'honcho')!;
    expect({ days: honcho.days, total: honcho.total, services: honcho.services }).toEqual({ days: own.days, total: own.total, services: own.services });
    // A whole year (read from year rows) is the office's year too.
    const year = await manager.call('cityHistory', { from: '2026-01-01', to: '2026-12-31' });
    const ownYear = officeServices('2026-01-01', '2026-12-31');
    const honchoYear = year.offices.find((o) => o.officeId === 'honcho')!;
    expect({ days: honchoYear.days, total: honchoYear.total, services: honchoYear.services }).toEqual({
      days: ownYear.days,
      total: ownYear.total,
      services: ownYear.services,
    });
    // The monthly report for February is the office's February.
    const february = officeServices('2026-02-01', '2026-02-28');
    const report = await manager.call('monthlyReport', { month: '2026-02' });
    expect(report).toMatchObject({ month: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    const line = report.offices.find((o) => o.officeId === 'honcho')!;
    expect({ days: line.days, total: line.total, services: line.services }).toEqual({
      days: february.days,
      total: february.total,
      services: february.services,
    });
  });

  it('a late batch for a past day changes that day’s figures', async () => {
    const socket = await linkOffice(city, 'late');
    const lastDay = log.filter((e) => e.businessDate === LAST_DAY);
    const cut = lastDay[Math.floor(lastDay.length / 2)]!.seq;
    // The link broke half-way through the day: the city has the morning only.
    await replicate(
      socket,
      log.filter((e) => e.seq <= cut),
    );
    await city.server.history.settled();
    const own = officeServices(LAST_DAY, LAST_DAY);
    const before = await manager.call('officeHistory', { officeId: 'late', from: LAST_DAY, to: LAST_DAY });
    expect(before.total.arrivals).toBeGreaterThan(0);
    expect(before.total.arrivals).toBeLessThan(own.total.arrivals);
    // The rest arrives later: the day is summed again, and now agrees with the office.
    await replicate(
      socket,
      log.filter((e) => e.seq > cut),
    );
    await city.server.history.settled();
    const after = await manager.call('officeHistory', { officeId: 'late', from: LAST_DAY, to: LAST_DAY });
    expect({ days: after.days, total: after.total, services: after.services }).toEqual({ days: own.days, total: own.total, services: own.services });
    // The month row moved with it: the city's view of March agrees as well.
    const march = await manager.call('cityHistory', { from: '2026-03-01', to: '2026-03-31' });
    expect(march.offices.find((o) => o.officeId === 'late')!.total).toEqual(officeServices('2026-03-01', '2026-03-31').total);
  });

  it('the city’s total adds the offices up, each against its own targets', async () => {
    await city.server.history.settled();
    const history = await manager.call('cityHistory', { from: FROM, to: TO });
    const [a, b] = ['honcho', 'late'].map((id) => history.offices.find((o) => o.officeId === id)!);
    expect(history.city.total.arrivals).toBe(a!.total.arrivals + b!.total.arrivals);
    expect(history.city.total.serviceLevel.met).toBe(a!.total.serviceLevel.met + b!.total.serviceLevel.met);
    expect(history.city.days).toBe(a!.days);
    const juminhyo = history.city.services.find((s) => s.serviceId === 'juminhyo')!;
    expect(juminhyo.arrivals).toBe(2 * a!.services.find((s) => s.serviceId === 'juminhyo')!.arrivals);
    expect(juminhyo.wait.median).toBe(a!.services.find((s) => s.serviceId === 'juminhyo')!.wait.median);
  });

  it('the monthly report as CSV: a header, then one line per office and procedure', async () => {
    const report = await manager.call('monthlyReport', { month: '2026-02' });
    const res = await fetch(`${city.url}/api/v1/reports/monthly.csv?month=2026-02`, { headers: { cookie: manager.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^month,office_id,office_name,service_id,service_name,arrivals,/);
    // Office names here hold no comma, so the columns split plainly.
    const expected = report.offices.flatMap((o) => o.services.map((s) => ['2026-02', o.officeId, s.serviceId, String(s.arrivals)]));
    expect(expected.length).toBeGreaterThan(10);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[0], c[1], c[3], c[5]]),
    ).toEqual(expected);
  });

  it.runIf(engine.url)('two city processes summing one office at once take turns and end with the office’s figures', async () => {
    const second = await startCity(engine, { databaseUrl: (city as TestCity & { databaseUrl: string }).databaseUrl }, { historyDebounceMs: 50 });
    try {
      const socket = await linkOffice(city, 'twice');
      await replicate(socket, log);
      await Promise.all([city.server.history.run('twice'), second.server.history.run('twice'), second.server.history.run('twice')]);
      await Promise.all([city.server.history.settled(), second.server.history.settled()]);
      const own = officeServices(FROM, TO);
      const atCity = await manager.call('officeHistory', { officeId: 'twice', from: FROM, to: TO });
      expect({ days: atCity.days, total: atCity.total, services: atCity.services }).toEqual({ days: own.days, total: own.total, services: own.services });
    } finally {
      await second.stop();
    }
  });

  it('the views and the CSV are for city staff: nobody signed in gets 401; a wrong month is refused', async () => {
    for (const [name, input] of [
      ['cityHistory', { from: FROM, to: TO }],
      ['officeHistory', { officeId: 'honcho', from: FROM, to: TO }],
      ['monthlyReport', { month: '2026-02' }],
    ] as const) {
      const res = await city.callAs(name, input);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('auth/required');
    }
    const csv = await fetch(`${city.url}/api/v1/reports/monthly.csv?month=2026-02`);
    expect(csv.status).toBe(401);
    expect(((await csv.json()) as { error: { code: string } }).error.code).toBe('auth/required');
    expect((await fetch(`${city.url}/api/v1/reports/monthly.csv?month=2026-13`, { headers: { cookie: manager.cookie } })).status).toBe(400);
    expect((await city.callAs('officeHistory', { officeId: 'nowhere', from: FROM, to: TO }, manager.cookie)).body.error?.code).toBe('city/unknown_office');
  });
});
