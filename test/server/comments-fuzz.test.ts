import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { AdminComment, CommentPage } from '../../src/shared/api.js';
import { isApiErrorBody } from '../../src/shared/errors.js';
import { json } from '../support/json.js';
import { forEachStore, type TestContext } from '../support/stores.js';

/** mulberry32: the same seed gives the same run. FUZZ_SEED=n reproduces a failure. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const SPECIALS = [
  '\u0000',
  '\u0007',
  '\u202E',
  '\u2066',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  '\u0301',
  '\r\n',
  '\t',
  '<',
  '>',
  '"',
  "'",
  '`',
  '${',
  '&#x3C;',
  '%00',
  '\\',
  '\u{1F600}',
  'Ω',
  '\u200B',
];

function garbage(r: ReturnType<typeof prng>, max = 40): string {
  let s = '';
  const n = r.int(max);
  for (let i = 0; i < n; i++) s += r.next() < 0.3 ? r.pick(SPECIALS) : String.fromCharCode(r.int(0xffff));
  return s;
}

function nested(r: ReturnType<typeof prng>): unknown {
  let v: unknown = garbage(r, 5);
  for (let d = 1 + r.int(3000); d > 0; d--) v = r.next() < 0.5 ? [v] : { a: v };
  return v;
}

/** Any JSON value. */
function anyValue(r: ReturnType<typeof prng>, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 1e20]);
    case 3:
      return garbage(r);
    case 4:
      return '';
    case 5:
      return ' \u0000\t ';
    case 6:
      return Array.from({ length: r.int(4) }, () => anyValue(r, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(4) }, () => [garbage(r, 8), anyValue(r, depth + 1)]));
    default:
      return nested(r);
  }
}

/** A value the named field can never accept. */
function badValue(r: ReturnType<typeof prng>, field: string): unknown {
  const wrongType = () => {
    const v = anyValue(r);
    return typeof v === 'string' ? [v] : v === null && field !== 'thread' && field !== 'author' && field !== 'text' ? 7 : v;
  };
  const tooLong: Record<string, () => string> = {
    thread: () => '/' + 'p'.repeat(2001 + r.int(5000)),
    author: () => 'A'.repeat(81 + r.int(500)) + garbage(r),
    text: () => 'T'.repeat(5001 + r.int(3000)),
    email: () => r.pick(['not-an-email', 'a@b', '@x.com', garbage(r, 10) + ' @ x', 'a'.repeat(300) + '@x.com']),
    parentId: () => r.pick(['999999999', '1'.repeat(101), '-1', garbage(r, 10) || 'x']),
    elapsedMs: () => garbage(r, 6),
  };
  if (field === 'text' && r.next() < 0.2) return r.pick(['', '   ', '\u0000\u0007', '\r\n\t']);
  if (field === 'author' && r.next() < 0.2) return r.pick(['', ' ', '\u0000']);
  return r.next() < 0.5 ? wrongType() : tooLong[field]!();
}

const REQUIRED = ['thread', 'author', 'text'] as const;
const OPTIONAL = ['parentId', 'email', 'elapsedMs'] as const;

