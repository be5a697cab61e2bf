/**
 * The office's link to the city (issue 17), as an office's admin and the city would notice it: enrolling with a
 * one-time code, every event of the log reaching the city once and in order, through a WAN outage and a restart of
 * the office, the setup and the live view following, the city's catalogue landing in the office's setup and change
 * history, a revoked credential stopping the link, and no personal data ever crossing it.
 *
 * THE CITY HERE IS A STAND-IN. The real city server (`city/`) is being written at the same time; until it lands,
 * `StandInCity` below plays its part of the contract (`protocol/src/city/model.ts`): it checks every message the
 * office sends against the protocol's zod schemas, and stores events in a Map keyed by seq, exactly once, refusing
 * a batch that would leave a gap. Replace it with the real city once `city/` can be started from a test.
 */
import express from 'express';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Server, type Namespace } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Catalogue,
  CatalogueEntry,
  cityApi,
  EventBatch,
  LinkHello,
  LiveSnapshot,
  moveAlong,
  SetupSnapshot,
  StatusBatch,
  type CityLinkView,
  type VisitStatus,
  type LogEvent,
  type FormValues,
} from '@junban/protocol';
import type { LinkTiming } from '../src/city-link/link.js';
import { callAs, freePort, startOffice, type TestOffice } from './support.js';

/**
 * This suite's ports, free when it starts (fixed ones in the range the system gives outgoing connections were
 * sometimes taken by one), and folders (/tmp/office-link-*). `nobody`: a port where nothing listens.
 */
