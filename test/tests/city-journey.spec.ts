/**
 * A resident's whole journey before and at the office (issue 19), on a phone's screen and at a real office: book a
 * move-in visit on the city's booking page with an email reminder; the reminder reaches a real SMTP server, and its
 * link confirms the visit in one tap; fill in
 * the move-in form at home, where the guide's checks catch a mistake; travel with the booking's code, whose QR the
 * kiosk's camera reads; the counter reads the form; and after the office's day closes the form is gone.
 *
 * A real clock would make the reminder wait a day: the booking's "made at" is moved a day back in the city's
 * database, as if it had been booked yesterday, and the city's own reminder round sends it. The office's hours are
 * moved to close a few minutes ahead, as forms-purge.spec does, so that a real day closes during the test.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { linkToCity, MOVE_IN, startBuiltCity, type RunningCity } from '../support/city.js';
import { expect, test } from '../support/fixtures.js';
import { fillMoveIn } from '../support/home-forms.js';
import { startMailbox, type Mailbox } from '../support/mailbox.js';
import { demoOffice } from '../support/office.js';
import { cameraShowing, readQr } from '../support/qr.js';

const password = 'city-test-password';
const EMAIL = 'tennyu.hanako@example.jp';
const CHECKED_IN = 'Checked in. Please wait to be called.';
let city: RunningCity;
let mailbox: Mailbox;

const tokyoClock = (at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

test.beforeAll(async () => {
  test.setTimeout(90_000);
  mailbox = await startMailbox();
  city = await startBuiltCity(password, (url) => ({
    CITY_PUBLIC_URL: url,
    JUNBAN_SMTP_URL: mailbox.url,
    JUNBAN_NOTICE_FROM: 'ひかり市 <notices@city.example.jp>',
  }));
});
test.afterAll(async () => {
  await city?.stop();
  await mailbox?.close();
});

test('a resident books a move-in visit, is reminded by email, fills in the form at home, checks in with the QR, and the form is gone after the day', async ({
  browser,
  ownServer,
}, testInfo) => {
  test.setTimeout(8 * 60_000);
  // The day must not end (Tokyo's midnight) within the test's twenty minutes.
  while (tokyoClock(Date.now() + 21 * 60_000) < tokyoClock(Date.now())) await new Promise((r) => setTimeout(r, 10_000));
  const office = await demoOffice(ownServer);
  const admin = await office.as('admin');
  // Open today whatever day it is, until twenty minutes from now; counter 3 takes two bookings for moving in
  // per 5-minute slot, bookable up to its start.
  const config = await admin<{ settings: Record<string, unknown>; counters: { id: string }[] }>('GET', '/config');
  const openToday = { closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false, bookingLeadMinutes: 0, bookingSlotMinutes: 5 };
  await admin('PUT', '/config/settings', { ...config.settings, ...openToday, hours: { open: '00:00', close: tokyoClock(Date.now() + 20 * 60_000) } });
  await admin('PUT', '/config/counters/3', { ...config.counters.find((c) => c.id === '3'), bookingsPerSlot: 2 });
  const { unlink } = await linkToCity(city, password, office, { id: 'honcho', name: { ja: '本庁舎', en: 'City Hall' } }, [MOVE_IN]);

  // At home: a time for moving in, reminded by email.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
  await phone.goto(`${city.url}/kiosk/book`);
  await expect(phone.getByRole('heading', { name: 'City Hall' })).toBeVisible({ timeout: 15_000 });
  await phone.getByRole('button', { name: 'Moving in' }).click();
  const times = phone.locator('.slots .times button:not([disabled])');
  // Not the first time, which may begin before the city's next reminder round (every 30 s): the second.
  await expect(times.nth(1)).toContainText('2 left', { timeout: 15_000 });
  await times.nth(1).click();
  await phone.getByRole('radio', { name: 'Email address' }).check();
  await phone.getByRole('textbox', { name: 'Email address' }).fill(EMAIL);
  await phone.getByRole('button', { name: /^Book / }).click();
  const code = (await phone.getByTestId('booking-code').textContent({ timeout: 15_000 }))!.trim();
  const bookingPage = phone.url();
  expect(await readQr(phone.locator('.qr svg'))).toBe(code);

  // As if booked yesterday: the city's reminder round sends the hour-before reminder, by email, with the code.
  const db = new pg.Client({ connectionString: city.databaseUrl });
  await db.connect();
  try {
    await db.query('UPDATE bookings SET created_at = created_at - 86400000 WHERE code = $1', [code]);
    await expect.poll(() => mailbox.messages.length, { timeout: 60_000, intervals: [1_000] }).toBe(1);
    const [reminder] = mailbox.messages;
    expect(reminder!.to).toBe(EMAIL);
    expect(reminder!.text).toContain(code);
    // One tap from the reminder's link: the resident is coming, and the office's reservations say so.
    expect(reminder!.text).toContain(bookingPage);
    await phone.goto(bookingPage);
    await phone.getByRole('button', { name: 'I am coming (confirm)' }).click();
    await expect(phone.getByRole('status')).toHaveText('Thank you: the office expects you.');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now());
    const reservations = await admin<{ code: string; fromPhone?: true; confirmedAt?: number }[]>('GET', `/reservations?date=${today}`);
    expect(reservations.find((r) => r.code === code)).toMatchObject({ fromPhone: true, confirmedAt: expect.any(Number) });

    // The move-in form, at home: a mistake the guide's own check catches before anything is sent.
    await phone.goto(`${city.url}/kiosk/forms`);
    await phone.getByRole('button', { name: /Moving in/ }).click({ timeout: 15_000 });
    await fillMoveIn(phone, '転入 花子', 'てんにゅう はなこ');
    const furigana = phone.locator('[data-field="furigana"]');
    await furigana.locator('input').blur();
    await expect(furigana.getByRole('alert')).toHaveText('Use katakana, not hiragana');
    await furigana.locator('input').fill('テンニュウ ハナコ');
    await expect(furigana.getByRole('alert')).toHaveCount(0);
    await phone.getByLabel('Booking or check-in code (if you have one)').fill(code);
    await phone.getByRole('button', { name: 'Send to the office' }).click();
    await expect(phone.getByTestId('home-form-code')).toHaveText(code, { timeout: 15_000 });

    // At the office: the kiosk's camera reads the booking's QR code.
    const withCamera = await cameraShowing(code, testInfo);
    let visit: { id: string; number: string };
    try {
      const kiosk = await withCamera.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
      await kiosk.goto(`${ownServer.baseURL}/kiosk/?token=${encodeURIComponent(office.demo.kioskToken)}`);
      const checkedIn = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/reservations/check-in') && r.ok());
      await kiosk.locator('[data-action="reservation"]').click();
      visit = ((await (await checkedIn).json()) as { visit: { id: string; number: string } }).visit;
      await expect(kiosk.locator('.ticket .number')).toHaveText(visit.number);
    } finally {
      await withCamera.close();
    }
    // The city keeps neither the form nor, once the booking's page has heard from the office, the email address.
    await expect.poll(async () => (await db.query('SELECT count(*)::int AS n FROM home_forms')).rows[0].n).toBe(0);
    await phone.goto(bookingPage);
    await expect(phone.getByRole('status')).toHaveText(CHECKED_IN, { timeout: 15_000 });
    expect((await db.query('SELECT count(*)::int AS n FROM bookings WHERE sealed IS NOT NULL')).rows[0].n).toBe(0);

    // The counter reads the answers typed at home, checked as the guide's are.
    const counter = await office.as('counter');
    const [form] = await counter<{ serviceId: string; values: Record<string, unknown> }[]>('GET', `/visits/${visit.id}/forms`);
    expect(form).toMatchObject({ serviceId: 'tennyu', values: { name: '転入 花子', furigana: 'テンニュウ ハナコ' } });

    // The resident is served, and the office's day closes (two minutes from now): the form goes with it, from the
    // office's database file too.
    const { visit: called } = await counter<{ visit: { id: string; steps: { id: string; state: string }[] } }>('POST', '/counters/3/call-next');
    expect(called.id).toBe(visit.id);
    const stepId = called.steps.find((s) => s.state === 'called')!.id;
    await counter('POST', '/counters/3/start', { stepId });
    await counter('POST', '/counters/3/finish', { stepId });
    await admin('PUT', '/config/settings', { ...config.settings, ...openToday, hours: { open: '00:00', close: tokyoClock(Date.now() + 2 * 60_000) } });
    await expect
      .poll(
        async () =>
          counter('GET', `/visits/${visit.id}/forms`).then(
            (f: unknown[]) => f.length,
            () => 0,
          ),
        { timeout: 5 * 60_000, intervals: [5_000] },
      )
      .toBe(0);
    const file = new Database(join(ownServer.dataDir, 'junban.db'), { readonly: true });
    try {
      expect(file.prepare('SELECT count(*) FROM visit_forms WHERE visit_id = ?').pluck().get(visit.id)).toBe(0);
    } finally {
      file.close();
    }
  } finally {
    await db.end();
    await unlink();
  }
});
