import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { it } from 'node:test';
import { closeSessionsOfOtherTokens, SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/server/services/admin-sessions.js';
import { hashToken } from '../../src/server/services/admin-token.js';
import { openStore } from '../../src/server/store/db.js';
import type { AdminSession } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { ADMIN_TOKEN, forEachStore, makeContext, testConfig, type TestContext } from '../support/stores.js';

const OWN = 'http://localhost';
const DAY = 86_400_000;

/** Signs in as the admin page does; returns the cookie (name=value). */
async function signIn(t: TestContext, userAgent = 'Mozilla/5.0 (Test) Firefox/140.0'): Promise<string> {
  const res = await t.request('POST', '/admin/session', { token: ADMIN_TOKEN }, { Origin: OWN, 'User-Agent': userAgent });
  assert.equal(res.status, 200, await res.clone().text());
  const set = res.headers.get('set-cookie') ?? '';
  assert.match(set, /Max-Age=2592000/, 'the browser keeps it for the session\u2019s 30 days');
  return set.split(';')[0]!;
}

/** A read of the owner's API from the admin page with this cookie: its status. */
async function use(t: TestContext, cookie: string): Promise<number> {
  return (await t.request('GET', '/api/v1/admin/config', undefined, { Origin: OWN, Cookie: cookie })).status;
}

async function sessions(t: TestContext, cookie?: string): Promise<AdminSession[]> {
  const res = cookie
    ? await t.request('GET', '/api/v1/admin/sessions', undefined, { Origin: OWN, Cookie: cookie })
    : await t.owner('GET', '/api/v1/admin/sessions');
  assert.equal(res.status, 200, await res.clone().text());
  return json<AdminSession[]>(res);
}

forEachStore('the owner\u2019s sessions', (t) => {
  it('gives every sign-in its own random session; the store keeps only its hash, and the token\u2019s hash makes no cookie', async () => {
    const one = await signIn(t());
    const two = await signIn(t());
    assert.notEqual(one, two);
    assert.equal(await use(t(), one), 200);
    assert.equal(await use(t(), two), 200);

    // What a leaked backup holds: neither the hashes stored, nor anything computed from the token's hash, opens a session.
    const rows = await t().store.db.selectFrom('admin_sessions').selectAll().execute();
    const stored = JSON.stringify(rows);
    for (const cookie of [one, two]) assert.ok(!stored.includes(cookie.split('=')[1]!), 'the secret itself is not stored');
    const tokenHash = hashToken(ADMIN_TOKEN);
    const forged = [
      ...rows.map((r) => r.secret_hash),
      tokenHash,
      createHmac('sha256', tokenHash).update('frontdesk-admin-session').digest('base64url'), // the old cookie
    ];
    for (const value of forged) assert.equal(await use(t(), `frontdesk_admin=${value}`), 401, value);
  });

  it('signs out on the server: the same cookie no longer works, others do', async () => {
    const mine = await signIn(t());
    const other = await signIn(t());
    const out = await t().request('POST', '/admin/session/logout', undefined, { Origin: OWN, Cookie: mine });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /frontdesk_admin=;.*Max-Age=0/);
    assert.equal(await use(t(), mine), 401, 'a copy of the cookie kept elsewhere is dead too');
    assert.equal(await use(t(), other), 200);
    assert.equal(out.headers.get('clear-site-data'), '"cache"', 'what the browser kept of the admin pages goes too');
  });

  it('ends a session after 14 days without use, and 30 days after sign-in however much it is used', async () => {
    const idle = await signIn(t());
    const busy = await signIn(t());
    const at = Date.now();
    try {
      t().ctx.now = () => at + SESSION_IDLE_MS - DAY;
      assert.equal(await use(t(), idle), 200, 'used again within 14 days: still open');
      t().ctx.now = () => at + SESSION_IDLE_MS - DAY + SESSION_IDLE_MS + 60_000;
      assert.equal(await use(t(), idle), 401, '14 days since its last use');
      // Used every few days, it still ends 30 days after sign-in.
      for (let day = 3; day < 30; day += 3) {
        t().ctx.now = () => at + day * DAY;
        assert.equal(await use(t(), busy), 200, `day ${day}`);
      }
      t().ctx.now = () => at + SESSION_MAX_MS + 60_000;
      assert.equal(await use(t(), busy), 401, '30 days after sign-in');
    } finally {
      delete t().ctx.now;
    }
  });

  it('lists the open sessions with the asking one marked, signs one out, and signs out everywhere', async () => {
    await t().request('POST', '/api/v1/admin/sessions/revoke-all', undefined, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    const phone = await signIn(t(), 'Mozilla/5.0 (iPhone) Safari/604.1');
    const laptop = await signIn(t(), 'Mozilla/5.0 (X11; Linux) Firefox/140.0');
    const tablet = await signIn(t(), 'Mozilla/5.0 (iPad) Safari/604.1');

    const seen = await sessions(t(), laptop);
    assert.equal(seen.length, 3);
    assert.deepEqual(
      seen.filter((s) => s.current).map((s) => s.userAgent),
      ['Mozilla/5.0 (X11; Linux) Firefox/140.0'],
    );
    for (const s of seen) {
      assert.deepEqual(Object.keys(s).sort(), ['createdAt', 'current', 'expiresAt', 'id', 'lastUsedAt', 'userAgent']);
      assert.ok(Date.parse(s.expiresAt) - Date.parse(s.lastUsedAt) <= SESSION_IDLE_MS);
    }
    assert.ok(
      (await sessions(t())).every((s) => !s.current),
      'the bearer token is no session',
    );

    const ipad = seen.find((s) => s.userAgent?.includes('iPad'))!;
    assert.equal((await t().owner('DELETE', `/api/v1/admin/sessions/${ipad.id}`)).status, 204);
    assert.equal(await use(t(), tablet), 401);
    assert.equal((await t().owner('DELETE', `/api/v1/admin/sessions/${ipad.id}`)).status, 404);

    const everywhere = await t().request('POST', '/api/v1/admin/sessions/revoke-all', undefined, { Origin: OWN, Cookie: phone });
    assert.equal(everywhere.status, 200);
    assert.deepEqual(await everywhere.json(), { revoked: 2 });
    assert.match(everywhere.headers.get('set-cookie') ?? '', /frontdesk_admin=;.*Max-Age=0/);
    assert.equal(await use(t(), phone), 401);
    assert.equal(await use(t(), laptop), 401);
    assert.deepEqual(await sessions(t()), []);
    assert.equal((await t().request('GET', '/api/v1/admin/sessions')).status, 401);
    assert.equal((await errorOf(await t().request('POST', '/api/v1/admin/sessions/revoke-all'))).code, 'unauthorized');
  });

  it('signs every browser out when the server runs with another admin token, for good', async () => {
    const cookie = await signIn(t());
    const url = t().store.url;
    const config = testConfig();
    // Another server process on the same store, started with a new FRONTDESK_ADMIN_TOKEN.
    const store = await openStore(url);
    try {
      const changed = await makeContext(store, config);
      changed.ctx.adminTokenHash = hashToken('a-completely-new-admin-token');
      assert.equal(await use(changed, cookie), 401, 'refused at once by a process with the new token');
      await closeSessionsOfOtherTokens(store.db, changed.ctx.adminTokenHash); // what its start does
    } finally {
      await store.close();
    }
    assert.equal(await use(t(), cookie), 401, 'and gone: going back to the old token does not revive it');
  });
});

// A suite of its own: its sign-in counts against the limit of sign-ins a minute, apart from the suite above.
forEachStore('the owner\u2019s answers and the browser\u2019s cache', (t) => {
  it('keeps every owner answer out of the browser’s cache: visitors’ details, booking links', async () => {
    const cookie = await signIn(t());
    for (const path of [
      'bookings',
      'messages',
      'comments?status=pending',
      'testimonials',
      'inbox',
      'config',
      'notifications',
      'schedule',
    ]) {
      for (const [how, res] of [
        ['session', await t().request('GET', `/api/v1/admin/${path}`, undefined, { Origin: OWN, Cookie: cookie })],
        ['token', await t().owner('GET', `/api/v1/admin/${path}`)],
      ] as const) {
        assert.equal(res.status, 200, `${path} by ${how}: ${await res.clone().text()}`);
        assert.equal(res.headers.get('cache-control'), 'no-store', `${path} by ${how}`);
      }
    }
  });
});
