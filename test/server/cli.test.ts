/**
 * The `frontdesk` command line as a web person types it: help and version anywhere, and a mistyped
 * command, a stray argument or a bad PORT or DATABASE_URL answered with what is wrong, before anything
 * starts or is written. Run in a folder of its own, where a stray file would show.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openStore } from '../../src/server/store/db.js';
import { scratchDir } from '../support/scratch.js';

const CLI = pathToFileURL(resolve('src/server/cli.ts')).href;
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** Runs `frontdesk ARGS` (from the sources) in `cwd`; its exit code and what it printed. */
function frontdesk(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const code = `import(${JSON.stringify(CLI)}).then((m) => m.main(${JSON.stringify(args)}))`;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '-e', code], {
    cwd,
    env: { ...process.env, PORT: '0', DATABASE_URL: '', FRONTDESK_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  // A command that started a server by mistake would never exit: stop it, and let the test say so.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((done) =>
    child.on('exit', (exit) => {
      clearTimeout(timer);
      done({ code: exit, out });
    }),
  );
}

describe('the frontdesk command line', () => {
  it('shows the usage for --help after any command, and starts or writes nothing', async () => {
    const here = scratchDir('cli-help');
    for (const args of [['--help'], ['backup', '--help'], ['serve', '--help'], ['serve', '-h'], ['help']]) {
      const { code, out } = await frontdesk(args, here);
      assert.equal(code, 0, args.join(' '));
      assert.match(out, /^Usage: frontdesk serve/, args.join(' '));
      assert.doesNotMatch(out, /listening|Backed up/, args.join(' '));
    }
    for (const args of [
      ['import', '--help'],
      ['import', 'disqus', '--help'],
      ['import', 'wordpress', 'export.xml', '-h'],
    ]) {
      const { code, out } = await frontdesk(args, here);
      assert.equal(code, 0, args.join(' '));
      assert.match(out, /^Usage: frontdesk import disqus FILE\.xml/, args.join(' '));
    }
    assert.deepEqual(readdirSync(here), [], 'no file named --help, no data folder');
  });

  it('tells its version', async () => {
    for (const args of [['--version'], ['serve', '-v']]) {
      const { code, out } = await frontdesk(args, scratchDir('cli-version'));
      assert.equal(code, 0);
      assert.equal(out.trim(), `frontdesk ${VERSION}`);
    }
  });

  it('answers a missing or unknown command, and stray arguments, with what is wrong and the usage (exit 2)', async () => {
    const here = scratchDir('cli-wrong');
    const cases: [string[], RegExp][] = [
      [[], /^Name a command\./],
      [['start'], /^Unknown command "start"\./],
      [['serve', '--port', '80'], /^serve takes no arguments \("--port"\): it is set up by the environment/],
      [['backup'], /^backup takes one argument: the file to write the copy to\./],
      [['backup', 'a.db', 'b.db'], /^backup takes one argument/],
    ];
    for (const [args, problem] of cases) {
      const { code, out } = await frontdesk(args, here);
      assert.equal(code, 2, args.join(' '));
      assert.match(out, problem, args.join(' '));
      assert.match(out, /Usage: frontdesk serve/);
    }
    assert.deepEqual(readdirSync(here), []);
  });

  it('backs up the store the server next to it uses: the demo clinic\u2019s, without FRONTDESK_CONFIG', async () => {
    const here = scratchDir('cli-demo-backup');
    const demo = await frontdesk(['import', 'disqus', 'missing.xml'], here); // opens (and makes) the store it would import into
    assert.equal(demo.code, 1);
    assert.ok(existsSync(join(here, 'data', 'demo.db')), 'the demo clinic\u2019s store');
    assert.ok(!existsSync(join(here, 'data', 'frontdesk.db')));
    const copy = await frontdesk(['backup', join(here, 'backups', 'demo-copy.db')], here);
    assert.equal(copy.code, 0, copy.out);
    assert.match(copy.out, /^Backed up \.\/data\/demo\.db to /);
  });

  it('names the setting that is wrong: a PORT out of range, a DATABASE_URL of another kind', async () => {
    const here = scratchDir('cli-settings');
    const port = await frontdesk(['serve'], here, { PORT: '80000' });
    assert.equal(port.code, 1);
    assert.match(port.out, /^PORT must be a whole number from 0 to 65535 \(it is "80000"\)\./);
    for (const args of [['serve'], ['backup', join(here, 'copy.db')]]) {
      const { code, out } = await frontdesk(args, here, { DATABASE_URL: 'mysql://clinic@db.example/frontdesk' });
      assert.equal(code, 1, args.join(' '));
      assert.match(out, /DATABASE_URL: Frontdesk stores in SQLite or PostgreSQL, not mysql:\/\/\. Use sqlite:PATH/, args.join(' '));
    }
    assert.deepEqual(readdirSync(here), [], 'no folder named mysql:');
    // A scheme in capitals is still PostgreSQL, never a SQLite file named after it.
    const shouting = await frontdesk(['backup', join(here, 'copy.db')], here, {
      DATABASE_URL: 'PostgreSQL://clinic:pw@127.0.0.1:1/frontdesk',
    });
    assert.equal(shouting.code, 1);
    assert.match(shouting.out, /The store is PostgreSQL: back it up with its own tool/);
    assert.deepEqual(readdirSync(here), []);
    // An address without its scheme, a pool size that is not a number: named, with what to write.
    const publicUrl = await frontdesk(['serve'], here, { FRONTDESK_PUBLIC_URL: 'book.example.com', PORT: '0' });
    assert.equal(publicUrl.code, 1);
    assert.match(publicUrl.out, /FRONTDESK_PUBLIC_URL must be the address visitors use, with its scheme: https:\/\/book\.example\.com\./);
    for (const size of ['abc', '-3', '0']) {
      const pool = await frontdesk(['serve'], here, { PG_POOL_SIZE: size, PORT: '0' });
      assert.equal(pool.code, 1, size);
      assert.match(pool.out, new RegExp(`PG_POOL_SIZE must be a whole number of connections, 1 or more \\(it is "${size}"\\)`), size);
    }
  });

  it('ends with code 1 when a SQLite store was migrated by a newer version (an upgrade rolled back), as on PostgreSQL', async () => {
    const here = scratchDir('cli-newer-store');
    const path = join(here, 'clinic.db');
    const store = await openStore(`sqlite:${path}`);
    await sql`insert into kysely_migration (name, timestamp) values ('999_from_the_future', '2027-01-01T00:00:00.000Z')`.execute(store.db);
    await store.close();
    const { code, out } = await frontdesk(['serve'], here, { DATABASE_URL: `sqlite:${path}` });
    // Before, the message was printed and the process stayed (its store's checkpointer alive): never restarted by systemd.
    assert.equal(code, 1, out);
    assert.match(
      out,
      /could not be brought up to date: corrupted migrations: previously executed migration 999_from_the_future is missing/,
    );
  });
});
