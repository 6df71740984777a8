/**
 * A throw-away PostgreSQL server for fault tests: its own data directory (initdb) in a temporary
 * folder, on a free loopback port, started, restarted and stopped with pg_ctl. A real restart
 * (`pg_ctl restart -m fast`) ends every client connection with 57P01, as a managed database's
 * maintenance does. Never the shared server on :5432, which other suites use meanwhile.
 *
 * PostgreSQL refuses to run as root: under root the commands run as the `postgres` OS user
 * (runuser), in a folder it owns. The cluster is stopped and its folder removed by `destroy()`,
 * and at the latest when this process exits.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where initdb and pg_ctl are: PG_BIN, else PostgreSQL 15's place on Debian and Ubuntu. */
export const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  /** A fast restart: connections are ended (57P01), the server is back once this resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (immediately) and removes its folder. Safe to call twice. */
  destroy(): void;
}

/** Whether initdb and pg_ctl are installed (and, under root, a `postgres` user to run them). */
export function pgClusterAvailable(): boolean {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) return false;
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The command as the user PostgreSQL runs as: ourselves, or `postgres` when we are root. */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startPgCluster(): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const pgCtl = async (...args: string[]) => {
    const [command, full] = asOwner(join(PG_BIN, 'pg_ctl'), ['-D', data, ...args]);
    await run(command, full, { timeout: 60_000 });
  };
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', destroy);
    try {
      const [command, full] = asOwner(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      execFileSync(command, full, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      /* not running */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', destroy);
  try {
    const [initdb, initArgs] = asOwner(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await run(initdb, initArgs, { timeout: 120_000 });
    const port = await freePort();
    // Small and quick: loopback only, the socket in our folder, no fsync (the server is restarted
    // cleanly, never crashed, so nothing committed depends on it).
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c max_connections=60',
      '-c shared_buffers=16MB',
    ].join(' ');
    const start = () => pgCtl('-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start');
    await start();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      restart: () => pgCtl('-o', options, '-l', join(dir, 'log'), '-m', 'fast', '-w', '-t', '60', 'restart'),
      stop: () => pgCtl('-m', 'fast', '-w', '-t', '60', 'stop'),
      start,
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
