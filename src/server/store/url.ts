/**
 * What a DATABASE_URL names, the one rule: `postgres://…` (or `postgresql://…`) is PostgreSQL;
 * anything else is a SQLite file, written `sqlite:PATH`, `sqlite://PATH` or as the bare path. Used
 * by the store, the backup and the startup lines.
 */
export type StoreKind = 'sqlite' | 'postgres';

/** The scheme of an address written `scheme://…`, lower case (`PostgreSQL://` is `postgresql`), or undefined for a path. */
export function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z\d+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
}

export function storeKindOf(url: string): StoreKind {
  const scheme = schemeOf(url);
  return scheme === 'postgres' || scheme === 'postgresql' ? 'postgres' : 'sqlite';
}

/**
 * Why a DATABASE_URL names no store Frontdesk speaks, or undefined: an address of another kind
 * (`mysql://…`) would otherwise be taken for a SQLite file name.
 */
export function databaseUrlProblem(url: string): string | undefined {
  const scheme = schemeOf(url);
  if (!scheme || scheme === 'sqlite' || storeKindOf(url) === 'postgres') return undefined;
  return `DATABASE_URL: Frontdesk stores in SQLite or PostgreSQL, not ${scheme}://. Use sqlite:PATH (one file, embedded) or postgres://user:pass@host:5432/db.`;
}

/** The SQLite file a DATABASE_URL names (empty for `sqlite:` alone), or undefined for PostgreSQL. */
export function sqlitePath(url: string): string | undefined {
  if (storeKindOf(url) === 'postgres') return undefined;
  return url.replace(/^sqlite:(\/\/)?/i, '');
}
