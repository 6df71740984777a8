/**
 * `frontdesk backup FILE`: a consistent copy of a SQLite store while the server keeps serving, with
 * SQLite's online backup API from a connection of its own (every write committed before the copy
 * began is in it, and the server is never stopped). PostgreSQL has its own tools (pg_dump).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { databaseUrlProblem, sqlitePath } from './url.js';

export class BackupError extends Error {}

/** Copies the store at `url` to `target`; answers the number of pages copied. */
export async function backupStore(url: string, target: string): Promise<{ source: string; pages: number }> {
  const problem = databaseUrlProblem(url);
  if (problem) throw new BackupError(problem);
  const source = sqlitePath(url);
  if (source === undefined) {
    throw new BackupError(
      'The store is PostgreSQL: back it up with its own tool, for example\n\n' +
        '    pg_dump --format=custom --file=frontdesk.dump "$DATABASE_URL"\n\n' +
        'and restore with pg_restore (docs/operations.md).',
    );
  }
  if (!source || source === ':memory:') throw new BackupError('DATABASE_URL names no SQLite file to back up.');
  if (!existsSync(source)) throw new BackupError(`There is no store at ${source} (DATABASE_URL).`);
  if (existsSync(target)) throw new BackupError(`${target} exists already: a backup never overwrites a file. Choose a new name.`);
  // Its folder is made if need be (a nightly job's first night into ./backups), as the server makes the store's.
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new BackupError(`Cannot make the folder ${dirname(target)} for the backup: ${(error as Error).message}`);
  }
  const database = new SQLite(source, { fileMustExist: true });
  try {
    database.pragma('busy_timeout = 5000');
    const { totalPages } = await database.backup(target);
    return { source, pages: totalPages };
  } finally {
    database.close();
  }
}
