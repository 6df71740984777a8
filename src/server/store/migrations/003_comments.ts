import type { Kysely } from 'kysely';
import type { StoreKind } from '../db.js';

/** The comments tables. Filled in by the comments issue. */
export async function up(_db: Kysely<any>, _kind: StoreKind): Promise<void> {}
