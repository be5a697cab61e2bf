/** The city's catalogue: saved in versions, never over someone else's save, and sent to every linked office. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue, LinkWelcome } from '@junban/protocol';
import { demoOffice, engines, startCity, type TestCity } from './support.js';

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
