/** Enrolling an office: a one-time code from the city's admin, exchanged once for the office's own credential. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startCity, type TestCity } from './support.js';

describe.each(engines)('enrolment on $name', (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(() => city?.stop());

  it('an admin adds an office with a code; the office exchanges it once for a credential that opens its link', async () => {
    const admin = await city.staff('city-admin');
    const enrolment = await admin.call('createEnrolment', { officeId: 'honcho', name: { ja: '本庁舎', en: 'City hall' } });
    expect(enrolment.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(enrolment.expiresAt - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const first = await city.callAs('enrol', { code: enrolment.code });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ officeId: 'honcho', name: { ja: '本庁舎', en: 'City hall' } });
    const socket = await city.link(first.body.token as string);
    expect(socket.connected).toBe(true);

    const again = await city.callAs('enrol', { code: enrolment.code });
    expect(again.status).toBe(400);
    expect(again.body.error?.code).toBe('city/bad_code');

    const [office] = (await admin.call('listOffices', {})).filter((o) => o.id === 'honcho');
    expect(office).toMatchObject({ id: 'honcho', revokedAt: null, link: 'connected' });
    expect(office!.enrolledAt).not.toBeNull();
  });

  it('a code is refused after 24 hours, and a new code replaces an unused one', async () => {
    const admin = await city.staff('city-admin');
    const old = await admin.call('createEnrolment', { officeId: 'kita', name: { ja: '北支所', en: 'Kita branch' } });
    const replacement = await admin.call('createEnrolment', { officeId: 'kita', name: { ja: '北支所', en: 'Kita branch' } });
    expect((await city.callAs('enrol', { code: old.code })).body.error?.code).toBe('city/bad_code');

    city.clock.advance(24 * 3_600_000 + 1);
    const late = await city.callAs('enrol', { code: replacement.code });
    expect(late.status).toBe(400);
    expect(late.body.error?.code).toBe('city/bad_code');
  });

  it('a made-up credential opens no link', async () => {
    await expect(city.link('not-a-credential')).rejects.toMatchObject({ data: { code: 'auth/required' } });
  });

  it('revoking an office cuts its open link at once and refuses its credential after; enrolling it again gives a new one', async () => {
    const admin = await city.staff('city-admin');
    const token = await city.enrolOffice('aeon-window');
    const socket = await city.link(token);
    const cut = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    await admin.call('revokeOffice', { officeId: 'aeon-window' });
    expect(await cut).toBe('io server disconnect');
    await expect(city.link(token)).rejects.toMatchObject({ data: { code: 'city/revoked' } });
    const [office] = (await admin.call('listOffices', {})).filter((o) => o.id === 'aeon-window');
    expect(office).toMatchObject({ link: 'revoked' });
    expect(office!.revokedAt).not.toBeNull();

    const newToken = await city.enrolOffice('aeon-window');
    expect(newToken).not.toBe(token);
    await expect(city.link(token)).rejects.toMatchObject({ data: { code: 'auth/required' } });
    expect((await city.link(newToken)).connected).toBe(true);
  });

  it('enrolling an office again ends its former credential, and cuts a link still open with it', async () => {
    const former = await city.enrolOffice('re-enrolled');
    const socket = await city.link(former);
    const cut = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const current = await city.enrolOffice('re-enrolled');
    expect(await cut).toBe('io server disconnect');
    await expect(city.link(former)).rejects.toMatchObject({ data: { code: 'auth/required' } });
    expect((await city.link(current)).connected).toBe(true);
  });

  it('revoking an office the city does not know says so', async () => {
    const admin = await city.staff('city-admin');
    await expect(admin.call('revokeOffice', { officeId: 'nowhere' })).rejects.toMatchObject({ code: 'city/unknown_office' });
  });
});
