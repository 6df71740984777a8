// `npm run size`: the embed kit's size, gzip -9, against its budget. Fails over budget.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 20 * 1024;
let failed = false;
for (const file of ['dist/frontdesk.js', 'dist/frontdesk.mjs']) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build first.`);
    process.exit(1);
  }
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const ok = gz <= BUDGET;
  failed ||= !ok;
  console.log(`${file}: ${(raw.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(2)} KB gzip (budget ${BUDGET / 1024} KB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);
