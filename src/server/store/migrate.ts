/** Runs the migrations in ./migrations, in order, on either store. */
import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Db, StoreKind } from './db.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_bookings.js';
import * as m003 from './migrations/003_comments.js';
import * as m004 from './migrations/004_notifications.js';
import * as m005 from './migrations/005_comment_counts.js';
import * as m006a from './migrations/006a_email_keys.js';
import * as m006b from './migrations/006b_admin_sessions.js';
import * as m006c from './migrations/006c_comment_visibility.js';
import * as m007 from './migrations/007_booking_locale.js';
import * as m008 from './migrations/008_calendars.js';
import * as m009a from './migrations/009a_staff_resources.js';
import * as m009b from './migrations/009b_booking_outcome.js';
import * as m010a from './migrations/010a_comment_subscriptions.js';
import * as m010b from './migrations/010b_review_requests.js';
import * as m010c from './migrations/010c_comment_imports.js';
import * as m011b from './migrations/011b_rate_limits.js';
import * as m011c from './migrations/011c_thread_notify.js';
import * as m011d from './migrations/011d_idempotency_expiry.js';
import * as m011e from './migrations/011e_time_off_notify.js';
import * as m011f from './migrations/011f_reserve_batch.js';
import * as m011g from './migrations/011g_comment_batch.js';
import * as m012a from './migrations/012a_message_handled.js';
import * as m012b from './migrations/012b_routed_writes.js';
import * as m013a from './migrations/013a_reserve_limits.js';
import * as m013b from './migrations/013b_comment_limits.js';
import * as m014a from './migrations/014a_sequence_staff.js';
import * as m015a from './migrations/015a_retrying_index.js';
import * as m015b from './migrations/015b_known_commenters.js';

/**
 * The store as a migration sees it: the tables of that point in the history, not today's `Database`,
 * so any table and column name, and values of unknown type (a migration checks what it reads).
 */
export type MigrationDb = Kysely<Record<string, Record<string, unknown>>>;

/** A migration gets the store kind, for the few statements that differ between SQLite and PostgreSQL. */
export interface DialectMigration {
  up(db: MigrationDb, kind: StoreKind): Promise<void>;
}

const MIGRATIONS: Record<string, DialectMigration> = {
  '001_foundation': m001,
  '002_bookings': m002,
  '003_comments': m003,
  '004_notifications': m004,
  '005_comment_counts': m005,
  '006a_email_keys': m006a,
  '006b_admin_sessions': m006b,
  '006c_comment_visibility': m006c,
  '007_booking_locale': m007,
  '008_calendars': m008,
  '009a_staff_resources': m009a,
  '009b_booking_outcome': m009b,
  '010a_comment_subscriptions': m010a,
  '010b_review_requests': m010b,
  '010c_comment_imports': m010c,
  '011b_rate_limits': m011b,
  '011c_thread_notify': m011c,
  '011d_idempotency_expiry': m011d,
  '011e_time_off_notify': m011e,
  '011f_reserve_batch': m011f,
  '011g_comment_batch': m011g,
  '012a_message_handled': m012a,
  '012b_routed_writes': m012b,
  '013a_reserve_limits': m013a,
  '013b_comment_limits': m013b,
  '014a_sequence_staff': m014a,
  '015a_retrying_index': m015a,
  '015b_known_commenters': m015b,
};

export async function migrate(db: Db, kind: StoreKind): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) migrations[name] = { up: (d) => m.up(d, kind) };
  // Each issue owns a number and branches land in any order, so a store may have run 008 before 007
  // existed: the ones it has not run yet run now, in name order, wherever they fall.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    // A migration that failed is named; otherwise the store could not even be read (down, refused, wrong password).
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = (error as Error).message ?? String(error);
    throw new Error(
      failed ? `Database migration ${failed} failed: ${message}` : `The database could not be brought up to date: ${message}`,
    );
  }
}
