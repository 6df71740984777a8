/**
 * Comment pages stay fresh across real server processes (store/changes.ts): each process answers
 * reads of an unchanged thread from memory, and shows a comment another process stored within the
 * documented bound: on SQLite DATA_VERSION_EVERY_MS, on PostgreSQL once the NOTIFY arrives (bounded
 * here by NOTIFY_BOUND_MS), also after the listening connection was cut and came back.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import pg from 'pg';
import type { CommentPage } from '../../src/shared/api.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { DATA_VERSION_EVERY_MS, LISTENER_NAME } from '../../src/server/store/changes.js';
import { ADMIN_TOKEN, freshDatabase, forEachKind } from '../support/stores.js';
import { scratchDir } from '../support/scratch.js';

/** How long a PostgreSQL notification may take to reach the other process on a busy test machine. */
const NOTIFY_BOUND_MS = 2_000;
const ORIGIN = 'https://clinic.example';

function configFile(): string {
  const path = join(scratchDir('fresh'), 'config.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...DEMO_CONFIG,
      allowedOrigins: [ORIGIN],
      limits: { writesPerMinutePerClient: 1000 },
      comments: { moderation: 'post' },
    }),
  );
  return path;
}

/** `frontdesk serve` in its own process, on any free port. */
async function spawnServer(databaseUrl: string, config: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/notify-server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      FRONTDESK_ADMIN_TOKEN: ADMIN_TOKEN,
      DATABASE_URL: databaseUrl,
      FRONTDESK_CONFIG: config,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`The server exited (${code}): ${errors}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function read(url: string, thread: string): Promise<CommentPage> {
  const res = await fetch(`${url}/api/v1/comments?thread=${encodeURIComponent(thread)}`, { headers: { Origin: ORIGIN } });
  assert.equal(res.status, 200);
  return (await res.json()) as CommentPage;
}

async function post(url: string, thread: string, text: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/comments`, {
    method: 'POST',
    headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ thread, author: 'Dee', text }),
  });
  assert.equal(res.status, 201, await res.text());
}

forEachKind('comment pages across server processes', async (kind) => {
  const database = await freshDatabase(kind);
  const servers: Array<{ url: string; child: ChildProcess }> = [];
  before(async () => {
    const config = configFile();
    servers.push(await spawnServer(database.url, config)); // the first one creates the schema
    servers.push(await spawnServer(database.url, config));
  });
  after(async () => {
    await Promise.all(servers.map((s) => stop(s.child)));
    await database.drop();
  });

  /**
   * How long after `writer`'s comment was acknowledged `reader` first showed it. SQLite: one read,
   * DATA_VERSION_EVERY_MS after. PostgreSQL: reads until it shows, failing past NOTIFY_BOUND_MS.
   */
  async function seenAfter(writer: string, reader: string, thread: string, text: string): Promise<number> {
    const before = (await read(reader, thread)).count; // and kept in the reader's memory
    assert.equal((await read(reader, thread)).count, before);
    await post(writer, thread, text);
    const written = performance.now();
    if (kind === 'sqlite') {
      await new Promise((r) => setTimeout(r, DATA_VERSION_EVERY_MS + 2)); // timers may fire a fraction of a millisecond early
      const page = await read(reader, thread);
      assert.equal(page.count, before + 1, `${reader} shows the comment ${DATA_VERSION_EVERY_MS} ms after another process stored it`);
      assert.equal(page.comments.at(-1)?.text, text);
      return performance.now() - written;
    }
    for (;;) {
      const page = await read(reader, thread);
      const waited = performance.now() - written;
      if (page.count === before + 1) {
        assert.equal(page.comments.at(-1)?.text, text);
        return waited;
      }
      assert.ok(
        waited < NOTIFY_BOUND_MS,
        `${reader} still shows ${page.count} comments ${Math.round(waited)} ms after another process stored one`,
      );
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it("shows another process's comment: each way, several times", async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    for (let i = 0; i < 4; i++) {
      await seenAfter(a, b, '/fresh', `From A, ${i}`);
      await seenAfter(b, a, '/fresh', `From B, ${i}`);
    }
    assert.equal((await read(a, '/fresh')).count, 8);
  });

  if (kind === 'postgres') {
    it('stays right when the listening connection is cut: nothing stale while it reconnects, fresh after', async () => {
      const [a, b] = servers.map((s) => s.url) as [string, string];
      await seenAfter(a, b, '/cut', 'Before the cut');
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1`,
          [LISTENER_NAME],
        );
        assert.ok((rowCount ?? 0) >= 2, 'both listeners were cut');
      } finally {
        await admin.end();
      }
      await seenAfter(a, b, '/cut', 'During or after the reconnection');
      await seenAfter(b, a, '/cut', 'And the other way');
    });
  }
});
