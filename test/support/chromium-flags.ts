/**
 * Debian's Chromium (or CHROMIUM_PATH) and the flags every browser the tests and benches start
 * runs with: headless, no sandbox (root in CI), nothing fetched from the network on its own.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
  '--no-first-run',
];
