/**
 * A real Frontdesk server process for the notification tests (`node --import tsx
 * test/support/notify-server.ts`): settings from the environment as `frontdesk serve` reads them,
 * the worker's timings from NOTIFY_TIMING (JSON). Prints `listening <url>` once it listens.
 */
import { settingsFromEnv, startServer } from '../../src/server/server.js';

const server = await startServer({
  ...settingsFromEnv(),
  notify: JSON.parse(process.env.NOTIFY_TIMING ?? '{}'),
  log: () => {},
});
process.stdout.write(`listening ${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
