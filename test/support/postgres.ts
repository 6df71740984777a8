/** A new, empty PostgreSQL database on the server at `adminUrl`, and a function that drops it (tests and benchmarks). */
import pg from 'pg';

export async function createPostgresDatabase(adminUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`drop database if exists ${name} with (force)`);
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
