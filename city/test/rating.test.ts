/**
 * A resident rates their visit from its page at the city (issue 20), with a real office linked over a socket: the
 * office keeps the one rating, and a page opened again asks it, so the faces are not offered twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApiClient, RatingState } from '@junban/protocol';
import type { InProcessOffice } from '../../server/src/testing/office.js';
import { engines, linkedOffice, startCity, until, type TestCity } from './support.js';

describe.each(engines)('a rating from the page at the city on $name', (engine) => {
  let city: TestCity;
  let office: InProcessOffice;
  let kiosk: ReturnType<typeof createApiClient>;
  let counter: ReturnType<typeof createApiClient>;
  const page = (token: string, path = '') => `${city.url}/api/v1/status/${token}${path}`;
  const ratingOf = async (token: string) => (await (await fetch(page(token, '/rating'))).json()) as RatingState;
  const rate = (token: string, rating: number) =>
    fetch(page(token, '/rating'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating }) });

  beforeAll(async () => {
    city = await startCity(engine, undefined, { publicUrl: 'https://junban.city.example.jp' });
    ({ office, kiosk, counter } = await linkedOffice(city, 'honcho'));
  }, 30_000);
  afterAll(async () => {
    await office?.stop();
    await city?.stop();
  });

  it('is offered once the visit has ended, reaches the office, and is not offered again when the page opens again', async () => {
    const issued = await kiosk('issueVisit', { services: ['juminhyo'] });
    expect(issued.statusUrl.startsWith('https://junban.city.example.jp/kiosk/status/')).toBe(true);
    const token = issued.statusUrl.split('/').at(-1)!;
    // The phone opens its page: the city asks the offices, and this one answers.
    expect((await fetch(page(token))).status).toBe(200);
    expect(await ratingOf(token)).toEqual({ canRate: false, rated: null });

    const { visit } = await counter('callNext', { counterId: '1' });
    await counter('finish', { counterId: '1', stepId: visit.steps[0]!.id });
    await until('the page at the city shows the visit ended', async () => ((await (await fetch(page(token))).json()) as { state: string }).state === 'done');
    expect(await ratingOf(token)).toEqual({ canRate: true, rated: null });

    expect((await rate(token, 4)).status).toBe(200);
    // Opened again: the office says it was rated, with what.
    expect(await ratingOf(token)).toEqual({ canRate: false, rated: 4 });
    const second = await rate(token, 1);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('rating/already_given');
  });
});
