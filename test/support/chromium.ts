/**
 * Real Chromium for server-side tests that need a browser to follow a person's path through a
 * page the server renders (a button on the manage page, a form with JavaScript turned off).
 * Debian's /usr/bin/chromium (or CHROMIUM_PATH), driven by puppeteer-core; no browser download.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium-flags.js';

export { CHROMIUM_PATH };

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Runs `body` with a fresh page (its own browser context: no cookies shared with other tests),
 * JavaScript on or off, and closes it after. Console errors and failed page loads are collected
 * in `problems`, for a test to assert there were none.
 */
export async function withPage<T>(
  browser: Browser,
  body: (page: Page, problems: string[]) => Promise<T>,
  options: { javascript?: boolean; locale?: string } = {},
): Promise<T> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`console.${message.type()}: ${message.text()}`);
    // Chromium's own complaints about a page's forms ("[DOM] Password forms should have … username fields"): what an owner sees in DevTools.
    else if (message.text().startsWith('[DOM]')) problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
  if (options.javascript === false) await page.setJavaScriptEnabled(false);
  if (options.locale) await page.setExtraHTTPHeaders({ 'Accept-Language': options.locale });
  try {
    return await body(page, problems);
  } finally {
    await context.close();
  }
}
