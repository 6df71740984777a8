import type { Kysely } from 'kysely';
import type { StoreKind } from '../db.js';

/** The notifications tables. Filled in by the notifications issue. */
export async function up(_db: Kysely<any>, _kind: StoreKind): Promise<void> {}
