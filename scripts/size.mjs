// `npm run size`: what Chromium really fetches from the Frontdesk server for a page, against the
// kit's budgets. Starts the built server (npm run build first) and a second server for the pages
// (another origin, like a real site), opens each kind of page in Chromium, records every response
// from the Frontdesk server except the API's data, gzips each body at level 9 (what a plain gzip
// server would send; ours sends brotli when it can, which is smaller), sums per page, prints a
// table, and fails over any budget. An extra language is what a page in that language fetches
// beyond the same page in English.
// The budgets are for the page load. Validation (the shared schemas and zod/mini) is loaded when a
// visitor reaches a form, so for each page with a form the table also shows what the page has
// fetched once its form is on screen: the page load plus the validation chunk, with no budget.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';

const KB = 1024;
const CARD =
  '<frontdesk-testimonial author="Katie F." rating="5">I originally started seeing Kiya about 3 months ago for back pain &amp; sciatica.</frontdesk-testimonial>';
// The four elements of issue 9's budget; the testimonial form (issue 12) is measured beside them, without one.
const ALL = `${CARD}<frontdesk-testimonials></frontdesk-testimonials><frontdesk-booking></frontdesk-booking><frontdesk-comments thread="/size"></frontdesk-comments>`;
const FIVE = `${ALL}<frontdesk-testimonial-form></frontdesk-testimonial-form>`;
const PAGES = [
  { name: 'loader (a page with no element)', body: '', budget: 2.5 * KB },
  { name: 'only <frontdesk-testimonial>', body: CARD, budget: 9 * KB },
  { name: 'only <frontdesk-booking>', body: '<frontdesk-booking></frontdesk-booking>', budget: 15 * KB, form: 'booking' },
  { name: 'all four elements', body: ALL, budget: 21 * KB, form: 'comments' },
  ...['es', 'fr', 'de', 'pt', 'ar'].map((lang) => ({ name: `all four, in ${lang}`, body: ALL, lang, extra: 2 * KB })),
  { name: 'all five (with <frontdesk-testimonial-form>)', body: FIVE, budget: Infinity },
];

const { startServer } = await import('../dist/node/server/server.js');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-size-'));
const frontdesk = await startServer({ port: 0, databaseUrl: `sqlite:${join(dir, 'size.db')}`, demo: true, log: () => {} });
frontdesk.ctx.config.allowedOrigins.push('*');

let current = '';
const site = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(current);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const siteUrl = `http://127.0.0.1:${site.address().port}/`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});

/**
 * Runs in the page: brings the visitor to a form. `booking`: the first service, day and time, up to
 * the details form; `comments`: focus in the comment form (it is on screen from the start).
 */
async function reachForm(kind) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  const root = document.querySelector(`frontdesk-${kind}`).shadowRoot;
  if (kind === 'comments') {
    while (!root.querySelector('#c-text')) await pause();
    root.querySelector('#c-text').focus();
    return;
  }
  for (let tries = 0; !root.querySelector('form'); tries++) {
    if (tries > 400) throw new Error('the booking form never appeared');
    const heading = root.querySelector('h2')?.textContent;
    const option = root.querySelector('[part=option]');
    if (option) {
      option.click();
      while (root.querySelector('h2')?.textContent === heading) await pause();
    } else await pause();
  }
}

/**
 * Every kit file the page fetched from the Frontdesk server, [path, gzip -9 bytes]: at load, and
 * (for a page with a form) once the form is on screen.
 */
async function measure(page) {
  current = `<!doctype html><html lang="${page.lang ?? 'en'}"><head><meta charset="utf-8"><script src="${frontdesk.url}/frontdesk.js" defer></script></head><body>${page.body}</body></html>`;
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  const bodies = [];
  tab.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== frontdesk.url || url.pathname.startsWith('/api/') || response.request().method() !== 'GET') return;
    bodies.push(response.buffer().then((body) => [url.pathname, gzipSync(body, { level: 9 }).length]));
  });
  await tab.goto(siteUrl, { waitUntil: 'networkidle0' });
  const tags = [...new Set((page.body.match(/<frontdesk-[a-z]+/g) ?? []).map((t) => t.slice(1)))];
  await tab.evaluate((names) => Promise.all(names.map((n) => customElements.whenDefined(n))), tags);
  const files = await Promise.all(bodies);
  let withForm;
  if (page.form) {
    await tab.evaluate(reachForm, page.form);
    await tab.waitForNetworkIdle({ idleTime: 300 });
    withForm = await Promise.all(bodies);
  }
  await context.close();
  return { files, withForm };
}

const rows = [];
let failed = false;
let english;
const sum = (files) => files.reduce((total, [, size]) => total + size, 0);
for (const page of PAGES) {
  const { files, withForm } = await measure(page);
  const total = sum(files);
  if (page.body === ALL && !page.lang) english = new Set(files.map(([path]) => path));
  let shown = total;
  let budget = page.budget;
  if (page.extra) {
    shown = files.filter(([path]) => !english.has(path)).reduce((sum, [, size]) => sum + size, 0);
    budget = page.extra;
  }
  const ok = shown <= budget;
  failed ||= !ok;
  const form = withForm && [withForm.length, sum(withForm)];
  rows.push([page.extra ? `${page.name}: the extra language` : page.name, files.length, shown, budget, ok, form]);
}
await browser.close();
site.close();
await frontdesk.close();
rmSync(dir, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
const bytes = (n) => n.toLocaleString('en') + ' B';
console.log(`${pad('page', 48)} ${pad('files', 6)} ${pad('gzip -9', 10)} ${pad('budget', 18)} after the visitor reaches the form`);
for (const [name, count, size, budget, ok, form] of rows) {
  const after = form ? `${bytes(form[1])} (${form[0]} files; validation loaded, no budget)` : '—';
  console.log(
    `${pad(name, 48)} ${pad(count, 6)} ${pad(bytes(size), 10)} ${pad(budget === Infinity ? 'none' : `${(budget / KB).toFixed(1)} KB ${ok ? 'ok' : 'OVER BUDGET'}`, 18)} ${after}`,
  );
}
process.exit(failed ? 1 : 0);
