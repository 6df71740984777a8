/**
 * `frontdesk serve`: the server, configured by the environment (CONTRACT.md section 4, 5.5); `frontdesk backup FILE`;
 * `frontdesk import` (import/run.ts).
 */
import { readFile } from 'node:fs/promises';
import { isWorker, runPrimary, runWorker } from './cluster.js';
import { ConfigError } from './config.js';
import { runImport } from './import/run.js';
import { limitsPlace } from './limits/open.js';
import { createLog, maskedUrl, type ServerLog } from './logger.js';
import { databaseUrlFromEnv, type RunningServer, type ServerSettings, settingsFromEnv, startServer } from './server.js';
import { BackupError, backupStore } from './store/backup.js';
import { DEFAULT_DATABASE_URL, openStore } from './store/db.js';

const USAGE = `Usage: frontdesk serve
       frontdesk backup FILE   a consistent copy of the SQLite store in FILE (its folder made if need be), while the server runs
       frontdesk import disqus|wordpress FILE.xml   comments from a Disqus or WordPress export (docs/comments.md)
       frontdesk --version

Environment: PORT (8787), HOST (127.0.0.1), FRONTDESK_CONFIG (a JSON config file; default: the demo clinic),
DATABASE_URL (sqlite:./data/frontdesk.db or postgres://…; the demo clinic's: sqlite:./data/demo.db),
FRONTDESK_ADMIN_TOKEN, SMTP_URL, FRONTDESK_MAIL_FROM, FRONTDESK_PUBLIC_URL, FRONTDESK_WORKERS (1), REDIS_URL,
FRONTDESK_METRICS_TOKEN, FRONTDESK_LOG (plain or json). Every setting: docs/config.md.`;

const HELP = ['--help', '-h', 'help'];

/** Says what is wrong with the command line, with the usage, and exits 2 (as a usage error does). */
function usageError(problem: string): void {
  console.error(`${problem}\n\n${USAGE}`);
  process.exitCode = 2;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (argv.some((arg) => arg === '--version' || arg === '-v')) return console.log(`frontdesk ${await version()}`);
  // `import` has a usage of its own (import/run.ts); any other command asked for help shows this one, and does nothing.
  if (command !== 'import' && argv.some((arg) => HELP.includes(arg))) return console.log(USAGE);
  if (!command) return usageError('Name a command.');
  if (command === 'backup') {
    const [target, ...more] = rest;
    if (!target || target.startsWith('-') || more.length) return usageError('backup takes one argument: the file to write the copy to.');
    return backup(target);
  }
  if (command === 'import') {
    await runImport(rest, () => openStore(databaseUrlFromEnv()));
    return;
  }
  if (command !== 'serve') return usageError(`Unknown command "${command}".`);
  if (rest.length) return usageError(`serve takes no arguments ("${rest[0]}"): it is set up by the environment (below).`);
  let settings: ServerSettings;
  try {
    settings = settingsFromEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
    return;
  }
  const log = createLog(settings.logFormat ?? 'plain');
  if (isWorker()) return serveWorker(settings);
  const workers = settings.workers ?? 1;
  try {
    if (workers > 1) {
      const primary = await runPrimary(settings, workers, log);
      startupLines(log, settings, await primary.ready, primary.pids());
      onStop(log, () => primary.stop());
    } else {
      const running = await startServer(settings);
      startupLines(log, settings, running.url, [process.pid], running);
      onStop(log, () => running.close());
    }
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`Frontdesk could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    if (workers > 1) process.exit(1); // workers may be starting: stop them with the primary
  }
}

/** Which store (its password masked), which config, which mail server (the same), which URL, how many workers. */
function startupLines(log: ServerLog, settings: ServerSettings, url: string, pids: number[], running?: RunningServer): void {
  const workers = pids.length;
  const store = maskedUrl(settings.databaseUrl ?? DEFAULT_DATABASE_URL);
  const config = settings.configPath ?? 'the demo clinic (FRONTDESK_CONFIG is not set)';
  const demo = running ? Boolean(running.ctx.demoDir) : !settings.configPath;
  const limits = limitsPlace(running?.ctx.limiter?.kind ?? (settings.redisUrl ? 'redis' : 'store'));
  const email = settings.smtpUrl ? maskedUrl(settings.smtpUrl) : 'off: emails wait in /admin, Notifications (set SMTP_URL)';
  // Emails are sent with no request to take an address from: their links use FRONTDESK_PUBLIC_URL, else this URL.
  const links = settings.publicUrl ?? url;
  const fields = { url, store, config, email, links, workers, workerPids: pids, limits, metrics: Boolean(settings.metricsToken) };
  log.info(`Frontdesk is listening on ${url}${demo ? ' (the demo clinic is at /)' : ''}`, fields);
  if (log.format === 'json') return;
  log.info(`  store: ${store}`);
  log.info(`  config: ${config}`);
  log.info(`  email: ${email}`);
  log.info(
    `  links in emails: ${links}${settings.publicUrl ? '' : ' (set FRONTDESK_PUBLIC_URL to the address visitors reach this server at)'}`,
  );
  log.info(
    `  workers: ${workers > 1 ? `${workers} (pids ${pids.join(', ')}; background jobs in worker 1)` : '1'}; per-client limits counted in ${limits}`,
  );
  log.info(`  metrics: ${settings.metricsToken ? 'GET /metrics with the FRONTDESK_METRICS_TOKEN' : 'off (set FRONTDESK_METRICS_TOKEN)'}`);
}

function onStop(log: ServerLog, close: () => Promise<void>): void {
  const stop = async (signal: string) => {
    log.info(`${signal}: finishing requests and closing the store…`, { signal });
    const force = setTimeout(() => {
      log.info(`${signal}: not stopped after 20 s; exiting without waiting further`, { signal });
      process.exit(1);
    }, 20_000);
    force.unref();
    await close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** A worker of several: stops with its primary, or on a signal, after its requests in flight. */
async function serveWorker(settings: ServerSettings): Promise<void> {
  let running: RunningServer;
  try {
    running = await runWorker(settings);
  } catch (error) {
    console.error(`Frontdesk worker could not start: ${(error as Error).message}`);
    process.exit(1);
  }
  const stop = async () => {
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('disconnect', () => void stop()); // the primary is gone
}

/** The package's version, from its package.json (two folders above src/server/, three above dist/node/server/). */
async function version(): Promise<string> {
  for (const up of ['../../package.json', '../../../package.json']) {
    const found = await readFile(new URL(up, import.meta.url), 'utf8').catch(() => '');
    const parsed = found ? (JSON.parse(found) as { name?: string; version?: string }) : {};
    if (parsed.name === 'frontdesk' && parsed.version) return parsed.version;
  }
  return 'unknown';
}

async function backup(target: string): Promise<void> {
  try {
    const { source, pages } = await backupStore(databaseUrlFromEnv(), target);
    console.log(`Backed up ${source} to ${target} (${pages} pages). Restore: stop the server and put the copy in its place.`);
  } catch (error) {
    console.error(error instanceof BackupError ? error.message : `The backup failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
