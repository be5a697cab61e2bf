/**
 * Part 7 of the city bench: notices delivered a second, per channel, by the city processes' own outboxes
 * (notices/outbox.ts: 8 deliveries at once per channel and process, a lease per notice taken with
 * `FOR UPDATE SKIP LOCKED`) to local stand-ins of what a city would reach: its SMS gateway's webhook receiver, an
 * SMTP relay, a browser's push service (VAPID checked and the payload decrypted, as a browser would), and LINE's
 * Messaging API.
 *
 * The notices are queued by the bench through the outbox's own `enqueue` (sealed with the city's key), held until
 * all of a round are in the table, then released at once: the rate is the outbox's, not the enqueueing's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import type { NoticeChannel, NoticeMessage, NoticeTarget } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import { vapidPublicKey } from '../notices/channels/webpush.js';
import { Outbox } from '../notices/outbox.js';
import { loadCityKey, Sealer } from '../notices/seal.js';
import { enrolmentCode, type CityProcess } from './processes.js';
import { startLineApi, type LineApi } from './stand-ins/line-api.js';
import { startPushService, type PushService } from './stand-ins/push-service.js';
import { startSmtpRelay, type SmtpRelay } from './stand-ins/smtp-relay.js';
import { startWebhookReceiver, type WebhookReceiver } from './stand-ins/webhook-receiver.js';
import { ownCpuMs } from '@junban/server/bench/stats';

export const CHANNELS: readonly NoticeChannel[] = ['webhook', 'email', 'webpush', 'line'];
const OFFICE_ID = 'notices-office';
/** Long enough that no city process takes a notice before its round is released. */
const HOLD_MS = 3_600_000;

export interface StandIns {
  webhook: WebhookReceiver;
  smtp: SmtpRelay;
  push: PushService;
  line: LineApi;
  /** The city processes' environment that points their channels at the stand-ins, and one key file for them all. */
  env: Record<string, string>;
  keyFile: string;
  /** What each stand-in has taken so far. */
  received(channel: NoticeChannel): number;
  close(): Promise<void>;
}

export async function startStandIns(tmp: string): Promise<StandIns> {
  const secret = 'bench-webhook-secret-0123456789abcdef';
  const [webhook, smtp, push, line] = await Promise.all([startWebhookReceiver(secret), startSmtpRelay(), startPushService(), startLineApi()]);
  // The push service's certificate is made for this run: the city processes trust it as they would a real one's.
  const ca = join(tmp, 'push-service.pem');
  writeFileSync(ca, push.cert);
  const keyFile = join(tmp, 'city.key');
  loadCityKey(keyFile); // made now, so that every process reads the same key
  return {
    webhook,
    smtp,
    push,
    line,
    keyFile,
    env: {
      JUNBAN_CITY_KEY_FILE: keyFile,
      JUNBAN_NOTICE_WEBHOOK_URL: webhook.url,
      JUNBAN_NOTICE_WEBHOOK_SECRET: secret,
      JUNBAN_SMTP_URL: smtp.url,
      JUNBAN_NOTICE_FROM: 'City notices <notices@city.example.jp>',
      JUNBAN_LINE_CHANNEL_TOKEN: line.token,
      JUNBAN_LINE_API_BASE: line.url,
      // Required with the token (residents link a visit to the official account); the bench's phones never do.
      JUNBAN_LINE_CHANNEL_SECRET: 'bench-channel-secret',
      JUNBAN_LINE_ACCOUNT_ID: '@junban-bench',
      NODE_EXTRA_CA_CERTS: ca,
    },
    received: (channel) => ({ webhook: webhook.accepted(), email: smtp.accepted(), webpush: push.received.length, line: line.accepted.length })[channel] ?? 0,
    close: async () => {
      await Promise.allSettled([webhook.close(), smtp.close(), push.close(), line.close()]);
    },
  };
}

export interface ChannelRate {
  channel: NoticeChannel;
  notices: number;
  sent: number;
  dead: number;
  /** What the stand-in took (a notice the outbox sent twice counts once at the webhook, twice elsewhere). */
  received: number;
  /** Released → the last one sent. */
  ms: number;
  perSec: number;
  /** The first sent → the last: without the wait for a process's next look (at most its 1 s poll). */
  steadyPerSec: number;
}

export interface NoticeRound {
  channels: ChannelRate[];
  /** CPU over the round, as a share of one core. */
  cpu: { cities: number[]; postgres: number | undefined; standIns: number };
}

export interface NoticesResult {
  processes: number;
  perChannel: number;
  /** Each channel alone. */
  alone: NoticeRound[];
  /** The four at once. */
  together: NoticeRound;
  enqueuePerSec: number;
}

function target(channel: NoticeChannel, i: number, push: PushService, pushKey: string): NoticeTarget {
  switch (channel) {
    case 'webhook':
      return { channel, phone: `+8190${String(i).padStart(8, '0')}` };
    case 'email':
      return { channel, address: `resident${i}@example.jp` };
    case 'webpush': {
      const { endpoint, keys } = push.subscribe(pushKey);
      return { channel, subscription: { endpoint, keys } };
    }
    case 'line':
      return { channel, userId: `U${i.toString(16).padStart(32, '0')}` };
  }
}

