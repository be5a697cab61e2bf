/**
 * The floor guide's forms (issue 7): a number issued with pre-filled forms, read and corrected at the counter,
 * printed as a PDF; personal data encrypted at rest, audited, kept to form roles, and purged when the day closes.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput } from '@junban/protocol';
import { callAs, databaseContents, MOVING_IN, movingInForm, startOffice, testClock, type TestOffice } from './support.js';

// Distinctive enough not to occur anywhere by chance.
const { NAME, CHILD, PHONE } = MOVING_IN;
const form = movingInForm;
const SEEN = ['moving-out-certificate', 'identity-document'];

type Auth = { token?: string; cookie?: string };

/** The database file and its WAL as bytes, as a copy of the data folder would hold them. */
function fileBytes(office: TestOffice): Buffer {
  const files = ['junban.db', 'junban.db-wal'].map((f) => join(office.dataDir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** What a refused form call must leave as it was (device rows change with every call: their last contact). */
const formState = (office: TestOffice) =>
  JSON.stringify(
    ['visits', 'events', 'visit_forms', 'form_audit', 'number_sequences', 'print_jobs'].map((t) => office.server.db.prepare(`SELECT * FROM ${t}`).all()),
  );

const contains = (bytes: Buffer, text: string) => bytes.includes(Buffer.from(text, 'utf8'));

/** Print a form as the admin screen does: an empty HTML form posted to the print command. */
async function pdf(office: TestOffice, visitId: string, serviceId: string, auth: Auth, method = 'POST') {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  return fetch(`${office.url}/api/v1/visits/${visitId}/forms/${serviceId}/print`, { method, headers, ...(method === 'POST' ? { body: '' } : {}) });
}

describe('floor guide forms', () => {
  let office: TestOffice;
  let logged = '';
  const as: Record<string, Auth> = {};
  let guide: Awaited<ReturnType<TestOffice['staff']>>;
  let counter: Awaited<ReturnType<TestOffice['staff']>>;
  const clock = testClock('2026-04-01', '10:00');

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString('utf8');
        done();
      },
    });
    office = await startOffice({ clock, logger: pino({ level: 'trace' }, sink), checkResponses: true });
    guide = await office.staff('guide');
    counter = await office.staff('counter');
    as.guide = { cookie: guide.cookie };
    as.counter = { cookie: counter.cookie };
    for (const role of ['manager', 'admin'] as const) as[role] = { cookie: (await office.staff(role)).cookie };
    as.kiosk = { token: office.kioskToken };
    as.display = { token: office.displayToken };
    as.nobody = {};
    const admin = await office.staff('admin');
    await admin('putPrinter', { printerId: 'guide-desk', name: 'Guide desk', connection: { kind: 'virtual' } });
  });
  afterAll(() => office.stop());

  let visitId = '';
  let statusUrl = '';

  it('a guide issues one number with the move-in form, steps in order and the assistance flag, printed on the chosen printer', async () => {
    const issued = await guide('issueGuided', {
      procedures: [{ serviceId: 'tennyu', values: form(), documents: SEEN }, { serviceId: 'inkan-shomei' }],
      assistance: true,
      printerId: 'guide-desk',
    });
    visitId = issued.visit.id;
    statusUrl = issued.statusUrl;
    expect(issued.visit.steps.map((s) => s.serviceId)).toEqual(['tennyu', 'inkan-shomei']);
    expect(issued.visit.assistance).toBe(true);
    expect(issued.visit.number).toMatch(/^[A-Z]+\d+$/);
    expect(issued.statusUrl).toContain('/status/');
    expect(issued.print).toMatchObject({ printerId: 'guide-desk', visitId });

    // inkan-shomei has no form in the catalogue: the visit carries one form only.
    const forms = await counter('visitForms', { visitId });
    expect(forms.map((f) => f.serviceId)).toEqual(['tennyu']);
    expect(forms[0]!.values.name).toBe(NAME);
    expect(forms[0]!.documents.sort()).toEqual([...SEEN].sort());
    expect(forms[0]!.checklist.length).toBeGreaterThan(0);
    expect(forms[0]!.issues).toEqual([]);
    const audit = await counter('formAudit', { visitId });
    expect(audit.map((a) => a.action)).toEqual(['created', 'read']);
    expect(audit[0]!.actor).toMatch(/^staff:/);
    expect(audit[1]!.actor).not.toBe(audit[0]!.actor);
  });

  it('a form with errors is refused with every error, and nothing changes', async () => {
    const before = databaseContents(office.server);
    const { status, body } = await callAs(
      office,
      'issueGuided',
      {
        procedures: [{ serviceId: 'tennyu', values: form({ furigana: 'とどろき りんたろう', phone: '' }), documents: ['identity-document'] }],
      },
      as.guide,
    );
    expect(status).toBe(400);
    const error = body.error as unknown as { code: string; issues: { path: string; level: string; text: { ja: string } }[] };
    expect(error.code).toBe('form/invalid');
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['procedures.0.furigana', 'procedures.0.phone', 'procedures.0.documents.moving-out-certificate']));
    expect(error.issues.every((i) => i.level === 'error' && i.text.ja)).toBe(true);
    expect(databaseContents(office.server)).toBe(before);
  });

  it('warnings need acknowledgeWarnings', async () => {
    const late = form({ 'move-date': { era: 'reiwa', year: 8, month: 2, day: 1 } });
    const check = await guide('checkForm', { serviceId: 'tennyu', values: late, documents: SEEN });
    expect(check.issues).toMatchObject([{ field: 'move-date', level: 'warning' }]);
    const before = databaseContents(office.server);
    const refused = await callAs(office, 'issueGuided', { procedures: [{ serviceId: 'tennyu', values: late, documents: SEEN }] }, as.guide);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'form/invalid', issues: [{ path: 'procedures.0.move-date', level: 'warning' }] });
    expect(databaseContents(office.server)).toBe(before);
    const issued = await guide('issueGuided', { procedures: [{ serviceId: 'tennyu', values: late, documents: SEEN }], acknowledgeWarnings: true });
    const forms = await counter('visitForms', { visitId: issued.visit.id });
    expect(forms[0]!.issues).toMatchObject([{ field: 'move-date', level: 'warning' }]);
  });

  it('the catalogue follows the office order and open procedures', async () => {
    const catalogue = await guide('formCatalogue', {});
    const order = office.server.office.config.services.map((s) => s.id);
    const ids = catalogue.map((c) => c.serviceId);
    expect(ids).toContain('tennyu');
    expect(ids).not.toContain('inkan-shomei');
    expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids);
  });

  it('a counter corrects a field: logged with the field id, never the value; a wrong value is refused', async () => {
    const corrected = await counter('updateFormField', { visitId, serviceId: 'tennyu', field: 'phone', value: '03-1111-2222' });
    expect(corrected.values.phone).toBe('03-1111-2222');
    const ticked = await counter('updateFormField', { visitId, serviceId: 'tennyu', field: 'documents.mynumber-cards', value: true });
    expect(ticked.documents).toContain('mynumber-cards');

    const wrong = await callAs(office, 'updateFormField', { visitId, serviceId: 'tennyu', field: 'furigana', value: 'ひらがな' }, as.counter);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'form/invalid', issues: [{ path: 'furigana' }] });
    const unknown = await callAs(office, 'updateFormField', { visitId, serviceId: 'tennyu', field: 'shoe-size', value: '27' }, as.counter);
    expect(unknown.status).toBe(400);
    const missing = await callAs(office, 'updateFormField', { visitId, serviceId: 'juminhyo', field: 'name', value: 'x' }, as.counter);
    expect(missing.status).toBe(404);

    const forms = await counter('visitForms', { visitId });
    expect(forms[0]!.values.phone).toBe('03-1111-2222');
    expect(forms[0]!.values.furigana).toBe('トドロキ リンタロウ');
    const audit = await counter('formAudit', { visitId });
    expect(audit.filter((a) => a.action === 'updated').map((a) => a.field)).toEqual(['phone', 'documents.mynumber-cards']);
    const text = JSON.stringify(audit);
    for (const secret of [NAME, PHONE, '03-1111-2222', 'トドロキ']) expect(text).not.toContain(secret);
  });

  it('the PDF: counter staff get the form with a Japanese font, audited; a manager does not', async () => {
    const res = await pdf(office, visitId, 'tennyu', as.counter!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(bytes.toString('latin1')).toMatch(/NotoSansJP-Regular/);
    const audit = await counter('formAudit', { visitId });
    expect(audit.at(-1)).toMatchObject({ action: 'printed', serviceId: 'tennyu', field: null });

    // Printing is the command; no GET prints or writes the audit (the old link's address is gone too).
    for (const path of ['print', 'form.pdf']) {
      const res = await fetch(`${office.url}/api/v1/visits/${visitId}/forms/tennyu/${path}`, { headers: { cookie: as.counter!.cookie! } });
      expect(res.status, path).toBe(404);
    }
    expect(await counter('formAudit', { visitId })).toHaveLength(audit.length);

    expect((await pdf(office, visitId, 'tennyu', as.manager!)).status).toBe(403);
    expect((await pdf(office, visitId, 'tennyu', as.nobody!)).status).toBe(401);
    expect((await pdf(office, visitId, 'juminhyo', as.counter!)).status).toBe(404);
  });

  it('only guide and counter staff reach a form endpoint', async () => {
    const calls: [Parameters<typeof callAs>[1], Record<string, unknown>][] = [
      ['formCatalogue', {}],
      ['checkForm', { serviceId: 'tennyu', values: {}, documents: [] }],
      ['issueGuided', { procedures: [{ serviceId: 'tennyu', values: form(), documents: SEEN }] }],
      ['visitForms', { visitId }],
      ['updateFormField', { visitId, serviceId: 'tennyu', field: 'phone', value: PHONE }],
      ['formAudit', { visitId }],
    ];
    const before = formState(office);
    for (const [name, input] of calls) {
      for (const who of ['manager', 'admin', 'kiosk', 'display', 'nobody']) {
        const { status } = await callAs(office, name, input, as[who]!);
        expect(status, `${who} ${name}`).toBe(who === 'nobody' ? 401 : 403);
      }
    }
    expect(formState(office)).toBe(before);
    for (const who of ['admin', 'kiosk', 'display']) expect((await pdf(office, visitId, 'tennyu', as[who]!)).status, who).toBe(403);
  });

  it("the resident's name is in no event, screen, URL, audit row or log line, and not in the database file in plain text", async () => {
    const events = JSON.stringify(office.server.db.prepare('SELECT * FROM events').all());
    // What a wall display, a kiosk and the resident's phone (the ticket's status link and its page) are given.
    const statusPage = await (await fetch(statusUrl.replace(/^https?:\/\/[^/]+/, office.url).replace('/kiosk/status/', '/api/v1/status/'))).text();
    expect(statusPage).toContain('"peopleAhead"');
    const publicView = JSON.stringify([
      await callAs(office, 'publicView', {}, as.display),
      await callAs(office, 'publicView', {}, as.kiosk),
      statusUrl,
      statusPage,
    ]);
    const staffView = JSON.stringify(await counter('staffView', {}));
    const audit = JSON.stringify(office.server.db.prepare('SELECT * FROM form_audit').all());
    const everything = databaseContents(office.server);
    for (const secret of [NAME, CHILD, 'トドロキ']) {
      expect(events).not.toContain(secret);
      expect(publicView).not.toContain(secret);
      expect(staffView).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(everything).not.toContain(secret);
      expect(logged).not.toContain(secret);
      expect(contains(fileBytes(office), secret)).toBe(false);
    }
    // Sealed, and the key is outside the database.
    expect(office.server.db.prepare('SELECT COUNT(*) FROM visit_forms').pluck().get()).toBeGreaterThan(0);
    expect(statSync(join(office.dataDir, 'forms.key')).mode & 0o077).toBe(0);
  });

  it('a ciphertext moved to another visit does not open', async () => {
    const other = await guide('issueGuided', { procedures: [{ serviceId: 'tennyu', values: form(), documents: SEEN }] });
    const db = office.server.db;
    const mine = db.prepare('SELECT nonce, ciphertext FROM visit_forms WHERE visit_id = ?').get(visitId) as { nonce: Buffer; ciphertext: Buffer };
    db.prepare('UPDATE visit_forms SET nonce = ?, ciphertext = ? WHERE visit_id = ?').run(mine.nonce, mine.ciphertext, other.visit.id);
    expect((await callAs(office, 'visitForms', { visitId: other.visit.id }, as.counter)).status).toBe(500);
    expect(logged).not.toContain(NAME);
  });

  it('at the close of the day the forms are purged (audited), and the file no longer holds them', async () => {
    const sealed = office.server.db.prepare('SELECT ciphertext FROM visit_forms').pluck().all() as Buffer[];
    expect(sealed.length).toBeGreaterThan(0);
    clock.advance(8 * 3_600_000); // 18:00, past the 17:15 closing: the resident still waiting is served after closing
    office.server.office.tick();
    expect(office.server.db.prepare('SELECT COUNT(*) FROM visit_forms').pluck().get()).toBe(sealed.length);
    clock.advance(6.5 * 3_600_000); // 00:30: the day closed at midnight at the latest, with its last visit
    office.server.office.tick();
    expect(office.server.db.prepare('SELECT COUNT(*) FROM visit_forms').pluck().get()).toBe(0);
    expect(await counter('visitForms', { visitId })).toEqual([]);
    const audit = await counter('formAudit', { visitId });
    expect(audit.at(-1)).toMatchObject({ action: 'purged', actor: 'system', actorName: null });
    const bytes = fileBytes(office);
    for (const c of sealed) expect(bytes.includes(c.subarray(0, 32))).toBe(false);
    expect(contains(bytes, NAME)).toBe(false);
  });
});

