#!/usr/bin/env node
// The `frontdesk` command. Runs the built server (npm run build); see src/server/cli.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/node/server/cli.js', import.meta.url));
if (!existsSync(built)) {
  console.error('Frontdesk is not built yet. Run: npm run build');
  process.exit(1);
}
const { main } = await import(built);
await main(process.argv.slice(2));
