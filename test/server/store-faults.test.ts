/**
 * The store going away, with real processes: a throw-away PostgreSQL (test/support/pg-cluster.ts,
 * never the shared one) restarted and stopped under a booking burst, and `frontdesk serve` killed
 * with SIGKILL mid-burst on SQLite and on PostgreSQL. What a visitor and an operator notice: the
 * server stays up, answers 503 `unavailable` meanwhile, serves again by itself, and nothing it
 * acknowledged (201) is missing from the database.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type Answer, burstConfigFile, startBurst } from '../support/booking-burst.js';
import { type PgCluster, pgClusterAvailable, startPgCluster } from '../support/pg-cluster.js';
import { createPostgresDatabase } from '../support/postgres.js';
import { serveProcess } from '../support/serve-process.js';
import { scratchDir } from '../support/scratch.js';

const ADMIN_TOKEN = 'fault-test-admin-token-0123456789';
const configFile = burstConfigFile();
const skip = !pgClusterAvailable() && process.env.CI !== 'true' ? 'initdb and pg_ctl are not installed (PG_BIN)' : false;

const METRICS_TOKEN = 'metrics-token-0123456789';

function serveOn(databaseUrl: string) {
  return serveProcess({
    DATABASE_URL: databaseUrl,
    FRONTDESK_CONFIG: configFile,
    FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
    FRONTDESK_METRICS_TOKEN: METRICS_TOKEN,
    PG_POOL_SIZE: '6',
  });
}

async function idsInPostgres(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return new Set((await client.query<{ id: string }>('select id from bookings')).rows.map((r) => r.id));
  } finally {
    await client.end();
  }
}

function acknowledged(answers: Answer[]): string[] {
  return answers.filter((a) => a.status === 201).map((a) => a.id!);
}

function summary(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers)
    counts.set(`${a.status}${a.code ? ' ' + a.code : ''}`, (counts.get(`${a.status}${a.code ? ' ' + a.code : ''}`) ?? 0) + 1);
  return JSON.stringify(Object.fromEntries(counts));
}

describe('the store going away (a throw-away PostgreSQL)', { skip, timeout: 300_000 }, () => {
  let cluster: PgCluster;
  before(async () => {
    cluster = await startPgCluster();
  });
  after(() => cluster?.destroy());

  it('PostgreSQL restarted twice under a booking burst: the server stays up, answers 201, 409 or 503 only, loses nothing, and serves again within 10 s', async () => {
    const db = await createPostgresDatabase(cluster.url, 'restart_burst');
    const server = serveOn(db.url);
    const url = await server.ready;
    const burst = startBurst(url);
    try {
      await burst.accepted(20, 0, 60_000);
      for (let round = 1; round <= 2; round++) {
        await cluster.restart();
        const back = Date.now();
        const served = await burst.accepted(5, back, 10_000);
        assert.ok(served - back < 10_000, `round ${round}: serving again ${served - back} ms after the restart`);
        assert.ok(server.alive(), `round ${round}: the server is still running\n${server.output()}`);
      }
    } finally {
      await burst.stop();
    }
    const answers = burst.answers;
    assert.ok(server.alive(), 'the server is still running after two restarts\n' + server.output());
    const unexpected = answers.filter((a) => ![201, 409, 503].includes(a.status));
    assert.deepEqual(unexpected, [], `only 201, 409 and 503; got ${summary(answers)}`);
    for (const a of answers.filter((x) => x.status === 503)) {
      assert.equal(a.code, 'unavailable');
      assert.ok(Number(a.retryAfter) > 0, 'a 503 says when to try again');
    }
    const stored = await idsInPostgres(db.url);
    const lost = acknowledged(answers).filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `every acknowledged booking is stored (${summary(answers)})`);
    assert.doesNotMatch(server.output(), /unexpected error/, 'no request failed for another reason');

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, 'and it still stops cleanly\n' + server.output());
    await db.drop();
  });

  it('PostgreSQL stopped for a while: /healthz says degraded, writes get 503 unavailable with the catalogue message, the worker pauses once and resumes once', async () => {
    const db = await createPostgresDatabase(cluster.url, 'stopped_store');
    const server = serveOn(db.url);
    const url = await server.ready;
    const healthy = await fetch(`${url}/healthz`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { ok: true, status: 'ok', store: 'ok', database: 'postgres' });

    await cluster.stop();
    try {
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 503);
      assert.deepEqual(await health.json(), { ok: false, status: 'degraded', store: 'unreachable', database: 'postgres' });
      const res = await fetch(`${url}/api/v1/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': 'fr' },
        body: JSON.stringify({ name: 'Ana', email: 'ana@example.com', message: 'Hello' }),
      });
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'unavailable');
      assert.match(body.error.message, /Réessayez dans un instant/, 'in the visitor’s language, from the catalogue');
      // A browser following a manage link from its email gets a page saying so, with Retry, not the API's JSON.
      const page = await fetch(`${url}/booking/some-id?token=some-token`, {
        headers: { Accept: 'text/html,application/xhtml+xml', 'Accept-Language': 'fr' },
      });
      assert.equal(page.status, 503);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      const text = await page.text();
      assert.match(text, /<html lang="fr"/);
      assert.match(text, /<h1>Le service est momentanément indisponible/);
      assert.match(text, /<a href="\/booking\/some-id\?token=some-token">Réessayer<\/a>/);
      // /metrics still answers: what was counted, with the store's own counts at their last reading.
      const metrics = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(metrics.status, 200, 'the scrape is not taken down with the store');
      assert.match(await metrics.text(), /^frontdesk_http_requests_total\{method="POST",route="\/api\/v1\/messages",status="503"\} 1$/m);
      // The notification worker polls meanwhile (every 1.5 s): it says once that it paused.
      const deadline = Date.now() + 15_000;
      while (!/notification worker paused/.test(server.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.match(server.output(), /notification worker paused/);
    } finally {
      await cluster.start();
    }
    const back = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - back < 10_000) {
      status = (await fetch(`${url}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200, 'healthy again within 10 s');
    const deadline = Date.now() + 15_000;
    while (!/notification worker resumed/.test(server.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.output().match(/notification worker paused/g)?.length, 1, 'one line when it goes\n' + server.output());
    assert.equal(server.output().match(/notification worker resumed/g)?.length, 1, 'one line when it is back');
    assert.ok(server.alive());
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    await db.drop();
  });

  it('SIGKILL mid-burst on PostgreSQL: every acknowledged booking is stored', async () => {
    const db = await createPostgresDatabase(cluster.url, 'killed_server');
    const server = serveOn(db.url);
    const burst = startBurst(await server.ready);
    await burst.accepted(50, 0, 60_000);
    server.child.kill('SIGKILL');
    assert.equal(await server.exited, 'SIGKILL');
    const answers = await burst.stop();
    const stored = await idsInPostgres(db.url);
    assert.deepEqual(
      acknowledged(answers).filter((id) => !stored.has(id)),
      [],
      `every acknowledged booking is stored (${summary(answers)})`,
    );
    await db.drop();
  });
});

describe('SIGKILL mid-burst on SQLite', { timeout: 120_000 }, () => {
  it('keeps every acknowledged booking, and the file passes integrity_check', async () => {
    const file = join(scratchDir('kill'), 'frontdesk.db');
    const server = serveOn(`sqlite:${file}`);
    const burst = startBurst(await server.ready);
    await burst.accepted(50, 0, 60_000);
    server.child.kill('SIGKILL');
    assert.equal(await server.exited, 'SIGKILL');
    const answers = await burst.stop();
    const database = new SQLite(file);
    try {
      assert.equal(database.pragma('integrity_check', { simple: true }), 'ok');
      const stored = new Set((database.prepare('select id from bookings').all() as { id: string }[]).map((r) => r.id));
      assert.deepEqual(
        acknowledged(answers).filter((id) => !stored.has(id)),
        [],
        `every acknowledged booking is stored (${summary(answers)})`,
      );
    } finally {
      database.close();
    }
  });
});
