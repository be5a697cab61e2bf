import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditLines, type AuditLine } from '../src/audit/export.js';
import { repoRoot } from '../src/config/env.js';
import { MOVING_IN, movingInForm, startOffice, type TestOffice } from './support.js';

const { NAME, PHONE } = MOVING_IN;
const NOTE = '山田様は補聴器を使用、筆談希望';

const read = (file: string): AuditLine[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditLine);

describe("the audit of who did what, as JSON lines for the city's log system", () => {
  let office: TestOffice;
  let visitId = '';
  beforeAll(async () => {
    office = await startOffice();
    const admin = await office.staff('admin', 'admin-sato');
    const guide = await office.staff('guide', 'guide-suzuki');
    const counter = await office.staff('counter', 'counter-tanaka');
    await admin('putPrinter', { printerId: 'guide-desk', name: '案内', connection: { kind: 'virtual' } });
    const issued = await guide('issueGuided', {
      procedures: [{ serviceId: 'tennyu', values: movingInForm(), documents: ['moving-out-certificate', 'identity-document'] }],
    });
    visitId = issued.visit.id;
    await counter('callNext', { counterId: '3' });
    await counter('visitForms', { visitId });
    await counter('setNote', { visitId, note: NOTE });
  });
  afterAll(() => office.stop());

  it('lists setup changes, form and note access in time order, each with who, what and when, and nothing a resident wrote', () => {
    const lines = auditLines(office.server.db);
    expect(lines.map((l) => [l.source, l.who, l.action])).toEqual(
      expect.arrayContaining([
        ['setup', 'admin-sato', 'putPrinter'],
        ['form', 'guide-suzuki', 'created'],
        ['form', 'counter-tanaka', 'read'],
        ['note', 'counter-tanaka', 'written'],
      ]),
    );
    expect(lines[0]!.actor).toMatch(/^staff:/);
    expect(lines.find((l) => l.source === 'form' && l.action === 'read')).toMatchObject({ subject: visitId, detail: { service: 'tennyu' } });
    const times = lines.map((l) => l.at);
    expect(times).toEqual([...times].sort());
    const text = JSON.stringify(lines);
    for (const secret of [NAME, PHONE, NOTE, '千代田', '補聴器']) expect(text).not.toContain(secret);
  });

  it('a shipper appending every few minutes gets each line once, across a log rotation', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'junban-audit-'));
    const file = join(folder, 'audit.jsonl');
    const first = appendAudit(office.server.db, file);
    expect(first).toBe(auditLines(office.server.db).length);
    expect(appendAudit(office.server.db, file)).toBe(0);

    // The log system rotates the file away; then staff read the note: only that line goes to the new file.
    renameSync(file, `${file}.1`);
    const counter = await office.staff('counter', 'counter-ito');
    await counter('visitNote', { visitId });
    expect(appendAudit(office.server.db, file)).toBe(1);
    expect(read(file)).toMatchObject([{ source: 'note', action: 'read', who: 'counter-ito' }]);
    const all = [...read(`${file}.1`), ...read(file)];
    expect(new Set(all.map((l) => `${l.source}:${l.seq}`)).size).toBe(all.length);
  });

  it('`junban audit` prints the lines of a date range from the shell', () => {
    const run = (...args: string[]) =>
      execFileSync(process.execPath, [join(repoRoot, 'server/dist/cli.js'), 'audit', ...args], {
        env: { ...process.env, JUNBAN_DATA_DIR: office.dataDir },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    // The test office's clock is 2026-04-01 in Tokyo.
    const that = run('--from', '2026-04-01', '--to', '2026-04-01').split('\n').filter(Boolean);
    expect(that.length).toBe(auditLines(office.server.db).length);
    expect(run('--from', '2026-04-02')).toBe('');
    expect(() => run('--from', 'yesterday')).toThrow(/YYYY-MM-DD/);
  });
});
