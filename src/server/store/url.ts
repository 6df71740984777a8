/**
 * What a DATABASE_URL names, the one rule: `postgres://…` (or `postgresql://…`) is PostgreSQL;
 * anything else is a SQLite file, written `sqlite:PATH`, `sqlite://PATH` or as the bare path. Used
 * by the store, the backup and the startup lines.
 */
export type StoreKind = 'sqlite' | 'postgres';

export function storeKindOf(url: string): StoreKind {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** The SQLite file a DATABASE_URL names (empty for `sqlite:` alone), or undefined for PostgreSQL. */
export function sqlitePath(url: string): string | undefined {
  if (storeKindOf(url) === 'postgres') return undefined;
  return url.replace(/^sqlite:(\/\/)?/, '');
}
