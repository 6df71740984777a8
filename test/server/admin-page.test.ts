import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Config } from '../../src/server/config.js';
import type { AdminTestimonial } from '../../src/shared/api.js';
import { errorOf, json } from '../support/json.js';
import { ADMIN_TOKEN, forEachStore } from '../support/stores.js';

/** What GET /api/v1/admin/config answers: the parts of the config the admin page shows. */
type AdminConfig = Pick<Config, 'business' | 'services' | 'hours' | 'booking' | 'comments'>;

const OWN = 'http://localhost';

forEachStore('admin page and session', (t) => {
  let cookie = '';

  it('serves /admin as a shell that loads /admin.js under a strict CSP', async () => {
    const res = await t().app.request('/admin');
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const page = await res.text();
    assert.match(page, /<script type="module" src="\/admin.js"><\/script>/);
    assert.match(page, /<frontdesk-admin>/);
  });

  it('refuses a wrong token with 401 and sets no cookie', async () => {
    const res = await t().request('POST', '/admin/session', { token: 'nope' }, { Origin: OWN });
    assert.equal(res.status, 401);
    assert.equal((await errorOf(res)).code, 'unauthorized');
    assert.equal(res.headers.get('set-cookie'), null);
  });

  it('exchanges the token for an HttpOnly, SameSite=Strict cookie that does not hold the token', async () => {
    const res = await t().request('POST', '/admin/session', { token: ADMIN_TOKEN }, { Origin: OWN });
    assert.equal(res.status, 200);
    const set = res.headers.get('set-cookie') ?? '';
    assert.match(set, /^frontdesk_admin=/);
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    assert.match(set, /Path=\//);
    assert.doesNotMatch(set, /Secure/); // plain http here
    assert.ok(!set.includes(ADMIN_TOKEN));
    cookie = set.split(';')[0]!;
  });

  it('marks the cookie Secure when the server is served over https', async () => {
    const res = await t().app.request('https://book.example/admin/session', {
      method: 'POST',
      headers: { Origin: 'https://book.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: ADMIN_TOKEN }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /Secure/);
  });

  it('refuses to sign in from another origin, even an allowed one', async () => {
    const res = await t().request('POST', '/admin/session', { token: ADMIN_TOKEN });
    assert.equal(res.status, 403);
    assert.equal((await errorOf(res)).code, 'forbidden_origin');
  });

  it('lets the cookie act as the owner from the server\u2019s own page', async () => {
    const list = await t().request('GET', '/api/v1/admin/testimonials', undefined, { Origin: OWN, Cookie: cookie });
    assert.equal(list.status, 200);
    const noOrigin = await t().app.request('/api/v1/admin/config', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(noOrigin.status, 200);
    const config = await json<AdminConfig>(noOrigin);
    assert.equal(config.business.name, 'Kiya Hunter Acupuncture');
    assert.ok(config.services.length > 0);
    assert.deepEqual(Object.keys(config).sort(), ['booking', 'business', 'comments', 'hours', 'services', 'staff']);
    const added = await t().request(
      'POST',
      '/api/v1/admin/testimonials',
      { author: 'Owner Added', text: 'Kind words.' },
      { Origin: OWN, Cookie: cookie },
    );
    assert.equal(added.status, 201);
  });

  it('refuses the cookie from another origin with 403, even one in allowedOrigins', async () => {
    // https://clinic.example is in allowedOrigins: it may call the public API, never as the owner.
    const post = await t().request('POST', '/api/v1/admin/testimonials', { author: 'Mallory', text: 'Forged.' }, { Cookie: cookie });
    assert.equal(post.status, 403);
    assert.equal((await errorOf(post)).code, 'forbidden_origin');
    const read = await t().request('GET', '/api/v1/admin/testimonials', undefined, { Cookie: cookie });
    assert.equal(read.status, 403);
    const crossSite = await t().app.request('/api/v1/admin/export?what=testimonials', {
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' },
    });
    assert.equal(crossSite.status, 403);
    // A write with the cookie but no proof of where it came from is refused too.
    const bare = await t().app.request('/api/v1/admin/testimonials', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ author: 'Mallory', text: 'Forged.' }),
    });
    assert.equal(bare.status, 403);
    const stored = await json<AdminTestimonial[]>(await t().owner('GET', '/api/v1/admin/testimonials'));
    assert.ok(!stored.some((x: { author: string }) => x.author === 'Mallory'));
  });

  it('still accepts the bearer token from any origin, and nothing without credentials', async () => {
    assert.equal((await t().owner('GET', '/api/v1/admin/config')).status, 200);
    const none = await t().request('GET', '/api/v1/admin/config');
    assert.equal(none.status, 401);
    const forged = await t().request('GET', '/api/v1/admin/config', undefined, { Cookie: 'frontdesk_admin=' + ADMIN_TOKEN, Origin: OWN });
    assert.equal(forged.status, 401);
  });

  it('tells the page whether this browser is signed in, without a 401 either way', async () => {
    const signedIn = async (headers: Record<string, string>) => {
      const res = await t().app.request('/admin/session', { headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      return (await json<{ signedIn: boolean }>(res)).signedIn;
    };
    assert.equal(await signedIn({ Cookie: cookie }), true);
    assert.equal(await signedIn({}), false);
    assert.equal(await signedIn({ Cookie: 'frontdesk_admin=not-a-session' }), false);
  });

  it('signs out by clearing the cookie, and the session is over on the server', async () => {
    const res = await t().request('POST', '/admin/session/logout', undefined, { Origin: OWN, Cookie: cookie });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('set-cookie') ?? '', /frontdesk_admin=;.*Max-Age=0/);
    const after = await t().app.request('/admin/session', { headers: { Cookie: cookie } });
    assert.equal((await json<{ signedIn: boolean }>(after)).signedIn, false);
  });
});