function message(i: number): NoticeMessage {
  return {
    kind: 'called',
    language: i % 2 ? 'ja' : 'en',
    office: { ja: '本庁舎', en: 'City Hall' },
    number: `A-${String(i % 1000).padStart(3, '0')}`,
    counter: { ja: '3番窓口', en: 'Counter 3' },
    statusUrl: `https://city.example.jp/kiosk/status/bench-${i}`,
  };
}

export async function runNoticeRates(opts: {
  db: Db;
  cities: CityProcess[];
  standIns: StandIns;
  perChannel: number;
  postgresCpuMs: (() => number) | undefined;
  step: (what: string) => void;
}): Promise<NoticesResult> {
  const { db, cities, standIns, step } = opts;
  await enrolmentCode(db, OFFICE_ID); // the office the notices belong to (a notice names its office)
  const sealer = new Sealer(loadCityKey(standIns.keyFile));
  // Never started: it only enqueues, with a clock an hour ahead, so that its notices wait for their release.
  const outbox = new Outbox({ db, sealer, channels: [], log: pino({ level: 'silent' }), now: () => Date.now() + HOLD_MS });
  const pushKey = await vapidPublicKey(db);
  let serial = 0;
  let enqueued = 0;
  let enqueueMs = 0;

  async function round(channels: readonly NoticeChannel[]): Promise<NoticeRound> {
    const tag = `bench-${Date.now()}`;
    step(`7. queueing ${opts.perChannel} notices for ${channels.join(', ')}`);
    const jobs = channels.flatMap((channel) => Array.from({ length: opts.perChannel }, () => ({ channel, i: serial++ })));
    const queueing = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const { channel, i } = jobs[next++]!;
        await outbox.enqueue(OFFICE_ID, `${tag}-${channel}`, target(channel, i, standIns.push, pushKey), message(i));
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    enqueueMs += performance.now() - queueing;
    enqueued += jobs.length;

    const received0 = Object.fromEntries(channels.map((c) => [c, standIns.received(c)]));
    const cpu0 = { cities: cities.map((c) => c.cpuMs()), postgres: opts.postgresCpuMs?.(), bench: ownCpuMs() };
    const releasedAt = Date.now();
    const started = performance.now();
    step(`7. released: the city processes deliver them`);
    await db.query(`UPDATE notices SET next_at = $1, created_at = $1 WHERE state = 'pending' AND visit_key LIKE $2`, [releasedAt, `${tag}-%`]);
    const deadline = started + 300_000;
    type Row = { channel: NoticeChannel; sent: string; dead: string; first: string | null; last: string | null };
    let rows: Row[] = [];
    for (;;) {
      rows = await db.query<Row>(
        `SELECT channel, count(*) FILTER (WHERE state = 'sent') AS sent, count(*) FILTER (WHERE state = 'dead') AS dead,
                min(sent_at) AS first, max(sent_at) AS last
         FROM notices WHERE visit_key LIKE $1 GROUP BY channel`,
        [`${tag}-%`],
      );
      const settled = rows.reduce((n, r) => n + Number(r.sent) + Number(r.dead), 0);
      if (settled >= jobs.length || performance.now() > deadline) break;
      cities.forEach((c) => c.assertAlive());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const wall = performance.now() - started;
    const cpu1 = { cities: cities.map((c) => c.cpuMs()), postgres: opts.postgresCpuMs?.(), bench: ownCpuMs() };
    // The stand-ins answer before the outbox records the notice as sent: by now they have taken everything.
    return {
      channels: channels.map((channel) => {
        const r = rows.find((x) => x.channel === channel);
        const sent = Number(r?.sent ?? 0);
        const first = Number(r?.first ?? releasedAt);
        const last = Number(r?.last ?? releasedAt);
        const ms = last - releasedAt;
        return {
          channel,
          notices: opts.perChannel,
          sent,
          dead: Number(r?.dead ?? 0),
          received: standIns.received(channel) - received0[channel]!,
          ms,
          perSec: ms > 0 ? (sent * 1000) / ms : 0,
          steadyPerSec: last > first ? ((sent - 1) * 1000) / (last - first) : 0,
        };
      }),
      cpu: {
        cities: cpu1.cities.map((c, i) => (c - cpu0.cities[i]!) / wall),
        postgres: cpu1.postgres === undefined || cpu0.postgres === undefined ? undefined : (cpu1.postgres - cpu0.postgres) / wall,
        standIns: (cpu1.bench - cpu0.bench) / wall,
      },
    };
  }

  const alone: NoticeRound[] = [];
  for (const channel of CHANNELS) alone.push(await round([channel]));
  const together = await round(CHANNELS);
  return { processes: cities.length, perChannel: opts.perChannel, alone, together, enqueuePerSec: (enqueued * 1000) / enqueueMs };
}