describe('form retention', () => {
  it('with one day of retention, forms stay through the next business day and go at its close', async () => {
    const clock = testClock('2026-04-01', '10:00');
    const office = await startOffice({ clock });
    try {
      const admin = await office.staff('admin');
      const guide = await office.staff('guide');
      await admin('setSettings', { ...office.server.office.config.settings, formRetentionDays: 1 } as ApiInput<'setSettings'>);
      const { visit } = await guide('issueGuided', { procedures: [{ serviceId: 'tennyu', values: form(), documents: SEEN }] });
      const count = () => office.server.db.prepare('SELECT COUNT(*) FROM visit_forms').pluck().get();
      clock.advance(8 * 3_600_000); // 2026-04-01 18:00: the day closed
      office.server.office.tick();
      expect(count()).toBe(1);
      expect((await guide('visitForms', { visitId: visit.id }))[0]!.values.name).toBe(NAME);
      clock.advance(24 * 3_600_000); // 2026-04-02 18:00: the day after closed too
      office.server.office.tick();
      expect(count()).toBe(0);
    } finally {
      await office.stop();
    }
  });

  it('forms outlive a restart (the key file is reused) and retention 4 is refused', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-forms-'));
    try {
      const first = await startOffice({ dataDir });
      const guide = await first.staff('guide', 'guide-a');
      const { visit } = await guide('issueGuided', { procedures: [{ serviceId: 'tennyu', values: form(), documents: SEEN }] });
      const admin = await first.staff('admin', 'admin-a');
      const tooLong = await callAs(first, 'setSettings', { ...first.server.office.config.settings, formRetentionDays: 4 }, { cookie: admin.cookie });
      expect(tooLong.status).toBe(400);
      await first.stop();
      const second = await startOffice({ dataDir });
      try {
        const counter = await second.staff('counter', 'counter-b');
        expect((await counter('visitForms', { visitId: visit.id }))[0]!.values.name).toBe(NAME);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
