/**
 * Runs a server test suite against every store: a fresh SQLite file, and a fresh PostgreSQL
 * database (created for the suite, dropped after). Without a reachable PostgreSQL the PostgreSQL
 * suites are skipped, and say so, except under CI=true, where they fail.
 */
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createApp } from '../../src/server/app.js';
import { type Config, parseConfig } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import { DEMO_CONFIG } from '../../src/server/demo-config.js';
import { hashToken } from '../../src/server/services/admin-token.js';
import { type Db, openStore, type Store, type StoreKind } from '../../src/server/store/db.js';
import type { MigrationDb } from '../../src/server/store/migrate.js';
import { createPostgresDatabase } from './postgres.js';
import { scratchDir } from './scratch.js';

export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

let pgReachable: Promise<boolean> | undefined;
export function postgresReachable(): Promise<boolean> {
  return (pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  })());
}

/** A database URL of the given kind, fresh and empty, and a function that removes it. */
export async function freshDatabase(kind: StoreKind): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = scratchDir('test');
    return { url: `sqlite:${join(dir, 'frontdesk.db')}`, drop: async () => {} };
  }
  const name = `frontdesk_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  return createPostgresDatabase(PG_ADMIN_URL, name);
}

/** Today's store as a migration sees it (any table, values unknown), for a test that runs one migration again. */
export function asMigrationDb(db: Db): MigrationDb {
  return db as unknown as MigrationDb;
}

export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig({ ...DEMO_CONFIG, allowedOrigins: ['https://clinic.example'], ...overrides });
}

export interface TestContext {
  store: Store;
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  /** app.request with JSON in and out, as a browser on https://clinic.example would call it. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** The same, as the site owner. */
  owner(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function makeContext(store: Store, config: Config): Promise<TestContext> {
  const ctx: AppContext = { config, store, adminTokenHash: hashToken(ADMIN_TOKEN), distDir: join(process.cwd(), 'dist') };
  const app = createApp(ctx);
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(path, {
        method,
        headers: { Origin: 'https://clinic.example', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    );
  const owner = (method: string, path: string, body?: unknown) => request(method, path, body, { Authorization: `Bearer ${ADMIN_TOKEN}` });
  return { store, ctx, app, request, owner };
}

/**
 * `describe` once per kind of store, titled `title [kind]`. Without a reachable PostgreSQL its half
 * is skipped, except in CI (where the failure to connect is the answer): the one rule for it.
 */
export function forEachKind(title: string, body: (kind: StoreKind) => void | Promise<void>): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    describe(`${title} [${kind}]`, async () => {
      if (kind === 'postgres' && !(await postgresReachable()) && process.env.CI !== 'true') {
        it(`PostgreSQL at ${PG_ADMIN_URL} is not reachable: skipped`, { skip: true }, () => {});
        return;
      }
      await body(kind);
    });
  }
}

/**
 * `describe` once per store. `setup` gets a fresh database each suite; the returned context is
 * available to the tests through the getter.
 */
export function forEachStore(
  title: string,
  body: (t: () => TestContext, kind: StoreKind) => void,
  options: { config?: Record<string, unknown> } = {},
): void {
  forEachKind(title, (kind) => {
    let context: TestContext | undefined;
    let drop: (() => Promise<void>) | undefined;
    before(async () => {
      const db = await freshDatabase(kind);
      drop = db.drop;
      context = await makeContext(await openStore(db.url), testConfig(options.config));
    });
    after(async () => {
      await context?.store.close();
      await drop?.();
    });
    body(() => context!, kind);
  });
}
