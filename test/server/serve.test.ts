import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../../src/server/store/db.js';
import type { AdminTestimonial } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { makeContext, testConfig } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-serve-'));

/** Starts `frontdesk serve` (from the sources) and resolves once it listens. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', "import('./src/server/cli.ts').then((m) => m.main(['serve']))"], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start: ' + out)), 20000);
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url.replace(/,$/, ''));
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('stopped before listening: ' + out));
    });
  });
  ready.catch(() => {}); // awaited by the tests that expect a start
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

describe('frontdesk serve', () => {
  it('prints a generated admin token once, keeps it, and stops cleanly on SIGTERM mid-request', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'serve.db')}` };
    const first = serve(env);
    const url = await first.ready;
    const token = /admin token[^\n]*\n\s*\n\s*(\S+)/.exec(first.output())?.[1];
    assert.ok(token, 'a token is printed on first start');
    const ok = await fetch(`${url}/api/v1/admin/testimonials`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);

    // A slow upload is in flight when SIGTERM arrives (headers and half the body sent): it still gets its answer.
    const body = JSON.stringify({ author: 'Late', text: 'In flight' });
    const { port } = new URL(url);
    const slow = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/testimonials', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        first.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 300);
    });
    assert.equal(await slow, 201);
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /SIGTERM/);

    const second = serve(env);
    const url2 = await second.ready;
    assert.doesNotMatch(second.output(), /admin token/, 'printed only once');
    const again = await fetch(`${url2}/api/v1/admin/testimonials`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(again.status, 200);
    const list: { author: string }[] = await json<AdminTestimonial[]>(again);
    assert.equal(list.filter((t) => t.author === 'Late').length, 1, 'the in-flight write was kept');
    second.child.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });

  it('uses FRONTDESK_ADMIN_TOKEN when given, and prints none', async () => {
    const server = serve({ DATABASE_URL: `sqlite:${join(dir, 'env-token.db')}`, FRONTDESK_ADMIN_TOKEN: 'my-own-token-123' });
    const url = await server.ready;
    assert.doesNotMatch(server.output(), /admin token/);
    const res = await fetch(`${url}/api/v1/admin/testimonials`, { headers: { Authorization: 'Bearer my-own-token-123' } });
    assert.equal(res.status, 200);

    // Over a real socket: a body over the limit is refused whether its length is declared or streamed.
    const big = JSON.stringify({ author: 'Big', text: 'x'.repeat(100_000) });
    const declared = await fetch(`${url}/api/v1/testimonials`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    assert.equal(declared.status, 413);
    assert.equal((await errorOf(declared)).code, 'payload_too_large');
    const streamed = await fetch(`${url}/api/v1/testimonials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    const small = await fetch(`${url}/api/v1/testimonials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Blob([JSON.stringify({ author: 'Small', text: 'Streamed and kept' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(small.status, 201);
    server.child.kill('SIGTERM');
    await server.exited;
  });
});

describe('frontdesk serve and a client that hangs up mid-body', () => {
  it('writes one escaped line about it, not a stack, and keeps serving', async () => {
    const server = serve({ DATABASE_URL: `sqlite:${join(dir, 'hang-up.db')}`, FRONTDESK_ADMIN_TOKEN: 'my-own-token-123' });
    try {
      const url = await server.ready;
      const { port } = new URL(url);
      const before = server.output().length;
      await new Promise<void>((resolve) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          // A crafted path too: U+009B (CSI, a terminal escape) and U+2028 (a line break to some viewers) reach the log escaped.
          path: '/api/v1/testimonials%C2%9B31m%E2%80%A8',
          headers: { 'Content-Type': 'application/json', 'Content-Length': 1000 },
        });
        req.on('error', () => {});
        req.on('close', () => resolve());
        req.write('{"author": "Gone", "te');
        setTimeout(() => req.destroy(), 300);
      });
      const deadline = Date.now() + 10_000;
      while (!/closed the connection/.test(server.output().slice(before)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200)); // anything more it would write
      assert.equal(
        server.output().slice(before),
        '[frontdesk] POST /api/v1/testimonials\\x9b31m\\u2028: the client closed the connection before sending the whole body\n',
      );
      assert.equal((await fetch(`${url}/healthz`)).status, 200, 'still serving');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('frontdesk serve with a weak FRONTDESK_ADMIN_TOKEN', () => {
  for (const [token, why] of [
    ['1', /FRONTDESK_ADMIN_TOKEN is too short: it has 1 character and needs at least 16/],
    ['fifteen-chars-x', /FRONTDESK_ADMIN_TOKEN is too short: it has 15 characters and needs at least 16/],
    ['sixteen chars ok', /FRONTDESK_ADMIN_TOKEN must not contain spaces/],
  ] as const) {
    it(`refuses to start with ${JSON.stringify(token)}, saying why, and serves nothing`, async () => {
      const server = serve({ DATABASE_URL: `sqlite:${join(dir, 'weak-token.db')}`, FRONTDESK_ADMIN_TOKEN: token });
      assert.equal(await server.exited, 1);
      assert.match(server.output(), why);
      assert.doesNotMatch(server.output(), /listening on/);
      assert.doesNotMatch(server.output(), /\n\s+at /, 'a message, not a stack');
    });
  }
});

describe('bundle serving', () => {
  it('serves /frontdesk.js and /frontdesk.mjs as JavaScript, cached long only when versioned', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'frontdesk.js'), '(()=>{})();');
    writeFileSync(join(dist, 'frontdesk.mjs'), 'export {};');
    const store = await openStore(`sqlite:${join(dir, 'assets.db')}`);
    const t = await makeContext(store, testConfig());
    t.ctx.distDir = dist;
    const { createApp } = await import('../../src/server/app.js');
    const app = createApp(t.ctx);

    const plain = await app.request('/frontdesk.js', { headers: { Origin: 'https://clinic.example' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(plain.headers.get('cache-control') ?? '', /max-age=300/);
    assert.equal(plain.headers.get('access-control-allow-origin'), 'https://clinic.example');
    const etag = plain.headers.get('etag')!;
    assert.equal((await app.request('/frontdesk.js', { headers: { 'If-None-Match': etag } })).status, 304);

    const versioned = await app.request('/frontdesk.mjs?v=0.1.0');
    assert.equal(versioned.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(versioned.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    assert.equal(await versioned.text(), 'export {};');
    await store.close();
  });
});
