import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { openStore } from '../../src/server/store/db.js';
import type { AdminTestimonial } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { makeContext, testConfig } from '../support/stores.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('serve');

const CLI = pathToFileURL(resolve('src/server/cli.ts')).href;

/** Starts `frontdesk serve` (from the sources) and resolves once it listens; in `cwd`, where its default store goes. */
function serve(env: Record<string, string>, cwd = process.cwd()) {
  const code = `import(${JSON.stringify(CLI)}).then((m) => m.main(['serve']))`;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '-e', code], {
    env: { ...process.env, PORT: '0', ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start: ' + out)), 20000);
    child.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      // Ready once the whole startup block is out (its last line names the metrics): its lines are written one by one.
      if (url && /metrics/.test(out.slice(out.indexOf('listening on')))) {
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
    assert.match(first.output(), /\n {2}email: off: emails wait in \/admin, Notifications \(set SMTP_URL\)/);
    const token = /admin token[^\n]*\n\s*\n\s*(\S+)/.exec(first.output())?.[1];
    assert.ok(token, 'a token is printed on first start');
    const ok = await fetch(`${url}/api/v1/admin/testimonials`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);

    // A slow upload is in flight when SIGTERM arrives (headers and half the body sent): it still gets its answer.
    const body = JSON.stringify({ author: 'Late', text: 'In flight' });
    const { port } = new URL(url);
    const slow = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/testimonials',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
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
    const server = serve({
      DATABASE_URL: `sqlite:${join(dir, 'env-token.db')}`,
      FRONTDESK_ADMIN_TOKEN: 'my-own-token-123',
      SMTP_URL: 'smtp://clinic:s3cret-pass@127.0.0.1:2525',
    });
    const url = await server.ready;
    assert.doesNotMatch(server.output(), /admin token/);
    // The startup lines say where email goes, its password masked.
    assert.match(server.output(), /\n {2}email: smtp:\/\/clinic:\*\*\*\*@127\.0\.0\.1:2525/);
    assert.ok(!server.output().includes('s3cret-pass'));
    // And where the links in emails lead, which no request decides.
    assert.ok(
      server.output().includes(`\n  links in emails: ${url} (set FRONTDESK_PUBLIC_URL to the address visitors reach this server at)`),
      server.output(),
    );
    const res = await fetch(`${url}/api/v1/admin/testimonials`, { headers: { Authorization: 'Bearer my-own-token-123' } });
    assert.equal(res.status, 200);

    // Over a real socket: a body over the limit is refused whether its length is declared or streamed.
    const big = JSON.stringify({ author: 'Big', text: 'x'.repeat(100_000) });
    const declared = await fetch(`${url}/api/v1/testimonials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
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

describe('frontdesk serve without DATABASE_URL', () => {
  it('keeps the demo clinic in a store of its own, so a real clinic started after it shows none of its samples', async () => {
    const site = scratchDir('serve-default');
    const demo = serve({ DATABASE_URL: '', FRONTDESK_CONFIG: '' }, site);
    const demoUrl = await demo.ready;
    const samples = await json<unknown[]>(await fetch(`${demoUrl}/api/v1/testimonials`));
    assert.ok(samples.length > 0, 'the demo shows its sample testimonials');
    demo.child.kill('SIGTERM');
    await demo.exited;
    assert.ok(existsSync(join(site, 'data', 'demo.db')), 'the demo in data/demo.db');

    // The clinic, as README's "Running the server" starts it (its config, the default store).
    writeFileSync(join(site, 'clinic.json'), JSON.stringify(testConfig()));
    const clinic = serve({ DATABASE_URL: '', FRONTDESK_CONFIG: join(site, 'clinic.json') }, site);
    const url = await clinic.ready;
    assert.deepEqual(await json<unknown[]>(await fetch(`${url}/api/v1/testimonials`)), [], 'no demo testimonial on her site');
    assert.match(clinic.output(), /admin token/, 'her own token, printed on her store\u2019s first start');
    assert.match(clinic.output(), /data\/frontdesk\.db/);
    clinic.child.kill('SIGTERM');
    await clinic.exited;
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
      while (!/closed the connection/.test(server.output().slice(before)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
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
  const dist = join(dir, 'dist');
  const loader = '!function(){let s={};try{s=JSON.parse("__FRONTDESK_SERVER__")}catch{}console.log(s)}();' + ' '.repeat(2000);
  async function app(messages?: Record<string, Record<string, string>>) {
    mkdirSync(join(dist, 'kit'), { recursive: true });
    writeFileSync(join(dist, 'frontdesk.js'), loader);
    writeFileSync(join(dist, 'frontdesk.mjs'), 'export {};');
    writeFileSync(join(dist, 'kit', 'core-AbC123.js'), 'export const core = 1;' + '/* padding */'.repeat(100));
    const store = await openStore(`sqlite:${join(dir, `assets-${Math.random()}.db`)}`);
    const t = await makeContext(store, testConfig(messages ? { messages } : {}));
    t.ctx.distDir = dist;
    const { createApp } = await import('../../src/server/app.js');
    return { app: createApp(t.ctx), close: () => store.close() };
  }

  it('serves the loader with a short cache and an ETag, and the whole kit as a module, cached long only when versioned', async () => {
    const { app: server, close } = await app();
    const plain = await server.request('/frontdesk.js', { headers: { Origin: 'https://clinic.example' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(plain.headers.get('cache-control') ?? '', /max-age=300/);
    // Any site may load the kit (module scripts need CORS); writes are still limited to the allowed origins.
    assert.equal(plain.headers.get('access-control-allow-origin'), '*');
    const etag = plain.headers.get('etag')!;
    assert.equal((await server.request('/frontdesk.js', { headers: { 'If-None-Match': etag } })).status, 304);

    const versioned = await server.request('/frontdesk.mjs?v=0.1.0');
    assert.equal(versioned.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(versioned.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
    assert.equal(await versioned.text(), 'export {};');
    await close();
  });

  it('serves content-hashed chunks for a year, and nothing outside dist/kit', async () => {
    const { app: server, close } = await app();
    const chunk = await server.request('/kit/core-AbC123.js');
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(chunk.headers.get('access-control-allow-origin'), '*');
    for (const path of [
      '/kit/..%2Ffrontdesk.js',
      '/kit/missing-000.js',
      '/kit/core-AbC123.js.map',
      '/kit/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      assert.equal((await server.request(path)).status, 404, path);
    }
    await close();
  });

  it('compresses every text file with brotli or gzip as the client accepts, with Vary and an ETag per encoding', async () => {
    const { app: server, close } = await app();
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const get = (encoding: string) => server.request('/kit/core-AbC123.js', { headers: { 'Accept-Encoding': encoding } });
    const br = await get('gzip, deflate, br');
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/);
    const original = 'export const core = 1;' + '/* padding */'.repeat(100);
    const brBody = Buffer.from(await br.arrayBuffer());
    assert.ok(brBody.length < original.length / 4, 'smaller');
    assert.equal(brotliDecompressSync(brBody).toString(), original);
    const gz = await get('gzip');
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), original);
    const plain = await get('identity');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), original);
    const refused = await get('br;q=0, gzip');
    assert.equal(refused.headers.get('content-encoding'), 'gzip');
    const tags = new Set([br, gz, plain].map((r) => r.headers.get('etag')));
    assert.equal(tags.size, 3, 'one ETag per encoding');
    assert.equal(
      (await server.request('/kit/core-AbC123.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': br.headers.get('etag')! } }))
        .status,
      304,
    );

    // Pages made per request (the manage page's stylesheet, /book) are compressed too.
    const page = await server.request('/book', { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(page.headers.get('content-encoding'), 'br');
    assert.match(brotliDecompressSync(Buffer.from(await page.arrayBuffer())).toString(), /<html lang="en"/);
    await close();
  });

  it('writes the owner\u2019s message replacements into the loader it serves', async () => {
    const { app: server, close } = await app({ es: { 'booking.chooseService': 'Elija su tratamiento "favorito" \u2019hoy\u2019' } });
    const body = await (await server.request('/frontdesk.js')).text();
    assert.ok(!body.includes('__FRONTDESK_SERVER__'));
    const logged: unknown[] = [];
    new Function('console', body)({ log: (value: unknown) => logged.push(value) });
    assert.deepEqual(logged, [{ messages: { es: { 'booking.chooseService': 'Elija su tratamiento "favorito" \u2019hoy\u2019' } } }]);
    await close();
  });
});
