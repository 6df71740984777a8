/**
 * `frontdesk serve`: the server, configured by the environment (CONTRACT.md section 4, 5.5); `frontdesk backup FILE`;
 * `frontdesk import` (import/run.ts).
 */
import { isWorker, runPrimary, runWorker } from './cluster.js';
import { ConfigError } from './config.js';
import { runImport } from './import/run.js';
import { limitsPlace } from './limits/open.js';
import { createLog, maskedUrl, type ServerLog } from './logger.js';
import { type RunningServer, type ServerSettings, settingsFromEnv, startServer } from './server.js';
import { BackupError, backupStore } from './store/backup.js';
import { DEFAULT_DATABASE_URL, openStore } from './store/db.js';

const USAGE = `Usage: frontdesk serve
       frontdesk backup FILE   a consistent copy of the SQLite store in FILE, while the server runs
       frontdesk import disqus|wordpress FILE.xml   comments from a Disqus or WordPress export (docs/comments.md)

Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (sqlite:./data/frontdesk.db or postgres://…),
FRONTDESK_CONFIG (a JSON config file; default: the demo clinic), FRONTDESK_ADMIN_TOKEN, SMTP_URL,
FRONTDESK_MAIL_FROM, FRONTDESK_PUBLIC_URL, FRONTDESK_WORKERS (1), REDIS_URL, FRONTDESK_METRICS_TOKEN,
FRONTDESK_LOG (plain or json).`;

export async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === 'backup') return backup(argv[1]);
  if (command === 'import') {
    await runImport(argv.slice(1), () => openStore(process.env.DATABASE_URL || DEFAULT_DATABASE_URL));
    return;
  }
  if (command !== 'serve') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
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

/** Which store (its password masked), which config, which URL, how many workers. */
function startupLines(log: ServerLog, settings: ServerSettings, url: string, pids: number[], running?: RunningServer): void {
  const workers = pids.length;
  const store = maskedUrl(settings.databaseUrl ?? DEFAULT_DATABASE_URL);
  const config = settings.configPath ?? 'the demo clinic (FRONTDESK_CONFIG is not set)';
  const demo = running ? Boolean(running.ctx.demoDir) : !settings.configPath;
  const limits = limitsPlace(running?.ctx.limiter?.kind ?? (settings.redisUrl ? 'redis' : 'store'));
  const fields = { url, store, config, workers, workerPids: pids, limits, metrics: Boolean(settings.metricsToken) };
  log.info(`Frontdesk is listening on ${url}${demo ? ' (the demo clinic is at /)' : ''}`, fields);
  if (log.format === 'json') return;
  log.info(`  store: ${store}`);
  log.info(`  config: ${config}`);
  log.info(
    `  workers: ${workers > 1 ? `${workers} (pids ${pids.join(', ')}; background jobs in worker 1)` : '1'}; per-client limits counted in ${limits}`,
  );
  log.info(`  metrics: ${settings.metricsToken ? 'GET /metrics with the FRONTDESK_METRICS_TOKEN' : 'off (set FRONTDESK_METRICS_TOKEN)'}`);
}

function onStop(log: ServerLog, close: () => Promise<void>): void {
  const stop = async (signal: string) => {
    log.info(`${signal}: finishing requests and closing the store…`, { signal });
    const force = setTimeout(() => process.exit(1), 20_000);
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

async function backup(target: string | undefined): Promise<void> {
  if (!target) {
    console.error(`Name the file to write the copy to.\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  try {
    const { source, pages } = await backupStore(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, target);
    console.log(`Backed up ${source} to ${target} (${pages} pages). Restore: stop the server and put the copy in its place.`);
  } catch (error) {
    console.error(error instanceof BackupError ? error.message : `The backup failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
