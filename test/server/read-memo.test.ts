/**
 * Comment pages replayed before the framework (src/server/http/read-memo.ts), on a real server on
 * each store: a replayed page is the app's answer, byte for byte and header for header, for the
 * origin that asked; every change shows on the very next read.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, it } from 'node:test';
import type { CommentPage } from '../../src/shared/api.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { ADMIN_TOKEN, freshDatabase, forEachKind, testConfig } from '../support/stores.js';

const CLINIC = 'https://clinic.example';
const BLOG = 'https://blog.clinic.example';
const STRANGER = 'https://elsewhere.example';

forEachKind('comment pages replayed from memory', async (kind) => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  before(async () => {
    const database = await freshDatabase(kind);
    drop = database.drop;
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      adminToken: ADMIN_TOKEN,
      config: testConfig({
        allowedOrigins: [CLINIC, BLOG],
        comments: { moderation: 'post' },
        limits: { writesPerMinutePerClient: 1000 },
      }),
      log: () => {},
    });
  });
  after(async () => {
    await server?.close();
    await drop?.();
  });

  const get = (thread: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/comments?thread=${encodeURIComponent(thread)}`, { headers });
  const read = async (thread: string) => {
    const res = await get(thread, { Origin: CLINIC });
    assert.equal(res.status, 200);
    return (await res.json()) as CommentPage;
  };
  const post = async (thread: string, text: string) => {
    const res = await fetch(`${server.url}/api/v1/comments`, {
      method: 'POST',
      headers: { Origin: CLINIC, 'Content-Type': 'application/json' },
      body: JSON.stringify({ thread, author: 'Dee', text }),
    });
    const answer = await res.text();
    assert.equal(res.status, 201, answer);
    return (JSON.parse(answer) as { id: string }).id;
  };
  const owner = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.text()}`);
  };
  /** What a browser sees of an answer: status, the headers that matter, the body. */
  const seen = async (res: Response) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
    allowOrigin: res.headers.get('access-control-allow-origin'),
    vary: res.headers.get('vary'),
    exposed: res.headers.get('access-control-expose-headers'),
    body: await res.text(),
  });

  it('answers the same page the same way, each origin with its own CORS headers', async () => {
    await post('/replayed', 'First');
    // Read first with no Origin (a crawler, curl): a widget's read afterwards still gets its CORS headers.
    for (let i = 0; i < 2; i++) assert.equal((await get('/replayed')).headers.get('access-control-allow-origin'), null);
    const first = await seen(await get('/replayed', { Origin: CLINIC }));
    assert.equal(first.allowOrigin, CLINIC);
    assert.equal(first.vary, 'Origin');
    for (let i = 0; i < 3; i++) assert.deepEqual(await seen(await get('/replayed', { Origin: CLINIC })), first);
    // Another allowed origin gets its own name back; a page read with no Origin, or from a site that
    // is not allowed, carries none, whatever was read before.
    const blog = await seen(await get('/replayed', { Origin: BLOG }));
    assert.equal(blog.allowOrigin, BLOG);
    assert.equal(blog.body, first.body);
    for (const headers of [{}, { Origin: STRANGER }] as Record<string, string>[]) {
      for (let i = 0; i < 2; i++) {
        const other = await seen(await get('/replayed', headers));
        assert.equal(other.status, 200);
        assert.equal(other.allowOrigin, null, JSON.stringify(headers));
      }
    }
    assert.equal((await seen(await get('/replayed', { Origin: CLINIC }))).allowOrigin, CLINIC, 'and the clinic still gets its own');
  });

  it('shows every change on the very next read: a new comment, a hidden one, an owner reply, a removal', async () => {
    const thread = '/fresh-replay';
    const first = await post(thread, 'One');
    assert.deepEqual(
      (await read(thread)).comments.map((c) => c.text),
      ['One'],
    );
    assert.equal((await read(thread)).count, 1); // replayed
    await post(thread, 'Two');
    assert.deepEqual(
      (await read(thread)).comments.map((c) => c.text),
      ['One', 'Two'],
    );
    await owner('PATCH', `/comments/${first}`, { status: 'rejected' });
    assert.deepEqual(
      (await read(thread)).comments.map((c) => c.text),
      ['Two'],
    );
    await owner('POST', '/comments', { thread, text: 'Thank you' });
    const page = await read(thread);
    assert.deepEqual(
      page.comments.map((c) => [c.text, c.byOwner]),
      [
        ['Two', false],
        ['Thank you', true],
      ],
    );
    await owner('DELETE', `/comments/${page.comments[0]!.id}`);
    assert.deepEqual(
      (await read(thread)).comments.map((c) => c.text),
      ['Thank you'],
    );
  });

  /** An answer to headers sent exactly as given (names in any case, one sent twice), with its CORS header. */
  const raw = (thread: string, headers: string[]) =>
    new Promise<{ allowOrigin: string | undefined; body: string }>((resolve, reject) => {
      const url = `${server.url}/api/v1/comments?thread=${encodeURIComponent(thread)}`;
      // A flat array: node sends each pair as it is, names in their case, a name given twice twice.
      const sent = ['Host', '127.0.0.1', ...headers.flatMap((h) => h.split(': ')), 'Connection', 'close'];
      request(url, { headers: sent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ allowOrigin: res.headers['access-control-allow-origin'] as string | undefined, body }));
      })
        .on('error', reject)
        .end();
    });

  it('tells requests apart as the app does, whatever the case of their header names, and with a header sent twice', async () => {
    await post('/raw-headers', 'Hello');
    const clinic = await raw('/raw-headers', [`Origin: ${CLINIC}`]);
    assert.equal(clinic.allowOrigin, CLINIC);
    // The same origin, its header name in other cases: replayed, the same answer.
    for (const name of ['origin', 'ORIGIN', 'oRiGiN']) assert.deepEqual(await raw('/raw-headers', [`${name}: ${CLINIC}`]), clinic);
    // Another allowed origin, named in lower case after the clinic's was kept: its own name back.
    assert.equal((await raw('/raw-headers', [`origin: ${BLOG}`])).allowOrigin, BLOG);
    // Two Origin headers, read twice (the second from memory): the app's answer both times, and it
    // names neither origin alone.
    const twice = [`Origin: ${CLINIC}`, `Origin: ${STRANGER}`];
    const first = await raw('/raw-headers', twice);
    assert.deepEqual(await raw('/raw-headers', twice), first);
    assert.notEqual(first.allowOrigin, CLINIC);
    assert.equal((await raw('/raw-headers', [`Origin: ${CLINIC}`])).allowOrigin, CLINIC, 'and the clinic still gets its own');
  });

  it('never replays an error, and answers a bad query as the app does', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/api/v1/comments?limit=5`, { headers: { Origin: CLINIC } });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.thread !== undefined, true);
    }
  });
});
