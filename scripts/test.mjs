// `npm test`: every suite, in the order a failure is cheapest to read. Builds the kit first (the
// end-to-end and size checks use dist/), then: type checks, lint, the size budgets (Chromium), the npm package,
// the server suites (SQLite and PostgreSQL), the widget suites in Chromium. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const serverTests = readdirSync('test/server', { recursive: true })
  .filter((f) => String(f).endsWith('.test.ts'))
  .map((f) => `test/server/${f}`)
  .sort();
// The npm package as built: custom-elements.json, declarations, the tarball (they need the build).
const packageTests = readdirSync('test/package')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/package/${f}`)
  .sort();

const counts = { passed: 0, failed: 0, skipped: 0 };
const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' };

function run(label, command, args, { count } = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: count === 'node' ? ['inherit', 'pipe', 'inherit'] : 'inherit', env, encoding: 'utf8' });
  if (count === 'node') {
    process.stdout.write(result.stdout ?? '');
    const grab = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(result.stdout ?? '')?.[1] ?? 0);
    counts.passed += grab('pass');
    counts.failed += grab('fail') + grab('cancelled');
    counts.skipped += grab('skipped') + grab('todo');
  } else if (!count) {
    if (result.status === 0) counts.passed++;
    else counts.failed++;
  }
  return result.status === 0;
}

const only = process.argv[2]; // `npm test -- server` or `npm test -- widgets`
let ok = true;
if (!only) {
  ok = run('build', 'npm', ['run', '--silent', 'build']) && ok;
  ok = run('types', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) && ok;
  ok = run('node types', 'npx', ['tsc', '-p', 'tsconfig.node.json']) && ok;
  ok = run('lint', 'node', ['scripts/lint.mjs']) && ok;
  ok = run('size', 'node', ['scripts/size.mjs']) && ok;
  ok =
    run('package', 'node', ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...packageTests], {
      count: 'node',
    }) && ok;
}
if (!only || only === 'server') {
  ok =
    run('server', 'node', ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...serverTests], {
      count: 'node',
    }) && ok;
}
if (!only || only === 'widgets') {
  rmSync('.tmp/wtr-counts.json', { force: true });
  const passedRun = run('widgets', 'node', ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js'], { count: 'wtr' });
  if (existsSync('.tmp/wtr-counts.json')) {
    const wtr = JSON.parse(readFileSync('.tmp/wtr-counts.json', 'utf8'));
    counts.passed += wtr.passed;
    counts.failed += wtr.failed || (passedRun ? 0 : 1);
    counts.skipped += wtr.skipped;
  } else {
    counts.failed += 1;
  }
  ok = passedRun && ok;
}

console.log(`\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(ok && counts.failed === 0 ? 0 : 1);
