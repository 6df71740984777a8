/**
 * Temporary folders for tests: each is made under the system's temporary folder and removed when
 * the process that made it exits (one test file's process under `node --test`, the test runner's
 * own process for the browser tests), so that `npm test` leaves nothing behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder named `frontdesk-<name>-…`, removed at the process's exit. */
export function scratchDir(name: string): string {
  if (made.length === 0) process.once('exit', removeAll);
  const dir = mkdtempSync(join(tmpdir(), `frontdesk-${name}-`));
  made.push(dir);
  return dir;
}

function removeAll(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
