import type { Kysely } from 'kysely';
import type { StoreKind } from '../db.js';

/** The bookings tables. Filled in by the bookings issue. */
export async function up(_db: Kysely<any>, _kind: StoreKind): Promise<void> {}
