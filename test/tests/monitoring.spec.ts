/**
 * The office's monitoring, seen from a real wall display: a call the display puts on screen is counted in the
 * office's `/metrics` as the call-to-display latency the city's IT department watches.
 */
import { expect, test } from '../support/fixtures.js';
import { demoOffice } from '../support/office.js';

const shownCount = async (baseURL: string) => {
  const page = await (await fetch(`${baseURL}/metrics`)).text();
  return Number(/^junban_call_to_display_seconds_count (\S+)$/m.exec(page)?.[1] ?? 'NaN');
};

test("a call the display shows is counted in the office's call-to-display latency", async ({ page, ownServer }) => {
  const office = await demoOffice(ownServer);
  const counter = await office.as('counter');
  await page.goto(office.displayURL);
  await expect(page.locator('.calls h2')).toBeVisible();
  await expect(page.locator('header .office')).not.toBeEmpty();
  expect(await shownCount(ownServer.baseURL)).toBe(0);

  await office.kiosk('POST', '/visits', { services: ['tennyu'] });
  const { visit } = await counter<{ visit: { number: string } }>('POST', '/counters/3/call-next');
  await expect(page.locator('.tiles .call').first()).toContainText(visit.number);
  await expect.poll(() => shownCount(ownServer.baseURL)).toBe(1);
});
