/**
 * The real offices linked to the real city (issue 17, "What it must show"): the built city (`city/dist/main.js`, a
 * child process on a throwaway PostgreSQL database) and three built demo offices (`server/dist/main.js --demo`, each
 * a child process with its own SQLite file), each office reaching the city through a WAN line of its own (a TCP proxy
 * that can be cut). Offices are enrolled the way admins do it: a code from the city's API, typed into the office's.
 *
 * Promises: through a loaded day (a few hundred visits), three SIGKILLs of the city (at an arbitrary moment, in the
 * middle of storing a batch, and with stored batches' acknowledgements still on the wire) and a WAN outage, every
 * office's log reaches the city whole (none lost, none twice, in order) and the offices answer as before; a
 * catalogue change reaches all three (one of them once its line is back), its form too, which the office's guide
 * fills in from then on, also after the office restarts; a number taken at an office shows on the
 * city's live floor; no personal data reaches any table of the city's database.
 *
 * Needs the builds (`npm run build`) and PostgreSQL (the test command starts one: CITY_TEST_DATABASE_URL). About
 * 75 s; JUNBAN_TEST_WAN_OUTAGE_S lengthens the outage (25 s by default).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CatalogueEntry,
  createApiClient,
  createCityClient,
  JunbanError,
  type ApiClient,
  type CityLinkView,
  type FloorOffice,
  type FormValues,
  type LogEvent,
  type PublicView,
} from '@junban/protocol';
import { serverMain, startBuiltOffice, type BuiltOffice } from '../../server/src/testing/office.js';
import { freshPostgresDatabase, type StaffSocket } from './support.js';
import { cityMain, cityProcess, createCityAdmin, freePortFrom, type CityProcess } from './support/city-process.js';
import { startWan, type Wan } from './support/wan.js';
import { toRow, type EventRow } from '../src/link/event-row.js';

const databaseServer = process.env.CITY_TEST_DATABASE_URL;
/** This suite's ports: the city from 45100, the WAN lines from 45110, the offices from 45140. */
const PORTS = { city: 45100, wan: 45110, office: 45140 };
/**
 * How long the WAN is down: longer than the link's longest wait between attempts (15 s), while the offices work on.
 * JUNBAN_TEST_WAN_OUTAGE_S runs it longer, e.g. 180 for an outage of three minutes.
 */
const OUTAGE_MS = Number(process.env.JUNBAN_TEST_WAN_OUTAGE_S ?? 25) * 1000;
/** Each office's kiosk takes a number this often, and its counter serves at about the same pace. */
const LOAD_EVERY_MS = 500;
const PASSWORD = 'correct horse battery';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The city's own form for certificates of residence: a new title and fewer fields than the offices' file has. */
const CITY_FORM: CatalogueEntry = (() => {
  const file = CatalogueEntry.parse(JSON.parse(readFileSync(new URL('../../server/catalogue/juminhyo.json', import.meta.url), 'utf8')));
  return {
    ...file,
    title: { ja: '住民票の写し等の交付請求（市の様式）', en: 'Certificates of residence (city form)' },
    fields: file.fields.slice(0, 3),
    rules: [],
  };
})();

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

