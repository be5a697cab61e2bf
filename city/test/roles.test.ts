/** Every city endpoint checks who asks: nobody signed in gets 401, a city manager 403 on the admin's endpoints. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityApi, type CityEndpointName } from '@junban/protocol';
import { engines, startCity, type TestCity } from './support.js';

const names = Object.keys(cityApi) as CityEndpointName[];
/** An input each endpoint accepts, so a refusal can only be the role's. */
const validInput: Record<CityEndpointName, Record<string, unknown>> = {
  cityHealth: {},
  cityLive: {},
  cityLogin: { username: 'nobody', password: 'wrong password' },
  cityLogout: {},
  cityMe: {},
  citySignInOptions: {},
  listOffices: {},
  createEnrolment: { officeId: 'roles-office', name: { ja: '窓口', en: 'Office' } },
  revokeOffice: { officeId: 'roles-office' },
  enrol: { code: 'AAAA-BBBB-CCCC' },
  floor: {},
  getCatalogue: {},
  putCatalogue: { version: 0, services: [], groups: [], closures: [], locked: { serviceNames: true, groups: true, closures: true } },
  cityHistory: { from: '2026-04-01', to: '2026-04-30' },
  // The office the admin's tests above add.
  officeHistory: { officeId: 'roles-office', from: '2026-04-01', to: '2026-04-30' },
  monthlyReport: { month: '2026-04' },
  visitStatus: { token: 'no-such-visit.AAAA' },
  noticeChannels: {},
  followVisit: { token: 'no-such-visit.AAAA', target: { channel: 'webhook', phone: '09012345678' } },
  deadNotices: {},
  linkLine: { token: 'no-such-visit.AAAA' },
  joinOptions: {},
  joinQueue: { officeId: 'roles-office', serviceId: 'juminhyo' },
  postponeVisit: { token: 'no-such-visit.AAAA' },
  cancelFromPhone: { token: 'no-such-visit.AAAA' },
  rateFromPhone: { token: 'no-such-visit.AAAA', rating: 5 },
  ratingFromPhone: { token: 'no-such-visit.AAAA' },
  bookingOptions: {},
  bookingSlots: { officeId: 'roles-office', serviceId: 'juminhyo' },
  bookVisit: { officeId: 'roles-office', serviceId: 'juminhyo', slotStart: 0 },
  getBooking: { token: 'a'.repeat(43) },
  rescheduleBooking: { token: 'a'.repeat(43), slotStart: 0 },
  cancelBooking: { token: 'a'.repeat(43) },
  confirmBooking: { token: 'a'.repeat(43) },
  // An office of its own, enrolled by the admin's test below (roles-office is revoked by then).
  markPickupsReady: { officeId: 'pickup-office', serviceId: 'mynumber-pickup', references: ['R-0001'] },
  pickupStatus: { reference: 'R-0001' },
  followPickup: { reference: 'R-0002', target: { channel: 'webhook', phone: '09012345678' } },
  homeFormOptions: {},
  submitHomeForm: {
    officeId: 'roles-office',
    serviceId: 'juminhyo',
    envelope: { v: 1, epk: 'A'.repeat(87), iv: 'A'.repeat(16), ct: 'A'.repeat(40) },
  },
  // An undelivered notice the admin's test below puts in the dead-letter list.
  retryNotice: { noticeId: '0b7e4c1a-5d2f-4e6b-9a8c-3f1d2e4b5a6c' },
};

describe.each(engines)('roles on $name', (engine) => {
  let city: TestCity;
  let manager: string;
  let admin: string;
  beforeAll(async () => {
    city = await startCity(engine);
    manager = (await city.staff('city-manager')).cookie;
    admin = (await city.staff('city-admin')).cookie;
  });
  afterAll(() => city?.stop());

  it.each(names.filter((n) => cityApi[n].permission !== 'none'))('%s: 401 without a session', async (name) => {
    const res = await city.callAs(name, validInput[name]);
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('auth/required');
  });

  it.each(names.filter((n) => cityApi[n].permission === 'city:admin'))('%s: 403 for a city manager, allowed for the admin', async (name) => {
    const refused = await city.callAs(name, validInput[name], manager);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('auth/forbidden');
    if (name === 'revokeOffice' || name === 'retryNotice') await city.callAs('createEnrolment', validInput.createEnrolment, admin);
    if (name === 'markPickupsReady') await city.callAs('createEnrolment', { ...validInput.createEnrolment, officeId: 'pickup-office' }, admin);
    if (name === 'retryNotice') {
      await city.db.query(
        `INSERT INTO notices (id, office_id, visit_key, channel, target, message, state, attempts, next_at, created_at, dead_at)
         VALUES ($1, 'roles-office', 'v1', 'line', '\\x01'::bytea, $2::jsonb, 'dead', 8, 0, 0, 0)`,
        [validInput.retryNotice.noticeId, JSON.stringify({ kind: 'called', number: 'A-001' })],
      );
    }
    const allowed = await city.callAs(name, validInput[name], admin);
    expect(allowed.body.error).toBeUndefined();
    expect(allowed.status).toBe(200);
  });

  it.each(names.filter((n) => cityApi[n].permission === 'city:read'))('%s: open to a city manager', async (name) => {
    expect((await city.callAs(name, validInput[name], manager)).status).toBe(200);
  });

  it('an unknown field or a wrong one is refused with what is wrong, before anything changes', async () => {
    const res = await city.callAs('createEnrolment', { officeId: 'Not A Slug', name: { ja: 'x', en: 'x' }, extra: 1 }, admin);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('input/invalid');
    expect((await city.server.offices.list()).some((o) => o.id === 'Not A Slug')).toBe(false);
  });

  it('a wrong password is refused, and signing out ends the session', async () => {
    expect((await city.callAs('cityLogin', { username: 'nobody', password: 'wrong password' })).body.error?.code).toBe('auth/bad_credentials');
    const { cookie } = await city.staff('city-manager');
    expect((await city.callAs('cityMe', {}, cookie)).body).toMatchObject({ kind: 'city-staff', role: 'city-manager' });
    await city.callAs('cityLogout', {}, cookie);
    expect((await city.callAs('cityMe', {}, cookie)).status).toBe(401);
  });

  it('password guessing is slowed down: after 5 wrong tries the next must wait, and the right password clears the count', async () => {
    await city.server.access.createStaff({ username: 'guessed', displayName: 'Guessed', role: 'city-admin', password: 'the real password' });
    for (let i = 0; i < 5; i++) expect((await city.callAs('cityLogin', { username: 'guessed', password: `guess ${i}` })).status).toBe(401);
    const waiting = await city.callAs('cityLogin', { username: 'guessed', password: 'the real password' });
    expect(waiting.status).toBe(429);
    expect(waiting.body.error?.code).toBe('auth/too_many_attempts');
    city.clock.advance(1_001);
    expect((await city.callAs('cityLogin', { username: 'guessed', password: 'the real password' })).status).toBe(200);
    expect((await city.callAs('cityLogin', { username: 'guessed', password: 'wrong again' })).status).toBe(401);
  });

  it('a request from another site’s page is refused', async () => {
    const res = await fetch(`${city.url}/api/v1/offices`, { headers: { cookie: admin, origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});
