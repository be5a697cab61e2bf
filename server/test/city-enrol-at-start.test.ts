/**
 * An office linked to its city at first start, without an admin at its screens: JUNBAN_CITY_URL and JUNBAN_CITY_CODE
 * (how an installer links a new office, and how `npm run city` links its three). Used only while the office is not
 * linked; a linked office ignores them, so they may stay set. The office also tells the city where its own screens
 * are (its public URL, for the city's links), and never anything more.
 *
 * The city here is a small stand-in: the enrol endpoint and the link's hello (city-link.test.ts has the whole link).
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkHello } from '@junban/protocol';
import { readEnv } from '../src/config/env.js';
import { startInProcessOffice, type InProcessOffice } from '../src/testing/office.js';
import { demoOffice } from './support.js';

const CODE = 'K7QD-2MXA-93PF';
const PUBLIC_URL = 'http://192.0.2.10:3000';
const QUICK = { ackTimeoutMs: 2_000, retryMs: 50, retryMaxMs: 300 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(what: string, probe: () => T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** The city's side, as far as enrolling and greeting go. */
class StandInCity {
  readonly token = `credential-${Math.random().toString(36).slice(2)}`;
  enrolments = 0;
  readonly hellos: unknown[] = [];
  private http: HttpServer | undefined;
  private io: Server | undefined;
  url = '';

  async start(): Promise<void> {
    const app = express();
    app.use(express.json());
    app.post('/api/v1/link/enrol', (req, res) => {
      this.enrolments += 1;
      if ((req.body as { code?: unknown }).code !== CODE) {
        res.status(400).json({ error: { code: 'city/bad_code', message: 'This code is wrong, used or expired.' } });
        return;
      }
      res.json({ officeId: 'kita', name: { ja: '北支所', en: 'North Branch' }, token: this.token });
    });
    this.http = createServer(app);
    this.io = new Server(this.http);
    const link = this.io.of('/link');
    link.use((socket, next) => ((socket.handshake.auth as { token?: unknown }).token === this.token ? next() : next(new Error('auth/required'))));
    link.on('connection', (socket) => {
      socket.on('hello', (payload: unknown, ack: (answer: unknown) => void) => {
        this.hellos.push(payload);
        ack({ officeId: 'kita', storedSeq: 0, catalogue: null });
      });
      socket.on('events', (payload: { events: { seq: number }[] }, ack: (answer: unknown) => void) => ack({ storedSeq: payload.events.at(-1)!.seq }));
      socket.on('setup', (_payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true }));
    });
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => void this.io?.close(() => resolve()));
  }
}

describe('an office enrolled at start (JUNBAN_CITY_URL and JUNBAN_CITY_CODE)', () => {
  const city = new StandInCity();
  const dataDir = mkdtempSync('/tmp/city-demo-enrol-');
  let office: InProcessOffice | undefined;
  let logged = '';
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString('utf8');
        done();
      },
    }),
  );
  const start = () => startInProcessOffice({ dataDir, initialConfig: demoOffice, tickMs: 0, printerPollMs: 0, publicUrl: PUBLIC_URL, cityLink: QUICK, logger });
  const linkRow = () => office!.server.db.prepare('SELECT office_id, city_url FROM city_link').get() as { office_id: string; city_url: string } | undefined;

  beforeAll(() => city.start());
  afterAll(async () => {
    await office?.stop();
    await city.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a code without the city’s address, or a malformed one, before starting', () => {
    expect(() => readEnv({ JUNBAN_CITY_CODE: CODE })).toThrow(/JUNBAN_CITY_URL/);
    expect(() => readEnv({ JUNBAN_CITY_URL: 'http://city.example' })).toThrow(/JUNBAN_CITY_CODE/);
    expect(() => readEnv({ JUNBAN_CITY_URL: 'http://city.example', JUNBAN_CITY_CODE: 'abc' })).toThrow(/JUNBAN_CITY_CODE/);
    expect(readEnv({ JUNBAN_CITY_URL: 'http://city.example/', JUNBAN_CITY_CODE: CODE })).toMatchObject({
      JUNBAN_CITY_URL: 'http://city.example',
      JUNBAN_CITY_CODE: CODE,
    });
  });

  it('works on unlinked, and says why, when the code is refused', async () => {
    office = await start();
    await office.server.cityLink.enrolAtStart(city.url, 'ZZZZ-ZZZZ-ZZZZ');
    expect(linkRow()).toBeUndefined();
    expect(logged).toContain('could not enrol with JUNBAN_CITY_URL and JUNBAN_CITY_CODE');
    await office.stop();
    office = undefined;
  });

  it('enrols with the code when not linked, links, and tells the city where its screens are', async () => {
    office = await start();
    const before = city.enrolments;
    await office.server.cityLink.enrolAtStart(`${city.url}/`, CODE);
    expect(city.enrolments).toBe(before + 1);
    expect(linkRow()).toEqual({ office_id: 'kita', city_url: city.url });
    const hello = await until('the office greets the city', () => city.hellos.at(-1));
    expect(LinkHello.parse(hello)).toMatchObject({ publicUrl: PUBLIC_URL, lastSeq: office.server.office.currentVersion });
    // Only the address and the public key phones seal forms to: no device token, no credential.
    expect(Object.keys(hello as object).sort()).toEqual(['catalogueVersion', 'formKey', 'lastSeq', 'publicUrl', 'softwareVersion']);
    expect(JSON.stringify(hello)).not.toContain(city.token);
  });

  it('ignores the code once linked: a restart with the variables still set links again with its own credential', async () => {
    await office!.stop();
    const enrolments = city.enrolments;
    const hellos = city.hellos.length;
    office = await start();
    await office.server.cityLink.enrolAtStart(city.url, CODE);
    await until('the restarted office greets the city', () => city.hellos.length > hellos);
    expect(city.enrolments).toBe(enrolments);
    expect(logged).toContain('already linked to the city');
  });
});
