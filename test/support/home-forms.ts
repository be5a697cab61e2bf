/** A resident's move-in form, typed on the city's phone page for forms filled in at home (`/kiosk/forms`). */
import type { Page } from '@playwright/test';

/** The move-in form's answers, typed on the phone (labels as the catalogue words them, in Japanese). */
export async function fillMoveIn(phone: Page, name: string, furigana: string) {
  const field = (id: string) => phone.locator(`[data-field="${id}"]`);
  const date = async (id: string, era: string, y: number, m: number, d: number) => {
    await field(id)
      .getByLabel(/元号|Era/)
      .selectOption(era);
    await field(id)
      .getByLabel(/^(年|Year)$/)
      .fill(String(y));
    await field(id)
      .getByLabel(/^(月|Month)$/)
      .fill(String(m));
    await field(id)
      .getByLabel(/^(日|Day)$/)
      .fill(String(d));
  };
  await field('name').locator('input').fill(name);
  await field('furigana').locator('input').fill(furigana);
  await date('birthdate', 'heisei', 2, 5, 17);
  const moved = new Date(Date.now() - 20 * 86_400_000);
  await date('move-date', 'western', moved.getFullYear(), moved.getMonth() + 1, moved.getDate());
  await field('phone').locator('input').fill('0466-25-1234');
  await field('postal').locator('input').fill('2510052');
  await field('address').locator('input').fill('藤沢市藤沢一丁目九番地の七');
  await field('previous-address').locator('input').fill('横浜市中区山下町九十九番地');
  await field('householder').locator('input').fill(name);
  await field('relationship').locator('input').fill('本人');
}