async function signIn(baseUrl: string, username: string, password: string): Promise<{ cookie: string }> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} at ${baseUrl} failed: ${res.status}`);
  return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}

interface LinkedOffice {
  id: string;
  office: BuiltOffice;
  wan: Wan;
  admin: ApiClient;
  manager: ApiClient;
  counter: ApiClient;
  guide: ApiClient;
  kiosk: ApiClient;
}

/** A loaded day at every office: the kiosk takes numbers, counter 1 calls, serves and finishes them. */
class Load {
  readonly errors: string[] = [];
  /** How long each number took, by when it was asked for. */
  readonly issues: { at: number; ms: number }[] = [];
  issued = 0;
  served = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(offices: LinkedOffice[]) {
    for (const o of offices) this.loops.push(this.issuing(o), this.serving(o));
  }

  private async issuing(o: LinkedOffice): Promise<void> {
    while (this.running) {
      const at = Date.now();
      try {
        await o.kiosk('issueVisit', { services: [this.issued % 3 ? 'juminhyo' : 'inkan-shomei'] });
        this.issued += 1;
        this.issues.push({ at, ms: Date.now() - at });
      } catch (err) {
        this.errors.push(`${o.id} issueVisit: ${String(err)}`);
      }
      await sleep(LOAD_EVERY_MS);
    }
  }

  private async serving(o: LinkedOffice): Promise<void> {
    const counterId = '1';
    while (this.running) {
      try {
        const { visit } = await o.counter('callNext', { counterId });
        const stepId = visit.steps.find((s) => s.state === 'called')!.id;
        await o.counter('startServing', { counterId, stepId });
        await o.counter('finish', { counterId, stepId });
        this.served += 1;
      } catch (err) {
        if (!(err instanceof JunbanError && err.code === 'queue/empty')) this.errors.push(`${o.id} serving: ${String(err)}`);
      }
      await sleep(LOAD_EVERY_MS);
    }
  }

  /** The slowest number taken between `from` and `to`. */
  slowest(from: number, to = Date.now()): number {
    return Math.max(0, ...this.issues.filter((i) => i.at >= from && i.at <= to).map((i) => i.ms));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

describe.skipIf(!databaseServer)('three real offices linked to the real city', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let pool: pg.Pool;
  let city: CityProcess;
  let cityCookie: string;
  let cityAdmin: ReturnType<typeof createCityClient>;
  const offices: LinkedOffice[] = [];
  const started: { id: string; wan: Wan; office: BuiltOffice }[] = [];
  const wans: Wan[] = [];
  let load: Load | undefined;
  let staffSocket: StaffSocket | undefined;

  const linkOf = (o: LinkedOffice) => o.admin('cityLink', {}) as Promise<CityLinkView>;
  const everyOffice = async (test: (link: CityLinkView) => boolean) => (await Promise.all(offices.map(linkOf))).every(test);
  const cityOffices = async () => new Map((await cityAdmin('listOffices', {})).map((o) => [o.id, o]));
  const storedSeqs = async () =>
    new Map((await pool.query<{ id: string; stored_seq: string }>('SELECT id, stored_seq FROM offices')).rows.map((r) => [r.id, Number(r.stored_seq)]));

  /** SIGKILL the city; once every office has noticed, start it again on the same port and database. */
  const killCity = async (whileDead: () => Promise<void> = async () => {}) => {
    await city.kill();
    await until('every office sees the city gone', () => everyOffice((l) => l.state !== 'connected'));
    await whileDead();
    await city.start();
    await until('every office is linked again', () => everyOffice((l) => l.state === 'connected'), 60_000);
  };

  beforeAll(async () => {
    for (const built of [serverMain, cityMain]) if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first.`);
    database = await freshPostgresDatabase(databaseServer!);
    pool = new pg.Pool({ connectionString: database.url, max: 3 });
    await createCityAdmin(database.url, 'city-admin', PASSWORD);
    city = cityProcess({ port: await freePortFrom(PORTS.city, PORTS.city + 9), databaseUrl: database.url });
    await city.start();
    cityCookie = (await signIn(city.url, 'city-admin', PASSWORD)).cookie;
    cityAdmin = createCityClient({ baseUrl: city.url, headers: { cookie: cityCookie } });

    const ids = ['honcho', 'kita-satellite', 'ekimae-window'];
    // All settled before any failure is told, so afterAll stops every office that did start.
    const starting = await Promise.allSettled(
      ids.map(async (id, i) => {
        const wan = await startWan(city.port, await freePortFrom(PORTS.wan + i * 10, PORTS.wan + i * 10 + 9));
        wans.push(wan);
        // A port found free may be taken before the office binds it (the machine's own connections use this range
        // too): then the next one.
        for (let from = PORTS.office + i * 10; ; from++) {
          try {
            started.push({ id, wan, office: await startBuiltOffice({ port: await freePortFrom(from, PORTS.office + i * 10 + 9) }) });
            return;
          } catch (err) {
            if (!String(err).includes('EADDRINUSE')) throw err;
          }
        }
      }),
    );
    for (const r of starting) if (r.status === 'rejected') throw r.reason;
    started.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    for (const { id, wan, office } of started) {
      const demo = office.demo();
      const as = async (role: string) => {
        const account = demo.accounts.find((a) => a.role === role)!;
        return createApiClient({ baseUrl: office.baseURL, headers: await signIn(office.baseURL, account.username, account.password) });
      };
      const o: LinkedOffice = {
        id,
        office,
        wan,
        admin: await as('admin'),
        manager: await as('manager'),
        counter: await as('counter'),
        guide: await as('guide'),
        kiosk: createApiClient({ baseUrl: office.baseURL, token: demo.kioskToken }),
      };
      // The load takes a number every few hundred ms from one kiosk: no ticket limit, no printer.
      for (const d of await o.admin('listDevices', {})) {
        if (d.kind === 'kiosk') await o.admin('setKioskSettings', { deviceId: d.id, printerId: null, ticketsPerMinute: 0 });
      }
      await o.counter('setCounterStatus', { counterId: '1', status: 'open' });
      offices.push(o);
    }
  }, 180_000);

  afterAll(async () => {
    await load?.stop();
    staffSocket?.disconnect();
    await Promise.all([...started.map((s) => s.office.stop()), ...wans.map((w) => w.close())]);
    await city?.stop();
    await pool?.end();
    await database?.drop();
  }, 60_000);

  it('enrols each office with a one-time code from the city, typed in by the office’s admin', async () => {
    for (const o of offices) {
      const { code } = await cityAdmin('createEnrolment', { officeId: o.id, name: { ja: `${o.id} 窓口`, en: `${o.id} office` } });
      const linked = await o.admin('linkToCity', { cityUrl: o.wan.url, code });
      expect(linked).toMatchObject({ linked: true, officeId: o.id, cityUrl: o.wan.url });
    }
    await until('every office is linked', () => everyOffice((l) => l.state === 'connected'));
    const listed = await cityOffices();
    for (const o of offices) expect(listed.get(o.id)).toMatchObject({ link: 'connected', enrolledAt: expect.any(Number) });
  });

  it('through a loaded day, a WAN outage and SIGKILLs of the city, every office’s log reaches the city whole: none lost, none twice, in order', async () => {
    const startedAt = Date.now();
    load = new Load(offices);
    await sleep(4_000);

    // 1. The city is killed at an arbitrary moment under load.
    await killCity();
    await sleep(2_000);

    // 2. Killed in the middle of storing a batch: its transaction is held (a test transaction locks the office's
    // row) until the city dies, so PostgreSQL rolls the batch back and the office must send it again.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM offices WHERE id = $1 FOR UPDATE', [offices[0]!.id]);
      await until('the city is storing a batch of the first office', async () => {
        const { rows } = await pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT stored_seq, revoked_at FROM offices%' AND datname = current_database()",
        );
        return rows.length > 0;
      });
      await killCity(async () => void (await holder.query('ROLLBACK')));
    } finally {
      holder.release();
    }
    await sleep(2_000);

    // 3. Killed after storing batches whose acknowledgements are still on the wire (held by the WAN, then lost
    // with the connection): the offices send them again, and the city stores them once.
    for (const o of offices) o.wan.hold();
    await until('the city has stored a batch whose acknowledgement has not arrived', async () => {
      const stored = await storedSeqs();
      const links = await Promise.all(offices.map(linkOf));
      const ids = offices.filter((o, i) => (stored.get(o.id) ?? 0) > links[i]!.ackedSeq).map((o) => o.id);
      return ids.length ? ids : undefined;
    });
    await killCity(async () => {
      for (const o of offices) {
        o.wan.cut();
        o.wan.mend();
        o.wan.release();
      }
    });
    await sleep(2_000);

    // 4. The WAN goes down for every office; they work on as before, and the log waits in their own databases.
    // The third office's line fails silently (nothing goes through, nothing is closed): the heartbeats of both ends
    // notice within 20 s, as they notice the others' cut lines at once.
    const atCut = new Map(await Promise.all(offices.map(async (o) => [o.id, (await linkOf(o)).lastSeq] as const)));
    for (const o of offices.slice(0, 2)) o.wan.cut();
    offices[2]!.wan.silence();
    const silencedAt = Date.now();
    await until('every office sees the link down', () => everyOffice((l) => l.state === 'disconnected'));
    expect(Date.now() - silencedAt).toBeLessThan(25_000);
    const outageFrom = Date.now();
    await sleep(OUTAGE_MS);
    const during = await Promise.all(offices.map(linkOf));
    for (const [i, o] of offices.entries()) {
      expect(during[i]!.state).toBe('disconnected');
      expect(during[i]!.lastSeq).toBeGreaterThan(atCut.get(o.id)! + 20);
    }
    const listedInOutage = await cityOffices();
    for (const o of offices) expect(listedInOutage.get(o.id)?.link).not.toBe('connected');
    const slowestInOutage = load.slowest(outageFrom);
    for (const o of offices) o.wan.mend();
    const mendedAt = Date.now();
    await until('every office is linked again after the outage', () => everyOffice((l) => l.state === 'connected'), 60_000);
    const reconnectedAfterMs = Date.now() - mendedAt;
    await sleep(2_000);
    await load.stop();

    // Every office caught up: what it has, the city has.
    await until(
      'every office’s log is stored at the city',
      async () => {
        const listed = await cityOffices();
        return (await Promise.all(offices.map(linkOf))).every(
          (l, i) => l.ackedSeq === l.lastSeq && listed.get(offices[i]!.id)?.storedSeq === l.lastSeq && listed.get(offices[i]!.id)?.link === 'connected',
        );
      },
      60_000,
    );
    expect(load.errors).toEqual([]);
    // The offices answered throughout: nothing they do waits for the city.
    expect(slowestInOutage).toBeLessThan(5_000);

    let events = 0;
    const listed = await cityOffices();
    for (const o of offices) {
      const own: LogEvent[] = [];
      for (;;) {
        const page = await o.manager('listEvents', { afterSeq: own.at(-1)?.seq ?? 0, limit: 10_000 });
        own.push(...page);
        if (page.length < 10_000) break;
      }
      const { rows } = await pool.query<EventRow & { seq: string; at: string }>(
        `SELECT seq, at, business_date, type, visit_id, number, step_id, service_id, counter_id, actor, data
           FROM events WHERE office_id = $1 ORDER BY seq`,
        [o.id],
      );
      const stored = rows.map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
      const link = await linkOf(o);
      expect(own.length).toBe(link.lastSeq);
      // None lost, none twice: as many as the office has, numbered 1..N without a gap.
      expect(stored.length).toBe(own.length);
      expect(stored.map((r) => r.seq)).toEqual(own.map((_, i) => i + 1));
      // In order, each the same event.
      expect(stored).toEqual(own.map(toRow));
      expect(link).toMatchObject({ state: 'connected', ackedSeq: link.lastSeq });
      expect(listed.get(o.id)).toMatchObject({ link: 'connected', storedSeq: link.lastSeq, backlog: 0 });
      events += own.length;
    }
    console.info(
      `offices-linked: ${load.issued} visits issued, ${load.served} served, ${events} events replicated across 3 offices; ` +
        `3 city SIGKILLs, ${OUTAGE_MS / 1000} s WAN outage (slowest number ${slowestInOutage} ms, links back ${reconnectedAfterMs} ms ` +
        `after the WAN); ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
    expect(load.issued).toBeGreaterThanOrEqual(200);
  }, 300_000);

  it('a catalogue change reaches all three offices, the one whose line is down once it is back', async () => {
    const [first, second, third] = offices as [LinkedOffice, LinkedOffice, LinkedOffice];
    third.wan.cut();
    await until('the third office sees its line down', async () => (await linkOf(third)).state === 'disconnected');

    const config = await first.admin('getConfig', {});
    const opened = await cityAdmin('getCatalogue', {});
    const closure = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const saved = await cityAdmin('putCatalogue', {
      version: opened.version,
      services: config.services.map((s) => (s.id === 'juminhyo' ? { ...s, name: { ...s.name, ja: '住民票の写し等', en: 'Certificates of residence' } } : s)),
      groups: config.groups,
      closures: [{ date: closure, reason: { ja: '市の創立記念日', en: 'City foundation day' } }],
      forms: [CITY_FORM],
      locked: { serviceNames: true, groups: true, closures: true },
    });
    expect(saved.version).toBe(opened.version + 1);

    const follows = async (o: LinkedOffice) => {
      const now = await o.admin('getConfig', {});
      const guideForm = (await o.guide('formCatalogue', {})).find((f) => f.serviceId === 'juminhyo');
      return (
        now.services.find((s) => s.id === 'juminhyo')?.name.en === 'Certificates of residence' &&
        now.settings.closures.some((c) => c.date === closure && c.reason === '市の創立記念日') &&
        guideForm?.title.en === CITY_FORM.title.en
      );
    };
    await until('the linked offices follow the catalogue', async () => (await follows(first)) && (await follows(second)), 10_000);
    expect(await follows(third)).toBe(false);
    third.wan.mend();
    await until('the third office follows the catalogue once its line is back', () => follows(third), 60_000);

    for (const o of offices) {
      expect((await linkOf(o)).catalogueVersion).toBe(saved.version);
      const changes = await o.admin('listChanges', { limit: 20 });
      expect(changes).toContainEqual(
        expect.objectContaining({
          actor: 'city',
          endpoint: 'cityCatalogue',
          target: `v${saved.version}`,
          summary: expect.objectContaining({ forms: ['juminhyo'] }),
        }),
      );
      // The guide fills in the city's form, title and fields; the procedures the city sent no form for keep the office's.
      const forms = await o.guide('formCatalogue', {});
      expect(forms.find((f) => f.serviceId === 'juminhyo')).toEqual(CITY_FORM);
      expect(forms.find((f) => f.serviceId === 'tennyu')?.title.ja).toBe('転入届');
    }
    await until(
      'the city lists every office as running the new version',
      async () => [...(await cityOffices()).values()].every((o) => o.catalogueVersion === saved.version),
      10_000,
    );
  }, 90_000);

  it('after a restart, an office’s guide still fills in the city’s form', async () => {
    const [first] = offices as [LinkedOffice];
    await first.office.restart();
    expect((await first.guide('formCatalogue', {})).find((f) => f.serviceId === 'juminhyo')).toEqual(CITY_FORM);
    await until('the office is linked again', async () => (await linkOf(first)).state === 'connected', 30_000);
  }, 60_000);

  it('a number taken at an office shows on the city’s live floor', async () => {
    const [first] = offices as [LinkedOffice];
    const floors: { at: number; offices: FloorOffice[] }[] = [];
    const socket: StaffSocket = connect(`${city.url}/staff`, {
      extraHeaders: { cookie: cityCookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    staffSocket = socket;
    socket.on('floor', (offices) => floors.push({ at: performance.now(), offices }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const waiting = (view: PublicView) => view.queues.reduce((sum, q) => sum + q.waiting, 0);
    const before = waiting(await first.kiosk('publicView', {}));
    await until('the floor shows the office as it is', () => floors.at(-1)?.offices.find((o) => o.id === first.id)?.waiting === before);

    const t = performance.now();
    await first.kiosk('issueVisit', { services: ['juminhyo'] });
    const after = waiting(await first.kiosk('publicView', {}));
    expect(after).toBe(before + 1);
    const seen = await until('the floor shows the new number', () =>
      floors.find((f) => f.at > t && f.offices.find((o) => o.id === first.id)?.waiting === after),
    );
    expect(seen.at - t).toBeLessThan(3_000);
  });

  it('no personal data crosses: a pre-filled form’s name and a note stay in the office', async () => {
    const [first] = offices as [LinkedOffice];
    const NAME = `轟木 凜太郎${randomBytes(2).toString('hex')}`;
    const PHONE = '090-8765-4321';
    const ADDRESS = '東京都千代田区千代田1-1-101';
    const NOTE = `山田花子さん 080-1111-2222 に折り返し ${randomBytes(3).toString('hex')}`;
    const values: FormValues = {
      name: NAME,
      furigana: 'トドロキ リンタロウ',
      birthdate: { era: 'showa', year: 60, month: 5, day: 1 },
      phone: PHONE,
      'move-date': { era: 'reiwa', year: 8, month: 3, day: 25 },
      postal: '123-4567',
      address: ADDRESS,
      'previous-address': '大阪府大阪市北区梅田2-2-2',
      householder: NAME,
      relationship: '本人',
      household: [],
    };
    const issued = await first.guide('issueGuided', {
      procedures: [{ serviceId: 'tennyu', values, documents: ['moving-out-certificate', 'identity-document'] }],
      acknowledgeWarnings: true,
    });
    await first.counter('setNote', { visitId: issued.visit.id, note: NOTE });
    expect(await first.counter('visitNote', { visitId: issued.visit.id })).toMatchObject({ note: NOTE });

    // The city has everything the office sent since: its log up to now and the live view of that moment.
    const lastSeq = (await linkOf(first)).lastSeq;
    await until('the city has the log and the live view after the note', async () => {
      const { rows } = await pool.query<{ stored: string; version: number | null }>(
        "SELECT o.stored_seq AS stored, (l.view->>'version')::int AS version FROM offices o LEFT JOIN office_live l ON l.office_id = o.id WHERE o.id = $1",
        [first.id],
      );
      return Number(rows[0]?.stored) >= lastSeq && (rows[0]?.version ?? 0) >= lastSeq;
    });

    const { rows: tables } = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    let everything = '';
    for (const { table_name } of tables) {
      const { rows } = await pool.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      everything += rows.map((r) => r.row).join('\n');
    }
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['events', 'office_live', 'office_setups', 'offices']));
    // The dump holds what the city does keep (the visit's number and event), so the scan reads the right data.
    expect(everything).toContain(issued.visit.id);
    for (const secret of [NAME, 'トドロキ', PHONE, ADDRESS, '大阪府大阪市', NOTE, '山田花子', '080-1111-2222']) expect(everything).not.toContain(secret);
  });
});
