/** `frontdesk serve`: the server, configured by the environment (CONTRACT.md section 4); `frontdesk backup FILE`. */
import { ConfigError } from './config.js';
import { settingsFromEnv, startServer } from './server.js';
import { BackupError, backupStore } from './store/backup.js';
import { DEFAULT_DATABASE_URL } from './store/db.js';

const USAGE = `Usage: frontdesk serve
       frontdesk backup FILE   a consistent copy of the SQLite store in FILE, while the server runs

Environment: PORT (8787), HOST (127.0.0.1), DATABASE_URL (sqlite:./data/frontdesk.db or postgres://…),
FRONTDESK_CONFIG (a JSON config file; default: the demo clinic), FRONTDESK_ADMIN_TOKEN, SMTP_URL,
FRONTDESK_MAIL_FROM, FRONTDESK_PUBLIC_URL.`;

export async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'serve';
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return;
  }
  if (command === 'backup') return backup(argv[1]);
  if (command !== 'serve') {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  let running;
  try {
    running = await startServer(settingsFromEnv());
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(`Frontdesk could not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const where = running.ctx.demoDir ? ' (the demo clinic is at /)' : '';
  console.log(`Frontdesk is listening on ${running.url}${where}, store: ${running.store.kind}`);
  const stop = async (signal: string) => {
    console.log(`${signal}: finishing requests and closing the store…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
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