const PORTS = { office: await freePort(), city: await freePort(), nobody: await freePort() };
const CODE = 'ABCD-EFGH-JKLM';
const QUICK = { ackTimeoutMs: 2_000, retryMs: 50, retryMaxMs: 300, liveEveryMs: 500, statusEveryMs: 300 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** A stand-in for the city server: the link's side of the contract, strict about every message. */
class StandInCity {
  readonly token = `city-credential-${Math.random().toString(36).slice(2)}`;
  /** Events stored, by seq: each exactly once. */
  readonly events = new Map<number, LogEvent>();
  storedSeq = 0;
  /** Events received again although already stored (a resend): allowed, but a healthy link sends none. */
  resent = 0;
  /** The seq each batch started at, in arrival order, and when it arrived (performance.now()). */
  readonly batchStarts: number[] = [];
  readonly batchTimes: number[] = [];
  /** Every message received, as sent, for the scan for personal data. */
  readonly received: unknown[] = [];
  /** Messages that did not match the protocol. */
  readonly invalid: string[] = [];
  readonly hellos: LinkHello[] = [];
  readonly setups: SetupSnapshot[] = [];
  readonly lives: { at: number; snapshot: LiveSnapshot }[] = [];
  /** Residents' statuses as the city would serve them, by key; and every batch, in order. */
  readonly statuses = new Map<string, VisitStatus>();
  readonly statusBatches: StatusBatch[] = [];
  /** The public face the city tells offices about in its welcome. */
  publicUrl: string | undefined;
  handshakes = 0;
  /** How long the city takes to store a batch, and the most batches it was sent at once. */
  ackDelayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  answersToLose = 0;
  revoked = false;
  catalogue: Catalogue | null = null;
  private codeUsed = false;
  private io: Server | undefined;
  private link: Namespace | undefined;

  constructor(readonly port: number) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private check<T>(name: string, schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: unknown } }, payload: unknown) {
    this.received.push({ name, payload });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      this.invalid.push(`${name}: ${String(parsed.error)}`);
      return undefined;
    }
    return parsed.data;
  }

  async start(): Promise<void> {
    const app = express();
    app.use(express.json());
    app.post('/api/v1/link/enrol', (req, res) => {
      const input = cityApi.enrol.input.safeParse(req.body);
      if (!input.success || input.data.code !== CODE || this.codeUsed) {
        res.status(400).json({ error: { code: 'city/bad_code', message: 'This code is wrong, used or expired.' } });
        return;
      }
      this.codeUsed = true;
      res.json({ officeId: 'honcho', name: { ja: '本庁舎', en: 'City hall' }, token: this.token });
    });
    const http = createServer(app);
    const io = new Server(http);
    const link = io.of('/link');
    link.use((socket, next) => {
      this.handshakes += 1;
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (this.revoked || token !== this.token) return next(Object.assign(new Error('city/revoked'), { data: { code: 'city/revoked' } }));
      next();
    });
    link.on('connection', (socket) => {
      socket.on('hello', (payload: unknown, ack: (a: unknown) => void) => {
        const hello = this.check('hello', LinkHello, payload);
        if (!hello) return;
        this.hellos.push(hello);
        ack({ officeId: 'honcho', storedSeq: this.storedSeq, catalogue: this.catalogue, ...(this.publicUrl ? { publicUrl: this.publicUrl } : {}) });
      });
      socket.on('events', (payload: unknown, ack: (a: unknown) => void) => {
        const batch = this.check('events', EventBatch, payload);
        if (!batch) return;
        this.batchStarts.push(batch.events[0]!.seq);
        this.batchTimes.push(performance.now());
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        setTimeout(() => {
          this.inFlight -= 1;
          for (const e of batch.events) {
            if (e.seq <= this.storedSeq) this.resent += 1;
            else if (e.seq === this.storedSeq + 1) {
              this.events.set(e.seq, e);
              this.storedSeq = e.seq;
            } else break; // a gap: stored up to here, the answer says where to resume
          }
          // An answer lost on the way (the WAN dropped it): stored, but the office never hears so.
          if (this.answersToLose > 0) this.answersToLose -= 1;
          else ack({ storedSeq: this.storedSeq });
        }, this.ackDelayMs);
      });
      socket.on('setup', (payload: unknown, ack: (a: unknown) => void) => {
        const setup = this.check('setup', SetupSnapshot, payload);
        if (setup) this.setups.push(setup);
        ack({ ok: true });
      });
      socket.on('statuses', (payload: unknown, ack: (a: unknown) => void) => {
        const batch = this.check('statuses', StatusBatch, payload);
        if (!batch) return;
        this.statusBatches.push(batch);
        if (batch.full) this.statuses.clear();
        for (const { key, status } of batch.statuses) this.statuses.set(key, status);
        // As the city's pages do: each move of a line moves the pages waiting in it.
        for (const move of batch.lines ?? []) {
          for (const [key, status] of this.statuses) {
            const moved = moveAlong(status, move);
            if (moved === 'gap') throw new Error(`a move of ${move.serviceId} was skipped`);
            this.statuses.set(key, moved);
          }
        }
        ack({ ok: true });
      });
      socket.on('live', (payload: unknown) => {
        const live = this.check('live', LiveSnapshot, payload);
        if (live) this.lives.push({ at: Date.now(), snapshot: live });
      });
    });
    await new Promise<void>((resolve) => http.listen(this.port, '127.0.0.1', resolve));
    this.io = io;
    this.link = link;
  }

  /** The city goes away: its process ends, every connection is cut. */
  async stop(): Promise<void> {
    const io = this.io;
    this.io = undefined;
    this.link = undefined;
    if (!io) return;
    // Closes every socket, then the HTTP server.
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  }

  connected(): number {
    return this.link?.sockets.size ?? 0;
  }

  get running(): boolean {
    return this.io !== undefined;
  }

  /** Phones opened these status pages: ask the connected office for them, as the city asks every office. */
  watch(keys: string[]): void {
    this.link!.emit('watch', { keys });
  }

  /** The city's admin edits the catalogue: it goes to the connected office, which answers once it applied it. */
  async publish(catalogue: Catalogue): Promise<unknown[]> {
    this.catalogue = catalogue;
    return this.link!.timeout(5_000).emitWithAck('catalogue', catalogue);
  }

  /** The city's admin revokes the office: its link is cut at once and refused after. */
  revoke(): void {
    this.revoked = true;
    this.link?.disconnectSockets(true);
  }
}

