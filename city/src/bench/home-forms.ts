/**
 * Part 9 of the city's bench: a form filled in at home reaching the counter (issue 19). A real demo office linked to a
 * city process on PostgreSQL, the city's catalogue carrying the office's move-in form. `forms` residents each seal a
 * move-in form in "their browser" (WebCrypto, to the office's key, as the phone's page does) and send it to the city;
 * then, one after another, each checks in at the kiosk with the form's code and the counter opens the visit's forms.
 * Measured: the kiosk's check-in (the office fetches the sealed form over its link, opens it and keeps it on the new
 * visit, in the check-in), and from the check-in's start to the counter reading the form.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CatalogueEntry, type Catalogue, type HomeFormOffice, type IssuedVisit } from '@junban/protocol';
import { sealHomeForm } from '@junban/protocol/form-check';
import { HttpClient, setDemoKiosks, signIn } from '@junban/server/bench/http-client';
import { ServerProcess } from '@junban/server/bench/server-process';
import { distribution, type Distribution } from '@junban/server/bench/stats';
import type { Db } from '../db/engine.js';
import { linkOffice, signInStaff } from './live-floor.js';
import { benchPort, type CityProcess } from './processes.js';

const OFFICE_ID = 'forms-office';
const SERVICE = 'tennyu';
/** The office's own move-in form (dist/bench → city → the repository's server/catalogue). */
const MOVE_IN = fileURLToPath(new URL('../../../server/catalogue/tennyu.json', import.meta.url));

export interface HomeFormsResult {
  forms: number;
  /** POST /home-forms (the sealed form stored at the city). */
  sendMs: Distribution;
  /** The kiosk's check-in with the form's code. */
  checkInMs: Distribution;
  /** The check-in's start → the counter has read the form (`GET /visits/:id/forms`). */
  toCounterMs: Distribution;
}

export async function runHomeForms(
  o: { db: Db; city: CityProcess; forms: number; step: (line: string) => void },
  cleanups: (() => Promise<void>)[],
): Promise<HomeFormsResult> {
  o.step('9. a real office linked to the city, the city’s catalogue carrying its move-in form');
  const office = await ServerProcess.start([], { port: await benchPort() });
  cleanups.push(() => office.stop());
  const officeClient = new HttpClient(office.origin, { connections: 2 });
  cleanups.push(async () => officeClient.close());
  await linkOffice(office, officeClient, o.db, o.city.url, OFFICE_ID);
  const demo = office.demoInfo();
  // One kiosk checks everyone in: without its limit on tickets a minute, and without a printer.
  await setDemoKiosks(officeClient, demo, { printerId: null, ticketsPerMinute: 0 });
  const kiosk = { authorization: `Bearer ${demo.kioskToken}` };
  const clerk = demo.accounts.find((a) => a.role === 'counter')!;
  const counter = await signIn(officeClient, clerk.username, clerk.password);

  const city = new HttpClient(o.city.url, { connections: 2 });
  cleanups.push(async () => city.close());
  const cookie = { cookie: await signInStaff(o.db, o.city.url, 'city-admin') };
  const catalogue = await city.json<Catalogue>('GET', '/api/v1/catalogue', { headers: cookie });
  const moveIn = CatalogueEntry.parse(JSON.parse(readFileSync(MOVE_IN, 'utf8')));
  await city.json('PUT', '/api/v1/catalogue', { headers: cookie, body: { ...catalogue, forms: [moveIn] } });
  let key: string | undefined;
  for (const deadline = Date.now() + 30_000; !key;) {
    const offices = await city.json<HomeFormOffice[]>('GET', '/api/v1/home-forms');
    key = offices.find((x) => x.officeId === OFFICE_ID && x.forms.some((f) => f.serviceId === SERVICE))?.key;
    if (Date.now() > deadline) throw new Error('the office’s move-in form was not offered at the city within 30 s');
    if (!key) await new Promise((resolve) => setTimeout(resolve, 200));
  }

  o.step(`9. ${o.forms} move-in forms sealed and sent from home, then checked in at the kiosk one after another`);
  const sendMs: number[] = [];
  const codes: string[] = [];
  for (let i = 0; i < o.forms; i++) {
    const values = { name: `転入 花子${i}`, furigana: 'テンニュウ ハナコ', postal: '251-0052' };
    const envelope = await sealHomeForm(key, OFFICE_ID, SERVICE, { values });
    const t = performance.now();
    const sent = await city.json<{ code: string }>('POST', '/api/v1/home-forms', { body: { officeId: OFFICE_ID, serviceId: SERVICE, envelope } });
    sendMs.push(performance.now() - t);
    codes.push(sent.code);
  }
  const checkInMs: number[] = [];
  const toCounterMs: number[] = [];
  for (const code of codes) {
    const t = performance.now();
    const issued = await officeClient.json<IssuedVisit>('POST', '/api/v1/reservations/check-in', { headers: kiosk, body: { code, language: 'ja' } });
    checkInMs.push(performance.now() - t);
    const forms = await officeClient.json<{ serviceId: string }[]>('GET', `/api/v1/visits/${issued.visit.id}/forms`, { headers: counter });
    if (!forms.some((f) => f.serviceId === SERVICE)) throw new Error(`the counter did not find the form checked in with ${code}`);
    toCounterMs.push(performance.now() - t);
  }
  o.city.assertAlive();
  await office.stop();
  return { forms: o.forms, sendMs: distribution(sendMs), checkInMs: distribution(checkInMs), toCounterMs: distribution(toCounterMs) };
}
