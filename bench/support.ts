/**
 * Shared by the benchmarks: the server's modules as operators run them (the build), the warm-up
 * every measured round follows, and a fresh PostgreSQL database.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPostgresDatabase } from '../test/support/postgres.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Requests a server is sent, unmeasured, before a measured round: until V8 has compiled its hot
 * code, a server answers 10-15% slower (docs/performance.md, twenty-fourth session). BENCH_WARMUP.
 */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 10_000);

/**
 * A module of the server as `frontdesk serve` runs it: compiled by `npm run build:server` into
 * dist/node (the bench npm scripts build first), not the sources under tsx, whose compiled code
 * served about 10% fewer bookings a second. Typed by its source:
 * `await built<typeof import('../src/server/server.js')>('server/server.js')`.
 * Refuses a build older than the sources, so a bench never measures code that is not there.
 */
export async function built<T>(path: string): Promise<T> {
  const file = join(root, 'dist/node', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build:server\` first (the bench npm scripts do).`);
  if (newestSource() > statSync(file).mtimeMs) throw new Error(`${file} is older than the sources: run \`npm run build:server\` first.`);
  return (await import(pathToFileURL(file).href)) as T;
}

let newest: number | undefined;

/** When the server's sources last changed (read once per process). */
function newestSource(): number {
  newest ??= Math.max(
    ...['src/server', 'src/shared'].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(root, dir, f)).mtimeMs),
    ),
  );
  return newest;
}

/** A fresh PostgreSQL database, or undefined when none answers (or BENCH_PG=off). */
export async function freshPostgres(pgUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (pgUrl === 'off') return undefined;
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch {
    console.log(`PostgreSQL at ${pgUrl} is not reachable: skipped`);
    return undefined;
  }
  await admin.end();
  return createPostgresDatabase(pgUrl, name);
}