/** A malformed request: [body text, content type]. */
function malformed(r: ReturnType<typeof prng>, owner = false): [string, string] {
  const json = 'application/json';
  switch (r.int(10)) {
    case 0:
      return [r.pick(['', '{', '{"thread":}', 'undefined', "{'a':1}", '{"a":1}}', '[1,', 'NaN', garbage(r)]), json];
    case 1:
      return [JSON.stringify(r.pick([[], [{ thread: '/a', author: 'A', text: 'T' }], null, 42, 'text', true])), json];
    case 2:
      return [JSON.stringify({ thread: '/a', author: 'A', text: 'x'.repeat(70_000 + r.int(100_000)) }), json];
    case 3:
      return ['['.repeat(40_000) + ']'.repeat(40_000), json];
    case 4:
      return [
        JSON.stringify({ thread: '/a', author: 'A', text: 'T' }),
        r.pick(['text/html', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml']),
      ];
    default: {
      const body: Record<string, unknown> = { thread: '/fuzz', author: 'Ann', text: 'Hello' };
      // The owner's reply takes only thread, parentId and text.
      const required = owner ? (['thread', 'text'] as const) : REQUIRED;
      const optional = owner ? (['parentId'] as const) : OPTIONAL;
      for (const f of optional) if (r.next() < 0.3) body[f] = badValue(r, f);
      const field = r.pick(required);
      body[field] = badValue(r, field);
      if (r.next() < 0.3) delete body[r.pick(required)];
      for (let i = r.int(3); i > 0; i--) body[garbage(r, 8) || 'k'] = anyValue(r);
      delete body.website;
      return [JSON.stringify(body), json];
    }
  }
}

/** Percent-encodes, with lone surrogates as the raw (invalid UTF-8) bytes a careless client sends. */
const enc = (s: string) =>
  s
    .split(/([\uD800-\uDFFF])/)
    .map((p, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(p)))
    .join('');

async function expectClientError(res: Response, what: string): Promise<void> {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${(await res.clone().text()).slice(0, 300)}`);
  assert.ok(isApiErrorBody(await res.json()), what);
}

function send(t: TestContext, method: string, path: string, body: string, type: string, owner = false): Promise<Response> {
  return Promise.resolve(
    t.app.request(path, {
      method,
      body,
      headers: {
        Origin: 'https://clinic.example',
        'Content-Type': type,
        ...(owner ? { Authorization: 'Bearer test-admin-token-0123456789' } : {}),
      },
    }),
  );
}

forEachStore(
  'comments API fuzz',
  (t) => {
    it(`answers 300 malformed comment bodies with a 4xx in the error shape and stores nothing (seed ${SEED})`, async () => {
      const r = prng(SEED);
      const before = (await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments'))).length;
      for (let i = 0; i < 300; i++) {
        const [body, type] = malformed(r);
        await expectClientError(await send(t(), 'POST', '/api/v1/comments', body, type), `#${i} ${body.slice(0, 200)}`);
      }
      assert.equal((await json<AdminComment[]>(await t().owner('GET', '/api/v1/admin/comments'))).length, before);
    });

    it('answers malformed owner replies and status changes with a 4xx', async () => {
      const r = prng(SEED + 1);
      for (let i = 0; i < 100; i++) {
        const [body, type] = malformed(r, true);
        await expectClientError(await send(t(), 'POST', '/api/v1/admin/comments', body, type, true), `reply #${i} ${body.slice(0, 200)}`);
        const id = enc(r.pick(['1', '0', '-1', '99999999999999999999', garbage(r, 10) || 'x']));
        const patch = JSON.stringify({ status: r.next() < 0.5 ? anyValue(r) : garbage(r, 12) });
        await expectClientError(
          await send(t(), 'PATCH', `/api/v1/admin/comments/${id}`, patch, 'application/json', true),
          `patch ${id} ${patch.slice(0, 200)}`,
        );
      }
    });

    it('answers random query strings with 200 or a 4xx in the error shape, never a 5xx', async () => {
      const r = prng(SEED + 2);
      const raw = () => r.pick(['%', '%E0%A4%A', '%FF', '%00', '%%%', '&&', '=', '%2F..%2F', '+', '#']);
      const param = () => (r.next() < 0.3 ? raw() : enc(garbage(r, 20)));
      for (let i = 0; i < 200; i++) {
        const parts = [
          r.next() < 0.8 ? `thread=${r.next() < 0.5 ? '/fuzz' : param()}` : '',
          r.next() < 0.5 ? `cursor=${param()}` : '',
          r.next() < 0.5 ? `limit=${r.pick(['0', '-1', '1e2', '20.5', '101', '0x10', '', param()])}` : '',
          r.next() < 0.5 ? `sort=${r.pick(['OLDEST', 'new', '', param()])}` : '',
          r.next() < 0.2 ? raw() : '',
        ];
        const query = parts.filter(Boolean).join('&');
        const res = await t().request('GET', `/api/v1/comments?${query}`);
        if (res.status === 200) {
          const page = await json<CommentPage>(res);
          assert.equal(typeof page.count, 'number', query);
        } else await expectClientError(res, query);
        const admin = await t().owner('GET', `/api/v1/admin/comments?${query.replace(/cursor/, 'status')}`);
        if (admin.status !== 200) await expectClientError(admin, `admin ${query}`);
      }
    });
  },
  { config: { limits: { writesPerMinutePerClient: 100000 }, comments: { moderation: 'post' } } },
);
