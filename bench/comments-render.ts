/**
 * node --import tsx bench/comments-render.ts — the time <frontdesk-comments> takes to show a thread
 * of 100 comments (70 top-level, 30 replies, some replies to replies, with links and markdown) in
 * Chromium, from the built kit (dist/frontdesk.js: run `npx rollup -c` first) served by a real
 * Frontdesk server on a fresh SQLite file.
 *
 * Each run inserts a new element and stops the clock when its 100 articles are in the shadow DOM
 * and laid out (a forced layout). The same page's fetch, timed on its own just before, is reported
 * too, so `render` (total minus fetch) is the element's own work: parsing, templates, style, layout.
 *
 * Env: BENCH_RUNS (default 30, after 5 warm-up runs), CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/support/chromium-flags.js';
import { parseConfig } from '../src/server/config.js';
import { DEMO_CONFIG } from '../src/server/demo-config.js';
import { startServer } from '../src/server/server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const THREAD = '/bench/render';

if (!existsSync('dist/frontdesk.js')) {
  console.error('dist/frontdesk.js is missing: run `npx rollup -c` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-render-'));
const server = await startServer({
  port: 0,
  databaseUrl: `sqlite:${join(dir, 'frontdesk.db')}`,
  config: parseConfig({
    ...DEMO_CONFIG,
    allowedOrigins: ['*'],
    comments: { moderation: 'post' },
    limits: { writesPerMinutePerClient: 100000 },
  }),
  adminToken: 'bench-admin-token',
  demo: false,
  log: () => {},
});

async function post(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ thread: THREAD, elapsedMs: 5000, ...body }),
  });
  if (res.status !== 201) throw new Error(`seed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

let tops = 0;
let lastTop = '';
let lastReply = '';
for (let i = 0; i < 100; i++) {
  const text =
    i % 3 === 0
      ? `Comment ${i}: thanks for the **clear** explanation.\nSee https://example.com/page/${i} for *more*.\n\nA second paragraph with \`code\`.`
      : `Comment ${i}. ${'A plain sentence of visitor text. '.repeat(1 + (i % 4))}`;
  const author = `Visitor ${i} ${String.fromCharCode(65 + (i % 26))}.`;
  const slot = i % 10; // 7 tops, 2 replies, 1 reply to a reply in every 10
  if (slot === 7 || slot === 8) lastReply = await post({ author, text, parentId: lastTop });
  else if (slot === 9) await post({ author, text, parentId: lastReply });
  else {
    lastTop = await post({ author, text });
    tops++;
  }
}
const page0 = (await (await fetch(`${server.url}/api/v1/comments?thread=${THREAD}&limit=100`)).json()) as {
  count: number;
  comments: unknown[];
};

const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}/healthz`);
  await page.setContent(
    `<!doctype html><html lang="en"><head><base href="${server.url}/"><script src="${server.url}/frontdesk.js"></script></head><body></body></html>`,
  );
  await page.waitForFunction('customElements.get("frontdesk-comments")');

  // Page code as text: tsx would otherwise wrap named functions in a helper the page lacks.
  const RUN = `async ({ api, thread, expected }) => {
    const url = api + '/api/v1/comments?' + new URLSearchParams({ thread, sort: 'oldest', limit: '100' });
    const f0 = performance.now();
    await (await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit' })).json();
    const fetchMs = performance.now() - f0;
    const el = document.createElement('frontdesk-comments');
    el.setAttribute('api', api);
    el.setAttribute('thread', thread);
    el.setAttribute('page-size', '100');
    const t0 = performance.now();
    document.body.append(el);
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (el.shadowRoot.querySelectorAll('article').length >= expected) observer.disconnect(), resolve();
      });
      observer.observe(el.shadowRoot, { childList: true, subtree: true });
    });
    void document.body.offsetHeight; // style and layout included
    const totalMs = performance.now() - t0;
    el.remove();
    return { fetchMs, totalMs };
  }`;
  const runOnce = (args: { api: string; thread: string; expected: number }) =>
    page.evaluate(`(${RUN})(${JSON.stringify(args)})`) as Promise<{ fetchMs: number; totalMs: number }>;

  const args = { api: server.url, thread: THREAD, expected: page0.comments.length };
  for (let i = 0; i < 5; i++) await runOnce(args);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce(args));

  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms`;
  };
  const version = await browser.version();
  console.log(
    `<frontdesk-comments>, ${page0.comments.length} comments (${tops} top-level), count ${page0.count}; ${RUNS} runs after 5 warm-up; ${version}`,
  );
  console.log(`  total (insert -> 100 articles laid out): ${stat(runs.map((r) => r.totalMs))}`);
  console.log(`  fetch of the same page alone:            ${stat(runs.map((r) => r.fetchMs))}`);
  console.log(`  render (total - fetch):                  ${stat(runs.map((r) => r.totalMs - r.fetchMs))}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
