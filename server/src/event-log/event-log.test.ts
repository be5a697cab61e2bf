import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../config/store.js';
import { EventType, LogEvent, OfficeConfig } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import * as q from '../queue/commands.js';
import { Office } from '../queue/office.js';
import { QueueStore } from '../queue/store.js';
import { openDatabase, type Db } from '../storage/database.js';
import { EventLog, type NewEvent } from './event-log.js';

const config = OfficeConfig.parse({
  settings: { name: { ja: 'テスト', en: 'Test' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' }, openForTrying: true },
  services: [{ id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A', active: true }],
  counters: [{ id: '1', name: { ja: '1番', en: '1' }, services: ['cert'] }],
});

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'junban-event-log-'));
  dirs.push(dir);
  return join(dir, 'junban.db');
}

function open(file = tempFile()): { db: Db; log: EventLog; file: string } {
  const db = openDatabase(file);
  dbs.push(db);
  return { db, log: new EventLog(db), file };
}

/** One of each kind of event a visit's step and a counter log, on a day. */
function dayOfEvents(date: string, n: number): NewEvent[] {
  const base = { businessDate: date, actor: 'staff:test' };
  const step = (i: number) => ({ ...base, visitId: `${date}-v${i}`, number: `A${i}`, stepId: `${date}-s${i}`, serviceId: 'cert' });
  const events: NewEvent[] = [{ ...base, at: 0, type: 'counter_opened', counterId: '1' }];
  for (let i = 1; i <= n; i++) {
    events.push(
      {
        ...step(i),
        at: i * 10,
        type: 'issued',
        data: { services: ['cert'], source: 'kiosk', assistance: false, priority: false, peopleAhead: 0, estimateSec: null },
      },
      { ...step(i), at: i * 10 + 1, type: 'called', counterId: '1', data: { waitSec: 1, priority: false, calls: 1 } },
      { ...step(i), at: i * 10 + 2, type: 'started', counterId: '1', data: { walkSec: 1 } },
      { ...step(i), at: i * 10 + 3, type: 'finished', counterId: '1', data: { serviceSec: 1 } },
    );
  }
  events.push({ ...base, at: 9999, type: 'counter_closed', counterId: '1' });
  return events;
}

const seqs = (events: readonly LogEvent[]) => events.map((e) => e.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** Everything in the log, through the reads a replica and the insights use. */
const everything = (log: EventLog) => log.after(0, 1_000_000);

describe('the event log', () => {
  it("a day's events read back are the ones written, in order, data included", () => {
    const { db, log } = open();
    const first = dayOfEvents('2026-04-01', 3);
    const second = dayOfEvents('2026-04-02', 2);
    const written = db.transaction(() => [...log.append(first), ...log.append(second)])();
    expect(log.day('2026-04-01')).toEqual(written.slice(0, first.length));
    expect(log.day('2026-04-02')).toEqual(written.slice(first.length));
    expect(log.day('2026-04-01').map(({ seq: _seq, ...e }) => e)).toEqual(first);
    // Up to a sequence number: what the insights sum while the day goes on.
    expect(log.day('2026-04-01', 3)).toEqual(written.slice(0, 3));
    expect(log.day('2026-04-03')).toEqual([]);
  });

  it('reading after seq N gives exactly the later events, oldest first, within the limit and the days asked for', () => {
    const { db, log } = open();
    const written = db.transaction(() => log.append([...dayOfEvents('2026-04-01', 3), ...dayOfEvents('2026-04-02', 3)]))();
    for (const n of [0, 1, 7, written.length - 1, written.length]) expect(log.after(n, 1000)).toEqual(written.slice(n));
    expect(log.after(4, 2)).toEqual(written.slice(4, 6));
    expect(log.after(0, 1000, { from: '2026-04-02' })).toEqual(written.filter((e) => e.businessDate === '2026-04-02'));
    expect(log.after(0, 1000, { to: '2026-04-01' })).toEqual(written.filter((e) => e.businessDate === '2026-04-01'));
    expect(log.lastSeq()).toBe(written.length);
  });

  it('iterates a range of days in order without reading it all first, and can stop early', () => {
    const { db, log } = open();
    const written = db.transaction(() => log.append([...dayOfEvents('2026-04-01', 2), ...dayOfEvents('2026-04-02', 2), ...dayOfEvents('2026-04-03', 2)]))();
    expect([...log.iterate({ from: '2026-04-02', to: '2026-04-03' })]).toEqual(written.filter((e) => e.businessDate >= '2026-04-02'));
    const rows = log.iterate({ from: '2026-04-01', to: '2026-04-03' });
    expect(rows.next().value).toEqual(written[0]);
    rows.return();
    // The statement is free again: the log is still readable and writable.
    db.transaction(() => log.append(dayOfEvents('2026-04-04', 1)))();
    expect(log.lastSeq()).toBe(written.length + 6);
  });

  it('every event read back is a valid LogEvent, rows of the first version included', () => {
    const { db, log } = open();
    const step = { businessDate: '2026-04-01', actor: 'system', visitId: 'v', number: 'A1', stepId: 's', serviceId: 'cert' };
    db.transaction(() => {
      log.append(dayOfEvents('2026-04-01', 1));
      // The first version logged an expiry with no data, or with wasNoShow.
      log.append([
        { ...step, at: 1, type: 'expired' },
        { ...step, at: 2, type: 'expired', counterId: '1', data: { wasNoShow: true } },
      ]);
      log.append([{ ...step, at: 3, type: 'expired', data: { was: 'held' } }]);
    })();
    for (const e of everything(log)) expect(LogEvent.parse(e)).toEqual(e);
  });

  it('every event type has its own shape', () => {
    expect(LogEvent.options.map((o) => o.shape.type.value).sort()).toEqual([...EventType.options].sort());
  });

  it('appends only inside the caller’s transaction', () => {
    const { log } = open();
    expect(() => log.append(dayOfEvents('2026-04-01', 1))).toThrow(/transaction/);
    expect(log.lastSeq()).toBe(0);
  });

  it('numbers events 1, 2, 3… with no gap and no reuse, through rollbacks, a crash and a restart', () => {
    const { db, log, file } = open();
    const committed: LogEvent[] = [];
    const commit = (events: NewEvent[]) => committed.push(...db.transaction(() => log.append(events))());
    const rollBack = (events: NewEvent[]) => {
      expect(() =>
        db.transaction(() => {
          log.append(events);
          throw new Error('the command failed half-way');
        })(),
      ).toThrow('half-way');
    };
    commit(dayOfEvents('2026-04-01', 2));
    rollBack(dayOfEvents('2026-04-01', 3));
    commit(dayOfEvents('2026-04-01', 1));
    rollBack(dayOfEvents('2026-04-01', 1));
    rollBack(dayOfEvents('2026-04-01', 1));
    commit(dayOfEvents('2026-04-02', 2));

    // A crash in the middle of a transaction: the files on disk as a killed process or a power cut leaves them,
    // with uncommitted events written (a big transaction spills to the WAL before it commits).
    const crashed = tempFile();
    db.exec('BEGIN');
    log.append(Array.from({ length: 40 }, () => dayOfEvents('2026-04-02', 50)).flat());
    for (const suffix of ['', '-wal']) if (existsSync(file + suffix)) copyFileSync(file + suffix, crashed + suffix);
    db.exec('ROLLBACK');

    const afterCrash = open(crashed);
    expect(seqs(everything(afterCrash.log))).toEqual(oneTo(committed.length));
    expect(everything(afterCrash.log)).toEqual(committed);
    const next = afterCrash.db.transaction(() => afterCrash.log.append(dayOfEvents('2026-04-03', 1)))();
    expect(seqs(next)[0]).toBe(committed.length + 1);

    // The original, closed and opened again, goes on from where it committed.
    db.close();
    const reopened = open(file);
    reopened.db.transaction(() => reopened.log.append(dayOfEvents('2026-04-03', 1)))();
    expect(seqs(everything(reopened.log))).toEqual(oneTo(committed.length + 6));
    expect(everything(reopened.log).slice(0, committed.length)).toEqual(committed);
  });

  it('the database refuses a row that is not the next one, whoever writes it', () => {
    const { db, log } = open();
    db.transaction(() => log.append(dayOfEvents('2026-04-01', 1)))();
    const last = log.lastSeq();
    const insert = db.prepare(
      "INSERT INTO events (seq, at, business_date, type, counter_id, actor) VALUES (?, 0, '2026-04-01', 'counter_opened', '1', 'system')",
    );
    expect(() => insert.run(last + 2)).toThrow(/without a gap/);
    expect(() => insert.run(last)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run(null)).not.toThrow();
    expect(log.lastSeq()).toBe(last + 1);
  });

  it('a rolled-back command leaves no gap: the next command’s events follow the last committed one', () => {
    const { db } = open();
    const now = instantOf('2026-04-01', '09:00', 'Asia/Tokyo');
    const store = new QueueStore(db);
    const office = new Office(db, store, new ConfigStore(db), { now: () => now }, config);
    const announced: LogEvent[] = [];
    office.onCommit((c) => announced.push(...c.events));
    office.run('staff:test', (d) => q.setCounterStatus(d, '1', 'paused'));
    office.run('device:kiosk', (d) => q.issue(d, { services: ['cert'], assistance: false, source: 'kiosk' }));
    // A reservation's check-in that fails to write: the number it was being given is not kept, nor its events.
    expect(() =>
      office.run(
        'device:kiosk',
        (d) => q.issue(d, { services: ['cert'], assistance: false, source: 'reservation' }),
        () => {
          throw new Error('the reservation could not be marked');
        },
      ),
    ).toThrow('could not be marked');
    office.run('staff:test', (d) => q.setCounterStatus(d, '1', 'open'));
    const next = office.run('device:kiosk', (d) => q.issue(d, { services: ['cert'], assistance: false, source: 'kiosk' }));
    expect(next.visit.number).toBe('A2');
    expect(seqs(announced)).toEqual([1, 2, 3, 4]);
    expect(announced.map((e) => e.type)).toEqual(['counter_paused', 'issued', 'counter_opened', 'issued']);
    expect(store.events.after(0, 100)).toEqual(announced);
    expect(office.currentVersion).toBe(4);
  });
});