describe('the office linked to its city', () => {
  let office: TestOffice;
  let admin: Awaited<ReturnType<TestOffice['staff']>>;
  let logged = '';
  const dataDir = mkdtempSync('/tmp/office-link-test-');
  const city = new StandInCity(PORTS.city);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString('utf8');
      done();
    },
  });

  const start = async (timing: Partial<LinkTiming> = {}) => {
    office = await startOffice({ dataDir, port: PORTS.office, cityLink: { ...QUICK, ...timing }, logger: pino({ level: 'debug' }, sink) });
    admin = await office.staff('admin');
  };
  /** Stop the office and start it again on the same data, with these link timings. */
  const restart = async (timing: Partial<LinkTiming> = {}) => {
    await office.stop();
    // Let this process's HTTP client see the old server's connections close, rather than send on one of them.
    await sleep(200);
    await start(timing);
  };
  const link = () => admin('cityLink', {}) as Promise<CityLinkView>;
  const lastSeq = () => office.server.office.currentVersion;
  const issue = (services = ['juminhyo']) => office.device(office.kioskToken)('issueVisit', { services });
  /** The median time a kiosk waits for its number, over `n` numbers taken one after another. */
  const medianIssueMs = async (n: number) => {
    const took: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await issue();
      took.push(performance.now() - t);
    }
    return took.sort((a, b) => a - b)[Math.floor(n / 2)]!;
  };
  const caughtUp = (what = 'the city has stored the whole log') =>
    until(what, async () => city.storedSeq === lastSeq() && (await link()).ackedSeq === lastSeq());

  beforeAll(async () => {
    await city.start();
    await start();
  });
  afterAll(async () => {
    await office?.stop();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not linked until an admin enrols it', async () => {
    expect(await link()).toMatchObject({ linked: false, state: 'unlinked', cityUrl: null, officeId: null, catalogueVersion: null });
  });

  it('refuses a wrong code and keeps nothing', async () => {
    const res = await callAs(office, 'linkToCity', { cityUrl: city.url, code: 'ZZZZ-ZZZZ-ZZZZ' }, { cookie: admin.cookie });
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('city/bad_code');
    expect(office.server.db.prepare('SELECT COUNT(*) FROM city_link').pluck().get()).toBe(0);
    expect((await link()).linked).toBe(false);
  });

  it('says so when the city cannot be reached', async () => {
    const res = await callAs(office, 'linkToCity', { cityUrl: `http://127.0.0.1:${PORTS.nobody}`, code: CODE }, { cookie: admin.cookie });
    expect(res.status).toBe(502);
    expect(res.body.error?.code).toBe('city/unreachable');
    expect(office.server.db.prepare('SELECT COUNT(*) FROM city_link').pluck().get()).toBe(0);
  });

  it('enrols with the code, connects, and keeps the credential to itself', async () => {
    for (let i = 0; i < 5; i++) await issue();
    const answer = await admin('linkToCity', { cityUrl: `${city.url}/`, code: CODE });
    expect(answer).toMatchObject({ linked: true, cityUrl: city.url, officeId: 'honcho', officeName: { ja: '本庁舎', en: 'City hall' } });
    await until('the link is connected', async () => (await link()).state === 'connected');
    expect(city.hellos[0]).toMatchObject({ catalogueVersion: null, lastSeq: lastSeq() });
    expect(city.hellos[0]!.softwareVersion).toMatch(/^\d+\.\d+\.\d+/);
    // The credential is in no answer, no log line, no change history and not in clear in the database file.
    expect(JSON.stringify(await link())).not.toContain(city.token);
    expect(logged).not.toContain(city.token);
    expect(JSON.stringify(await admin('listChanges', { limit: 50 }))).not.toContain(city.token);
    expect(JSON.stringify(await admin('listChanges', { limit: 50 }))).not.toContain(CODE);
    const database = readFileSync(`${dataDir}/junban.db`).toString('latin1') + readFileSync(`${dataDir}/junban.db-wal`).toString('latin1');
    expect(database).not.toContain(city.token);
  });

  it('sends the log from its first event, in order, each stored once', async () => {
    const counter = await office.staff('counter');
    await counter('setCounterStatus', { counterId: '1', status: 'open' });
    for (let i = 0; i < 20; i++) await issue(i % 2 ? ['juminhyo'] : ['tennyu']);
    for (let i = 0; i < 5; i++) {
      const { visit } = await counter('callNext', { counterId: '1' });
      const stepId = visit.steps.find((s) => s.state === 'called')!.id;
      await counter('startServing', { counterId: '1', stepId });
      await counter('finish', { counterId: '1', stepId });
    }
    await caughtUp();
    const log = office.server.office.eventsAfter(0, 100_000);
    expect([...city.events.keys()]).toEqual(log.map((e) => e.seq));
    expect([...city.events.values()]).toEqual(log);
    expect(city.resent).toBe(0);
    expect(city.invalid).toEqual([]);
  });

  it('sends its setup at connect and after each change', async () => {
    expect(city.setups.length).toBeGreaterThan(0);
    await admin('setSettings', { ...office.server.office.config.settings, name: { ja: '北支所', en: 'North branch' } });
    const setup = await until('the renamed office reaches the city', () => city.setups.find((s) => s.config.settings.name.en === 'North branch'));
    expect(setup!.config).toEqual(office.server.office.config);
  });

  it('sends its live public view as it changes, at most twice a second', async () => {
    const before = city.lives.length;
    const from = Date.now();
    for (let i = 0; i < 30; i++) await issue();
    const waiting = office.server.office.publicView().queues.find((q) => q.serviceId === 'juminhyo')!.waiting;
    await until('the city sees the queue as the office does', () =>
      city.lives.at(-1)?.snapshot.view.queues.some((q) => q.serviceId === 'juminhyo' && q.waiting === waiting),
    );
    const sent = city.lives.slice(before);
    const seconds = (Date.now() - from) / 1000;
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 1);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(450);
    expect(city.lives.at(-1)!.snapshot.view).not.toHaveProperty('config');
  });

  it('works on as fast through a WAN outage, and the city gets the backlog in order, without duplicates or gaps', async () => {
    await caughtUp();
    const linked = await medianIssueMs(40);
    // The tickets just timed are still on their way: the outage starts once the city has them all.
    await caughtUp();
    const storedBefore = city.storedSeq;
    const batchesBefore = city.batchStarts.length;
    await city.stop();
    await until('the office sees the link is down', async () => (await link()).state === 'disconnected');
    const outage = await medianIssueMs(120);
    expect(outage).toBeLessThan(linked * 2 + 10);
    expect((await link()).ackedSeq).toBe(storedBefore);
    expect(lastSeq() - storedBefore).toBeGreaterThanOrEqual(120);

    await city.start();
    await caughtUp('the city has the backlog');
    expect(city.batchStarts[batchesBefore]).toBe(storedBefore + 1);
    expect([...city.events.keys()]).toEqual(Array.from({ length: lastSeq() }, (_, i) => i + 1));
    expect([...city.events.values()]).toEqual(office.server.office.eventsAfter(0, 100_000));
    expect(city.resent).toBe(0);
  });

  it('sends a long backlog in batches of at most 1000, one at a time, and issuing goes on as fast meanwhile', async () => {
    const idle = await medianIssueMs(30);
    await city.stop();
    await until('the link is down', async () => (await link()).state === 'disconnected');
    const from = city.storedSeq;
    const kiosk = office.device(office.kioskToken);
    // A morning's worth while the city is away: more than one batch.
    await Promise.all(Array.from({ length: 1100 }, () => kiosk('issueVisit', { services: ['juminhyo'] })));
    expect(lastSeq() - from).toBeGreaterThan(1000);
    // A slow city: each batch takes it 200 ms to store.
    city.ackDelayMs = 200;
    city.maxInFlight = 0;
    await city.start();
    await until('the backlog is flowing', () => city.batchStarts.some((s) => s > from));
    const sending = await medianIssueMs(30);
    expect(city.storedSeq).toBeLessThan(lastSeq());
    expect(sending).toBeLessThan(idle * 2 + 10);
    await caughtUp('the city has the long backlog');
    city.ackDelayMs = 0;
    expect(city.maxInFlight).toBe(1);
    const starts = city.batchStarts.filter((s) => s > from);
    expect(starts[0]).toBe(from + 1);
    expect(starts[1]! - starts[0]!).toBeLessThanOrEqual(1000);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(city.resent).toBe(0);
  }, 60_000);

  it('leaves a busy office to its residents: a backlog waits while the office works (a batch at least every so often), and runs once it rests', async () => {
    await caughtUp();
    await city.stop();
    await until('the link is down', async () => (await link()).state === 'disconnected');
    const from = city.storedSeq;
    const kiosk = office.device(office.kioskToken);
    await Promise.all(Array.from({ length: 600 }, () => kiosk('issueVisit', { services: ['juminhyo'] })));
    // Small batches, and a busy office's batch waits at most 400 ms: many batches to watch in a few seconds.
    await restart({ batchSize: 50, yieldMaxMs: 400 });
    try {
      // The office's thread busy nine tenths of the time, as under a crowd of kiosks and counters.
      const busy = setInterval(() => {
        const end = performance.now() + 45;
        while (performance.now() < end);
      }, 50);
      let whileBusy: number[];
      try {
        const before = city.batchTimes.length;
        await city.start();
        await until('the backlog is moving', () => city.batchTimes.length >= before + 3);
        await sleep(1_500);
        whileBusy = city.batchTimes.slice(before + 1);
      } finally {
        clearInterval(busy);
      }
      const gaps = whileBusy.slice(1).map((t, i) => t - whileBusy[i]!);
      expect(gaps.length).toBeGreaterThanOrEqual(2);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(350);
      expect(city.storedSeq).toBeLessThan(lastSeq());
      // At rest again: the rest of the backlog goes at the link's own pace (a 50 ms pause per batch), complete.
      const rested = performance.now();
      await caughtUp('the city has the rest of the backlog');
      const left = city.batchStarts.filter((s) => s > from).length - whileBusy.length;
      expect(performance.now() - rested).toBeLessThan(left * 250 + 2_000);
      expect([...city.events.keys()]).toEqual(Array.from({ length: lastSeq() }, (_, i) => i + 1));
      expect(city.resent).toBe(0);
    } finally {
      // The next tests expect the usual timings (and a city that runs, whatever happened here).
      if (!city.running) await city.start();
      await restart();
    }
  }, 60_000);

  it('sends a batch again when its answer is lost, and the city still stores it once', async () => {
    await caughtUp();
    const resent = city.resent;
    city.answersToLose = 1;
    for (let i = 0; i < 3; i++) await issue();
    await caughtUp('the batch was sent again and acknowledged');
    expect(city.resent).toBeGreaterThan(resent);
    expect([...city.events.keys()]).toEqual(Array.from({ length: lastSeq() }, (_, i) => i + 1));
    city.resent = 0;
  });

  /** The office's own form of a procedure (server/catalogue), and the city's version of it. */
  const fileForm = (serviceId: string) => CatalogueEntry.parse(JSON.parse(readFileSync(new URL(`../catalogue/${serviceId}.json`, import.meta.url), 'utf8')));
  const cityForm = (): CatalogueEntry => {
    const own = fileForm('juminhyo');
    return { ...own, title: { ja: '住民票の写し等の交付請求', en: 'Request for certificates of residence' }, fields: own.fields.slice(0, 2), rules: [] };
  };
  const guideForms = async () => (await office.staff('guide'))('formCatalogue', {});

  it('applies the city’s catalogue like a setup edit: in the setup, the change history and the link’s state', async () => {
    const config = office.server.office.config;
    const juminhyo = config.services.find((s) => s.id === 'juminhyo')!;
    const catalogue: Catalogue = {
      version: 3,
      services: [
        { ...juminhyo, name: { ja: '住民票の写し等', en: 'Residence certificates' } },
        { ...juminhyo, id: 'furusato', prefix: 'F', name: { ja: 'ふるさと納税', en: 'Hometown tax' }, group: 'city' },
      ],
      groups: [{ id: 'city', name: { ja: '市の手続き', en: 'City procedures' } }],
      closures: [{ date: '2026-05-07', reason: { ja: '市の創立記念日', en: 'City foundation day' } }],
      forms: [cityForm()],
      locked: { serviceNames: true, groups: true, closures: true },
      remote: {},
    };
    expect(await city.publish(catalogue)).toEqual([{ ok: true }]);
    const now = office.server.office.config;
    expect(now.services.find((s) => s.id === 'juminhyo')!.name.en).toBe('Residence certificates');
    expect(now.services.map((s) => s.id)).toEqual([...config.services.map((s) => s.id), 'furusato']);
    expect(now.groups.at(-1)).toEqual({ id: 'city', name: { ja: '市の手続き', en: 'City procedures' } });
    expect(now.settings.closures).toContainEqual({ date: '2026-05-07', reason: '市の創立記念日' });
    expect(now.counters).toEqual(config.counters);
    const [change] = await admin('listChanges', { limit: 1 });
    expect(change).toMatchObject({
      actor: 'city',
      endpoint: 'cityCatalogue',
      target: 'v3',
      summary: { version: 3, services: ['juminhyo', 'furusato'], forms: ['juminhyo'] },
    });
    expect((await link()).catalogueVersion).toBe(3);
    // The guide fills in the city's form of that procedure; the office's other forms are its own files still.
    const forms = await guideForms();
    expect(forms.find((f) => f.serviceId === 'juminhyo')).toEqual(cityForm());
    expect(forms.find((f) => f.serviceId === 'tennyu')).toEqual(fileForm('tennyu'));
    await until('the new setup reaches the city', () => city.setups.at(-1)?.config.services.some((s) => s.id === 'furusato'));

    // The next version drops the closure: it goes from the office's calendar too; the office's own closures stay.
    await admin('setSettings', {
      ...office.server.office.config.settings,
      closures: [...office.server.office.config.settings.closures, { date: '2026-06-01', reason: '庁舎点検' }],
    });
    expect(await city.publish({ ...catalogue, version: 4, closures: [] })).toEqual([{ ok: true }]);
    expect(office.server.office.config.settings.closures).toEqual([{ date: '2026-06-01', reason: '庁舎点検' }]);

    // What the catalogue locks, the office's admin may not change here; the rest stays the office's.
    const own = office.server.office.config.services.find((s) => s.id === 'juminhyo')!;
    const { id: _id, ...ownFields } = own;
    const renamed = await callAs(
      office,
      'putService',
      { ...ownFields, serviceId: 'juminhyo', name: { ja: '住民票', en: 'Juminhyo' } },
      { cookie: admin.cookie },
    );
    expect(renamed.status).toBe(409);
    expect(renamed.body.error?.code).toBe('city/locked');
    expect((await callAs(office, 'deleteGroup', { groupId: 'city' }, { cookie: admin.cookie })).body.error?.code).toBe('city/locked');
    await admin('putService', { ...ownFields, serviceId: 'juminhyo', slaMinutes: 25 });
    await admin('putGroup', { groupId: 'certificates', name: { ja: '各種証明', en: 'Certificates' } });
    expect(office.server.office.config.services.find((s) => s.id === 'juminhyo')).toMatchObject({ slaMinutes: 25, name: { en: 'Residence certificates' } });

    // A catalogue that does not fit is refused, and changes nothing.
    const before = office.server.office.config;
    const [refused] = await city.publish({ ...catalogue, version: 5, services: [{ ...catalogue.services[1]!, group: 'nowhere' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'input/invalid' } });
    expect(office.server.office.config).toEqual(before);
    expect((await link()).catalogueVersion).toBe(4);
    city.catalogue = { ...catalogue, version: 4, closures: [] };
  });

  it('after a restart, resumes where the city stored up to, without sending anything twice', async () => {
    await caughtUp();
    const hellos = city.hellos.length;
    const stored = city.storedSeq;
    const batches = city.batchStarts.length;
    await office.stop();
    await until('the city sees the office gone', () => city.connected() === 0);
    await start();
    expect(await link()).toMatchObject({ linked: true, officeId: 'honcho', ackedSeq: stored, catalogueVersion: 4 });
    await until('the office greets the city again', () => city.hellos.length > hellos);
    expect(city.hellos.at(-1)).toMatchObject({ lastSeq: stored, catalogueVersion: 4 });
    // The city's form is kept with the link: the guide still fills it in after the restart.
    expect((await guideForms()).find((f) => f.serviceId === 'juminhyo')).toEqual(cityForm());
    for (let i = 0; i < 5; i++) await issue();
    await caughtUp();
    expect(city.batchStarts[batches]).toBe(stored + 1);
    expect(city.resent).toBe(0);
    expect([...city.events.keys()]).toEqual(Array.from({ length: lastSeq() }, (_, i) => i + 1));
  });

  it('sends the status page of a visit the city asks for (a phone opened it there), keyed by its token’s hash, at each change; tickets point phones at the city', async () => {
    city.publicUrl = 'https://junban.city.example.jp';
    // The city says where its public face is when it welcomes the office: a new connection.
    await restart();
    await until('the link is up again', async () => (await link()).state === 'connected');

    const mine = await issue(['kokuho']);
    expect(mine.statusUrl).toMatch(/^https:\/\/junban\.city\.example\.jp\/kiosk\/status\/[A-Za-z0-9._-]+$/);
    // There the resident may ask to be told when their turn is near: the kiosk, the guide and the ticket say so.
    expect(mine.notices).toBe(true);
    const token = mine.statusUrl.split('/').at(-1)!;
    const key = createHash('sha256').update(token).digest('base64url');
    const someoneElse = await issue(['kokuho']);
    // Nothing goes before a phone asks: the link carries the visits residents follow, not every place in every line.
    await sleep(QUICK.statusEveryMs * 2);
    expect(city.statuses.size).toBe(0);

    // A phone opened the page at the city, which asks every office; a key of another office's visit changes nothing.
    city.watch([key, createHash('sha256').update('another-office.visit').digest('base64url')]);
    await until('the city has the visit’s status', () => city.statuses.get(key));
    expect(city.statuses.get(key)).toMatchObject({ number: mine.visit.number, state: 'waiting', peopleAhead: 0 });
    expect(city.statuses.size).toBe(1);
    // The city cannot make a token from what it holds: the token's signature never crossed the link.
    expect(JSON.stringify(city.received)).not.toContain(token.split('.')[1]);

    // Called: the city's copy says so, with the counter, within about a second; the other visit is still not sent.
    const counter = await office.staff('counter');
    await counter('setCounterStatus', { counterId: '8', status: 'open' });
    await counter('callNumber', { counterId: '8', number: mine.visit.number });
    await until('the city shows the call', () => city.statuses.get(key)?.state === 'called');
    expect(city.statuses.get(key)!.counter?.id).toBe('8');
    expect([...city.statuses.values()].map((s) => s.number)).not.toContain(someoneElse.visit.number);

    // The office restarts: the city asks again at the welcome, and the office follows the page again.
    await restart();
    city.statuses.clear();
    city.watch([key]);
    await until('the status is sent again after the restart', () => city.statuses.get(key)?.state === 'called');
  });

  it('moves every followed page of a line with one message when a call moves the line, each page landing where the office’s own page says', async () => {
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await issue(['mynumber-pin']));
    const tokens = tickets.map((t) => t.statusUrl.split('/').at(-1)!);
    const keys = tokens.map((token) => createHash('sha256').update(token).digest('base64url'));
    city.watch(keys);
    await until('the city has the five pages', () => keys.every((k) => city.statuses.has(k)));
    const ownPage = async (token: string) => (await (await fetch(`${office.url}/api/v1/status/${token}`)).json()) as VisitStatus;
    const place = (s: VisitStatus | undefined) => s && { state: s.state, peopleAhead: s.peopleAhead, estimateSec: s.estimateSec };
    const asTheOffice = async () => {
      for (const [i, token] of tokens.entries()) if (!isDeepStrictEqual(place(city.statuses.get(keys[i]!)), place(await ownPage(token)))) return false;
      return true;
    };
    const counter = await office.staff('counter');
    await counter('setCounterStatus', { counterId: '6', status: 'open' });
    // One counter open: every estimate changes, but not one page's place; still one move, of the estimates.
    await until('the city’s pages show the estimates of the office’s', asTheOffice);
    const before = city.statusBatches.length;

    await counter('callNext', { counterId: '6' });
    await until(
      'the city’s pages show the call, and the line one place up',
      async () => city.statuses.get(keys[0]!)?.state === 'called' && (await asTheOffice()),
    );
    expect(keys.slice(1).map((k) => city.statuses.get(k)!.peopleAhead)).toEqual([0, 1, 2, 3]);
    const since = city.statusBatches.slice(before);
    // The called page comes on its own; the four behind it moved as their line's move, not four statuses.
    expect(since.flatMap((b) => b.statuses.map((s) => s.key))).toEqual([keys[0]]);
    expect(since.flatMap((b) => b.lines ?? []).map((m) => m.serviceId)).toEqual(['mynumber-pin']);

    // The third in line leaves: the one ahead keeps its place, those behind move up; one page alone, one move.
    const after = city.statusBatches.length;
    await counter('cancelVisit', { visitId: tickets[2]!.visit.id });
    await until(
      'the city’s pages show the line without the one who left',
      async () => city.statuses.get(keys[2]!)?.state === 'cancelled' && (await asTheOffice()),
    );
    expect([1, 3, 4].map((i) => city.statuses.get(keys[i]!)!.peopleAhead)).toEqual([0, 1, 2]);
    const moves = city.statusBatches.slice(after).flatMap((b) => b.lines ?? []);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.shifts).toEqual([[2, -1]]);
  });

  it('never sends personal data: a pre-filled form’s name or a staff note stays in the office', async () => {
    const NAME = '轟木 凜太郎';
    const PHONE = '090-8765-4321';
    const NOTE = '山田花子さん 080-1111-2222 に折り返し';
    const values: FormValues = {
      name: NAME,
      furigana: 'トドロキ リンタロウ',
      birthdate: { era: 'showa', year: 60, month: 5, day: 1 },
      phone: PHONE,
      'move-date': { era: 'reiwa', year: 8, month: 3, day: 25 },
      postal: '123-4567',
      address: '東京都千代田区千代田1-1-101',
      'previous-address': '大阪府大阪市北区梅田2-2-2',
      householder: NAME,
      relationship: '本人',
      household: [],
    };
    const guide = await office.staff('guide');
    const issued = await guide('issueGuided', {
      procedures: [{ serviceId: 'tennyu', values, documents: ['moving-out-certificate', 'identity-document'] }],
      acknowledgeWarnings: true,
    });
    const counter = await office.staff('counter');
    await counter('setNote', { visitId: issued.visit.id, note: NOTE });
    await caughtUp();
    await until('the live view after the note reached the city', () => city.lives.at(-1)!.snapshot.view.version === lastSeq());
    const everything = JSON.stringify(city.received);
    for (const secret of [NAME, PHONE, NOTE, '山田花子', '東京都千代田区', city.token]) expect(everything).not.toContain(secret);
    expect(city.invalid).toEqual([]);
  });

  it('stops for good when the city revokes its credential', async () => {
    city.revoke();
    await until('the link is revoked', async () => (await link()).state === 'revoked');
    const handshakes = city.handshakes;
    await sleep(QUICK.retryMaxMs * 4);
    expect(city.handshakes).toBe(handshakes);
    // The office works on as before.
    await issue();
    // Also after a restart: a revoked link does not come back by itself.
    await restart();
    expect(await link()).toMatchObject({ linked: true, state: 'revoked' });
    await sleep(QUICK.retryMaxMs * 2);
    expect(city.handshakes).toBe(handshakes);
  });

  it('unlinks and forgets the city, and the guide goes back to the office’s own forms', async () => {
    expect(await admin('unlinkFromCity', {})).toEqual({ ok: true });
    // Its tickets point phones at the office itself again.
    const unlinked = await issue();
    expect(unlinked.statusUrl).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/kiosk\/status\//);
    expect(unlinked.notices).toBe(false);
    expect(await link()).toMatchObject({ linked: false, state: 'unlinked', cityUrl: null });
    expect((await guideForms()).find((f) => f.serviceId === 'juminhyo')).toEqual(fileForm('juminhyo'));
    expect(office.server.db.prepare('SELECT COUNT(*) FROM city_link').pluck().get()).toBe(0);
    const again = await callAs(office, 'unlinkFromCity', {}, { cookie: admin.cookie });
    expect(again.body.error?.code).toBe('city/not_linked');
  });
});
