/**
 * Each issue has its own migration number, and branches land in any order: a store that already ran
 * 008 (calendars) before 007 (a booking's language) existed must take 007 at its next start, not
 * refuse to start. Simulated on each store: 007 undone by hand (its column dropped, its record
 * removed), then the store opened again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/server/store/db.js';
import { freshDatabase, postgresReachable } from '../support/stores.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`migrations in any order [${kind}]`, async () => {
    const reachable = kind === 'sqlite' || (await postgresReachable());
    if (!reachable && process.env.CI !== 'true') {
      it('PostgreSQL is not reachable: skipped', { skip: true }, () => {});
      return;
    }
    const database = await freshDatabase(kind);
    after(() => database.drop());

    it('runs a migration numbered before one the store already ran', async () => {
      const first = await openStore(database.url);
      await sql`alter table bookings drop column locale`.execute(first.db);
      await sql`delete from kysely_migration where name = '007_booking_locale'`.execute(first.db);
      await first.close();

      const again = await openStore(database.url);
      try {
        const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
        assert.ok(
          names.rows.some((r) => r.name === '007_booking_locale'),
          '007 ran',
        );
        assert.ok(names.rows.some((r) => r.name === '008_calendars'));
        await sql`select locale from bookings`.execute(again.db); // the column is back
      } finally {
        await again.close();
      }
    });
  });
}
