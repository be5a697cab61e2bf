/** The city's catalogue: saved in versions, never over someone else's save, and sent to every linked office. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueEntry, type Catalogue, type LinkWelcome } from '@junban/protocol';
import { demoOffice, engines, startCity, type TestCity } from './support.js';

/** A procedure's form as the offices' files have it (server/catalogue). */
const form = (serviceId: string) =>
  CatalogueEntry.parse(JSON.parse(readFileSync(new URL(`../../server/catalogue/${serviceId}.json`, import.meta.url), 'utf8')));

const edit = (base: Catalogue, serviceCount: number): Catalogue => ({
  ...base,
  services: demoOffice.services.slice(0, serviceCount),
  groups: demoOffice.groups,
});

describe.each(engines)('catalogue on $name', (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(() => city?.stop());

  it('a save names the version it edited; a save over someone else’s is refused and changes nothing', async () => {
    const admin = await city.staff('city-admin');
    const opened = await admin.call('getCatalogue', {});
    const mine = await admin.call('putCatalogue', edit(opened, 3));
    expect(mine.version).toBe(opened.version + 1);
    await expect(admin.call('putCatalogue', edit(opened, 5))).rejects.toMatchObject({ code: 'city/stale_catalogue' });
    const now = await admin.call('getCatalogue', {});
    expect(now).toEqual(mine);
    expect(now.services).toHaveLength(3);
  });

  it('two admins saving the same version at once: one is saved, the other told to open it again', async () => {
    const admin = await city.staff('city-admin');
    const opened = await admin.call('getCatalogue', {});
    const results = await Promise.allSettled([admin.call('putCatalogue', edit(opened, 2)), admin.call('putCatalogue', edit(opened, 4))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'city/stale_catalogue' } });
  });

  it('keeps the forms with the catalogue, each save a new version; a version saved before forms were part of it reads with none', async () => {
    const admin = await city.staff('city-admin');
    const opened = await admin.call('getCatalogue', {});
    // A version as the city stored it before the catalogue had forms.
    const { forms: _forms, ...old } = { ...opened, version: opened.version + 1 };
    await city.db.query('INSERT INTO catalogue_versions (version, body, saved_at, saved_by) VALUES ($1, $2::jsonb, $3, $4)', [
      old.version,
      JSON.stringify(old),
      city.clock.now(),
      'an earlier city',
    ]);
    const before = await admin.call('getCatalogue', {});
    expect(before).toEqual({ ...old, forms: [] });

    const withForms = await admin.call('putCatalogue', { ...before, forms: [form('juminhyo'), form('tennyu')] });
    expect(withForms.version).toBe(before.version + 1);
    expect(withForms.forms.map((f) => f.serviceId)).toEqual(['juminhyo', 'tennyu']);
    const removed = await admin.call('putCatalogue', { ...withForms, forms: [form('tennyu')] });
    expect(await admin.call('getCatalogue', {})).toEqual(removed);
    expect(removed.forms).toEqual([form('tennyu')]);
  });

  it('refuses a catalogue with a broken form, or two forms for one procedure, saying where; the version stays as it was', async () => {
    const admin = await city.staff('city-admin');
    const opened = await admin.call('getCatalogue', {});
    const tennyu = form('tennyu');
    const broken = { ...tennyu, rules: [{ ...tennyu.rules[0]!, field: 'name' }] };
    const bad = await city.callAs('putCatalogue', { ...opened, forms: [broken] }, admin.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'input/invalid', issues: [expect.objectContaining({ path: 'forms.0.rules.0.field' })] });
    const twice = await city.callAs('putCatalogue', { ...opened, forms: [tennyu, { ...tennyu, title: { ja: '転入', en: 'Moving in' } }] }, admin.cookie);
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({
      code: 'input/invalid',
      issues: [expect.objectContaining({ path: 'forms.1.serviceId', message: expect.stringContaining('tennyu') })],
    });
    expect(await admin.call('getCatalogue', {})).toEqual(opened);
  });

  it('a saved catalogue reaches every linked office at once; one that applies it is recorded as running it', async () => {
    const admin = await city.staff('city-admin');
    const offices = await Promise.all(['cat-a', 'cat-b', 'cat-c'].map(async (id) => city.link(await city.enrolOffice(id))));
    const received = offices.map(
      (socket) =>
        new Promise<Catalogue>((resolve) =>
          socket.once('catalogue', (catalogue, ack) => {
            ack({ ok: true });
            resolve(catalogue);
          }),
        ),
    );
    const saved = await admin.call('putCatalogue', edit(await admin.call('getCatalogue', {}), 6));
    for (const catalogue of await Promise.all(received)) expect(catalogue).toEqual(saved);
    await expect
      .poll(async () => (await admin.call('listOffices', {})).filter((o) => o.id.startsWith('cat-')).map((o) => o.catalogueVersion))
      .toEqual([saved.version, saved.version, saved.version]);
  });

  it('an office that was not linked gets the latest catalogue in its welcome', async () => {
    const admin = await city.staff('city-admin');
    const latest = await admin.call('getCatalogue', {});
    const socket = await city.link(await city.enrolOffice('cat-late'));
    // The city asks it once more after the welcome, and lists it as running the version once it says it applied it.
    const asked = new Promise<Catalogue>((resolve) =>
      socket.once('catalogue', (catalogue, ack) => {
        ack({ ok: true });
        resolve(catalogue);
      }),
    );
    const welcome = (await socket.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: null, lastSeq: 0 })) as LinkWelcome;
    expect(welcome.catalogue).toEqual(latest);
    expect(await asked).toEqual(latest);
    await expect.poll(async () => (await admin.call('listOffices', {})).find((o) => o.id === 'cat-late')?.catalogueVersion).toBe(latest.version);
  });

  it('an office already running the latest version is not asked again', async () => {
    const admin = await city.staff('city-admin');
    const latest = await admin.call('getCatalogue', {});
    const socket = await city.link(await city.enrolOffice('cat-current'));
    let asked = 0;
    socket.on('catalogue', () => void (asked += 1));
    await socket.emitWithAck('hello', { softwareVersion: '0.1.0', catalogueVersion: latest.version, lastSeq: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked).toBe(0);
  });
});
