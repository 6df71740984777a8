/** Shared by the benchmarks: a fresh PostgreSQL database, or undefined when none answers (or BENCH_PG=off). */
import pg from 'pg';
import { createPostgresDatabase } from '../test/support/postgres.js';

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
