/**
 * Setup › 市の連携 / City link, as an office's admin uses it: not linked at first, a mistyped code refused in
 * Japanese and English, then linked with the city's code (the page shows the city, the office's id and the link's
 * state), then unlinked.
 *
 * The city is a stand-in: only its enrolment endpoint (`POST /api/v1/link/enrol`), until the city server (`city/`)
 * can be started from a test. Without its socket the link shows as retrying, which is what an admin sees when the
 * city is away. What crosses the link is the server's test (server/test/city-link.test.ts).
 */
import { createServer } from 'node:http';
import { expect, test } from '../support/fixtures.js';
import { freePort } from '../support/server.js';
import { staffPage } from '../support/staff.js';

const CODE = 'ABCD-EFGH-JKLM';
/** A port free when the test starts (a fixed one was sometimes taken by an outgoing connection). */
const CITY_PORT = await freePort();

/** The city's enrolment endpoint: the one code it gave, once. */
async function standInCity() {
  let used = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      const code = req.method === 'POST' && req.url === '/api/v1/link/enrol' ? (JSON.parse(body || '{}') as { code?: string }).code : undefined;
      if (code !== CODE || used) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { code: 'city/bad_code', message: 'This code is wrong, used or expired.' } }));
        return;
      }
      used = true;
      res.end(JSON.stringify({ officeId: 'kita-satellite', name: { ja: '北支所', en: 'North branch' }, token: 'stand-in-credential' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(CITY_PORT, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${CITY_PORT}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('an admin links the office to the city with its code, sees the link, and unlinks', async ({ browser, ownServer }) => {
  const city = await standInCity();
  try {
    const page = await staffPage(browser, ownServer, 'admin', '/setup/city');
    page.on('dialog', (dialog) => void dialog.accept());
    await expect(page.locator('main h1')).toContainText('市の連携');
    await expect(page.locator('.state')).toHaveText('未連携 / Not linked');

    await page.getByLabel(/市のアドレス/).fill(city.url);
    await page.getByLabel(/登録コード/).fill('ZZZZ-ZZZZ-ZZZZ');
    await page.getByRole('button', { name: /Link$/ }).click();
    await expect(page.getByRole('alert')).toContainText('登録コードが違う');
    await expect(page.locator('.state')).toHaveText('未連携 / Not linked');

    await page.getByLabel(/登録コード/).fill(CODE.toLowerCase());
    await page.getByRole('button', { name: /Link$/ }).click();
    await expect(page.getByRole('status')).toContainText('市と連携しました');
    await expect(page.locator('dl')).toContainText(city.url);
    await expect(page.locator('dl')).toContainText('北支所 / North branch');
    await expect(page.locator('dl')).toContainText('kita-satellite');
    // The stand-in has no link socket: the office keeps trying, and says so.
    await expect(page.locator('.state')).toHaveText(/接続中|切断中/);
    await expect(page.getByText('stand-in-credential')).toHaveCount(0);

    await page.getByRole('button', { name: /Unlink/ }).click();
    await expect(page.getByRole('status')).toContainText('連携を解除しました');
    await expect(page.locator('.state')).toHaveText('未連携 / Not linked');
  } finally {
    await city.close();
  }
});
