/**
 * Notices by LINE (issue 18): a resident links their visit to the city's official account by sending it a one-time
 * code from LINE (their page opens LINE with the message typed in). LINE's webhook, signed with the channel secret,
 * tells the city who sent it; from then on the notices reach that LINE user through the Messaging API (here the
 * local stand-in, which checks each request as LINE's reference describes it).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitStatus } from '@junban/protocol';
import { createLineChannel } from '../src/notices/channels/line.js';
import { engines, startCity, type OfficeSocket, type TestCity, until } from './support.js';
import { startLineApi, type LineApi } from '../src/bench/stand-ins/line-api.js';

const SECRET = 'the-city-line-channel-secret-0123';
const ACCOUNT = '@hikari-city';
const USER = `U${'4af4980629'.repeat(3)}ab`;
const BUSINESS_DATE = '2026-04-01';
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

function status(change: Partial<VisitStatus> = {}): VisitStatus {
  const service = { id: 'juminhyo', name: { ja: '住民票の写し', en: 'Certificate of residence' } };
  return {
    number: 'A-021',
    office: { ja: '本庁舎', en: 'City hall' },
    businessDate: BUSINESS_DATE,
    at: Date.now(),
    state: 'waiting',
    service,
    counter: null,
    calledAt: null,
    peopleAhead: 6,
    estimateSec: 900,
    steps: [{ serviceId: service.id, name: service.name, state: 'waiting' }],
    ...change,
  };
}

describe.each(engines)('linking a visit to LINE on $name', (engine) => {
  let city: TestCity;
  let line: LineApi;
  let office: OfficeSocket;
  const token = 'visit-21.honcho';
  const send = (s: VisitStatus) => office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key: keyOf(token), status: s }] });
  /** LINE's webhook request, as LINE signs it (or not). */
  const webhook = (text: string, secret = SECRET) => {
    const body = JSON.stringify({
      destination: 'U0000000000000000000000000000000',
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
          deliveryContext: { isRedelivery: false },
          replyToken: 'b60d432864f44d079f6d8efe86cf404b',
          source: { type: 'user', userId: USER },
          message: { id: '325708', type: 'text', quoteToken: 'q', text },
        },
      ],
    });
    return fetch(`${city.url}/line/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', secret).update(body).digest('base64') },
      body,
    });
  };

  beforeAll(async () => {
    line = await startLineApi();
    city = await startCity(engine, undefined, {
      publicUrl: 'https://junban.city.example.jp',
      notices: {
        key: randomBytes(32),
        channels: [createLineChannel({ channelAccessToken: line.token, channelSecret: SECRET, accountId: ACCOUNT, apiBase: line.url })],
        line: { accountId: ACCOUNT, channelSecret: SECRET },
      },
    });
    office = await city.link(await city.enrolOffice('line-honcho'));
    office.on('watch', ({ keys }) => {
      if (keys.includes(keyOf(token))) void send(status());
    });
  });
  afterAll(async () => {
    await city?.stop();
    await line?.close();
  });

  it('gives the page a one-time code and the link that opens LINE with it, to the city’s account', async () => {
    // The resident's page is open (its office sent it) before they tap LINE, as on a phone: the city asking the
    // offices for a page it does not know is public.test.ts's, and under a loaded machine it is what takes the time.
    await send(status());
    const res = await fetch(`${city.url}/api/v1/status/${token}/line`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ahead: 3, language: 'en' }),
    });
    expect(res.status).toBe(200);
    const { code, url } = (await res.json()) as { code: string; url: string };
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(url).toBe(`https://line.me/R/oaMessage/%40hikari-city/?${encodeURIComponent(`順番 ${code}`)}`);

    // Not signed with the channel secret: refused, and nothing is linked.
    expect((await webhook(`順番 ${code}`, 'someone-else-s-secret')).status).toBe(401);
    await send(status({ peopleAhead: 3 }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(line.accepted).toHaveLength(0);

    // The resident sends it: from then on they are told, in their language, by LINE.
    expect((await webhook(`順番 ${code.toLowerCase()}`)).status).toBe(200);
    await send(status({ peopleAhead: 2 }));
    await until('LINE got the "ahead" notice', () => line.accepted.length === 1);
    expect(line.accepted[0]).toMatchObject({ to: USER });
    expect(String(line.accepted[0]!.messages[0]!.text)).toContain('A-021');

    // A code links once: sent again, it links nothing more.
    expect((await webhook(`順番 ${code}`)).status).toBe(200);
    const [row] = await city.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_subscriptions WHERE key = $1', [keyOf(token)]);
    expect(row?.n).toBe(1);
  });

  it('answers a page no office knows with "not valid", and keeps no code for it', async () => {
    const res = await fetch(`${city.url}/api/v1/status/nobody.nowhere/line`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    const [row] = await city.db.query<{ n: number }>('SELECT count(*)::int AS n FROM line_links');
    expect(row?.n).toBe(0);
  });
});
