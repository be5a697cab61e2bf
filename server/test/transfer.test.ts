/** Copying a working setup to another office: export as one file, import with a preview of what changes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyOffice } from '../src/config/empty-office.js';
import { repoRoot } from '../src/config/env.js';
import type { JunbanError, OfficeFile } from '@junban/protocol';
import { demoOffice, nextUpdate, startOffice, sync, type TestOffice } from './support.js';

async function failure(promise: Promise<unknown>): Promise<JunbanError> {
  try {
    await promise;
  } catch (e) {
    return e as JunbanError;
  }
  throw new Error('expected the call to fail');
}

describe('export and import', () => {
  let source: TestOffice;
  let target: TestOffice;
  beforeAll(async () => {
    source = await startOffice({ checkResponses: true });
    target = await startOffice({ config: emptyOffice, checkResponses: true });
  });
  afterAll(async () => {
    await source.stop();
    await target.stop();
  });

  it('an export imported into an empty office gives the same configuration, after a preview listing what it adds', async () => {
    const admin = await source.staff('admin');
    // A setup worth copying: a satellite window with its own rule, closures, a printer and a display's settings.
    const settings = (await admin('getConfig', {})).settings;
    await admin('setSettings', { ...settings, closedWeekdays: [0, 6], closedOnHolidays: true, closures: [{ date: '2026-12-29', reason: '年末年始' }] });
    await admin('putCounter', {
      counterId: 'sat-1',
      id: 'sat-1',
      name: { ja: '出張所窓口', en: 'Satellite window' },
      services: ['juminhyo', 'tennyu'],
      priorityRule: { kind: 'alternate', ordinaryPerPriority: 3 },
    });
    await admin('putPrinter', { printerId: 'entrance', id: 'entrance', name: 'Entrance', connection: { kind: 'virtual' } });
    const display = (await admin('listDevices', {})).find((d) => d.name === 'test display')!;
    await admin('setDisplaySettings', { deviceId: display.id, counters: ['sat-1'], services: [], secondLanguage: 'pt' });

    const file = await admin('exportConfig', {});
    expect(file).toMatchObject({
      format: 'junban-office',
      version: 1,
      displays: [{ name: 'test display', settings: { counters: ['sat-1'], secondLanguage: 'pt' } }],
    });
    const text = JSON.stringify(file);
    for (const secret of ['password', 'token', 'hash']) expect(text).not.toContain(secret);
    const exported = await admin('getConfig', {});
    expect(file.config).toEqual(exported);

    const targetAdmin = await target.staff('admin');
    const before = await targetAdmin('getConfig', {});
    const preview = await targetAdmin('importConfig', { file, apply: false });
    expect(preview.applied).toBe(false);
    expect(preview.services.added).toEqual(exported.services.map((s) => s.id));
    expect(preview.counters.added).toContain('sat-1');
    expect(preview.groups.added).toEqual(exported.groups.map((g) => g.id));
    expect(preview.printers.added).toEqual(['entrance']);
    expect(preview.settings.changed).toEqual(expect.arrayContaining(['name', 'closedWeekdays', 'closedOnHolidays', 'closures']));
    expect(preview.services.removed).toEqual([]);
    expect(preview.displays).toEqual(['test display']);
    expect(await targetAdmin('getConfig', {})).toEqual(before);

    const screen = await target.socket({ token: target.displayToken });
    await sync(screen);
    const heard = nextUpdate(screen, (u) => (u.config?.services.length ?? 0) > 0);
    const applied = await targetAdmin('importConfig', { file, apply: true });
    expect(applied).toEqual({ ...preview, applied: true });
    expect(await targetAdmin('getConfig', {})).toEqual(exported);
    expect((await heard).config).toEqual(exported);
    expect((await target.device(target.displayToken)('thisDevice', {})).display).toEqual({ counters: ['sat-1'], services: [], secondLanguage: 'pt' });

    const again = await targetAdmin('importConfig', { file, apply: false });
    expect([again.services, again.counters, again.groups, again.printers, again.settings.changed]).toEqual([
      ...Array(4).fill({ added: [], changed: [], removed: [] }),
      [],
    ]);
  });

  it('imports the demo office file as it is (a bare configuration)', async () => {
    const office = await startOffice({ config: emptyOffice });
    try {
      const admin = await office.staff('admin');
      const file: unknown = JSON.parse(readFileSync(join(repoRoot, 'server/demo/office.json'), 'utf8'));
      const preview = await admin('importConfig', { file, apply: true });
      expect(preview.services.added).toHaveLength(demoOffice.services.length);
      expect(await admin('getConfig', {})).toEqual(demoOffice);
      expect((await office.device(office.kioskToken)('issueVisit', { services: ['tennyu'] })).visit.number).toBe('B1');
    } finally {
      await office.stop();
    }
  });

  it('previews changes with their fields; keeps missing procedures closed; refuses to remove a counter that is serving', async () => {
    const office = await startOffice();
    try {
      const admin = await office.staff('admin');
      const counter = await office.staff('counter');
      const current = await admin('getConfig', {});
      const file: OfficeFile = {
        format: 'junban-office',
        version: 1,
        exportedAt: Date.now(),
        displays: [{ name: 'no such display', settings: { counters: [], services: [], secondLanguage: 'en' } }],
        config: {
          ...current,
          services: current.services.filter((s) => s.id !== 'jido-teate').map((s) => (s.id === 'juminhyo' ? { ...s, slaMinutes: 20, prefix: 'J' } : s)),
          counters: current.counters
            .filter((c) => c.id !== '8')
            .concat({ id: '8', name: { ja: '8番', en: '8' }, services: ['kokuho'], priorityRule: { kind: 'priority_first' } })
            .filter((c) => c.id !== '3'),
        },
      };
      await office.device(office.kioskToken)('issueVisit', { services: ['tennyu'] });
      await counter('callNext', { counterId: '3' });

      const preview = await admin('importConfig', { file, apply: false });
      expect(preview.services.changed).toEqual([
        { id: 'juminhyo', fields: ['prefix', 'slaMinutes'] },
        { id: 'jido-teate', fields: ['active'] },
      ]);
      expect(preview.services.removed).toEqual([]);
      expect(preview.counters.changed).toEqual([{ id: '8', fields: ['name', 'services'] }]);
      expect(preview.counters.removed).toEqual(['3']);
      expect(preview.warnings.join('\n')).toMatch(/Counter 3 is serving B1/);
      expect(preview.warnings.join('\n')).toMatch(/jido-teate.*kept, closed/);
      expect(preview.warnings.join('\n')).toMatch(/no such display/);

      expect(await failure(admin('importConfig', { file, apply: true }))).toMatchObject({ code: 'office/in_use' });
      expect(await admin('getConfig', {})).toEqual(current);

      const here = (await admin('staffView', {})).counters.find((c) => c.id === '3')!.current!;
      await counter('finish', { counterId: '3', stepId: here.stepId });
      await admin('importConfig', { file, apply: true });
      const after = await admin('getConfig', {});
      expect(after.services.find((s) => s.id === 'jido-teate')).toMatchObject({ active: false });
      expect(after.counters.map((c) => c.id)).not.toContain('3');
    } finally {
      await office.stop();
    }
  });

  it('rejects a file that is not an office configuration, naming the fields', async () => {
    const admin = await target.staff('admin');
    const bad = await failure(admin('importConfig', { file: { format: 'junban-office', version: 1, exportedAt: 0, config: { services: 'x' } }, apply: true }));
    expect(bad).toMatchObject({ code: 'input/invalid' });
    expect(bad.issues?.some((i) => i.path.startsWith('file.config'))).toBe(true);
    expect(await failure(admin('importConfig', { file: 'hello', apply: false }))).toMatchObject({ code: 'input/invalid' });
  });
});
