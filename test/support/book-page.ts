/** Choosing a time on the no-JavaScript booking page (/book/{service}) in Chromium. */
import type { Page } from 'puppeteer-core';

/**
 * Clicks the first free time at least an hour away and answers its value. The first times offered
 * are minutes away: one can pass while a test fills the form (a page shown at 10:29:58 offers
 * 10:30, refused once the form is sent at 10:30:01).
 */
export async function pickTime(page: Page): Promise<string> {
  const value = await page.$$eval(
    'input[name=start]',
    (inputs, after) => inputs.map((i) => (i as unknown as { value: string }).value).find((v) => Date.parse(v) >= after),
    Date.now() + 3_600_000,
  );
  if (!value) throw new Error('no free time an hour away on the page');
  await page.click(`input[name=start][value="${value}"]`);
  return value;
}
