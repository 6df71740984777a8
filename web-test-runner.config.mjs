// Widget tests in real Chromium (Debian's /usr/bin/chromium). Tests that need the Frontdesk server
// start a real one, on a fresh SQLite file, through the `frontdesk-server` command
// (test/support/server-command.ts).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './test/support/chromium-flags.ts';
import { serverCommandPlugin } from './test/support/server-command.ts';
import { countingReporter } from './test/support/counting-reporter.mjs';
import { defaultReporter } from '@web/test-runner';

export default {
  files: process.env.WTR_FILES || ['test/widgets/**/*.test.ts', 'test/admin/**/*.test.ts'],
  rootDir: '.',
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 600000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), serverCommandPlugin()],
  reporters: [defaultReporter(), countingReporter('.tmp/wtr-counts.json')],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_FLAGS,
      },
    }),
  ],
};
