/**
 * `frontdesk backup FILE` while the server serves: a separate process copies the SQLite store with
 * the online backup API; the copy opens, passes integrity_check and holds every booking
 * acknowledged before the backup began; its folder is made if need be. PostgreSQL and an existing file get a clear message.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { burstConfigFile, startBurst } from '../support/booking-burst.js';
import { serveProcess } from '../support/serve-process.js';
import { scratchDir } from '../support/scratch.js';

/** Runs `frontdesk backup …` (from the sources); answers its exit code and what it printed. */
function backup(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./src/server/cli.ts').then((m) => m.main(${JSON.stringify(['backup', ...args])}))`],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('frontdesk backup', { timeout: 120_000 }, () => {
  const dir = scratchDir('backup');
  const store = join(dir, 'frontdesk.db');

  it('copies the SQLite store while the server takes bookings: the copy is whole and holds every booking made before', async () => {
    const server = serveProcess({
      DATABASE_URL: `sqlite:${store}`,
      FRONTDESK_CONFIG: burstConfigFile(),
      FRONTDESK_ADMIN_TOKEN: 'backup-test-admin-token-0123456789',
    });
    const burst = startBurst(await server.ready, 4);
    try {
      await burst.accepted(40, 0, 60_000);
      const before = burst.answers.filter((a) => a.status === 201).map((a) => a.id!);
      const copy = join(dir, 'copy.db');
      const result = await backup([copy], { DATABASE_URL: `sqlite:${store}` });
      assert.equal(result.code, 0, result.out);
      assert.match(result.out, /Backed up .* to .*copy\.db/);
      await burst.accepted(10, Date.now(), 30_000); // the server kept serving
      const database = new SQLite(copy, { readonly: true });
      try {
        assert.equal(database.pragma('integrity_check', { simple: true }), 'ok');
        const stored = new Set((database.prepare('select id from bookings').all() as { id: string }[]).map((r) => r.id));
        assert.deepEqual(
          before.filter((id) => !stored.has(id)),
          [],
          'every booking acknowledged before the backup is in the copy',
        );
      } finally {
        database.close();
      }
    } finally {
      await burst.stop();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('never overwrites a file, and sends PostgreSQL users to pg_dump', async () => {
    const existing = join(dir, 'taken.db');
    writeFileSync(existing, 'keep me');
    const taken = await backup([existing], { DATABASE_URL: `sqlite:${store}` });
    assert.equal(taken.code, 1);
    assert.match(taken.out, /exists already/);
    const pg = await backup([join(dir, 'pg.db')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    assert.equal(pg.code, 1);
    assert.match(pg.out, /pg_dump --format=custom/);
    const none = await backup([], { DATABASE_URL: `sqlite:${store}` });
    assert.equal(none.code, 2);
  });

  it('makes the folder the copy goes in, as a nightly job into ./backups needs on its first night', async () => {
    const nested = join(dir, 'backups', 'nightly', 'frontdesk-2026-12-01.db');
    const made = await backup([nested], { DATABASE_URL: `sqlite:${store}` });
    assert.equal(made.code, 0, made.out);
    const copy = new SQLite(nested, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();
  });
});
