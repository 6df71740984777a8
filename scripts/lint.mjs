// `npm run lint` (run by `npm test`): ESLint and Prettier on the paths eslint.config.mjs lists in
// LINTED (all of the repository's code: src, test, bench, scripts, bin and the root config files).
// `npm run lint -- --fix` fixes what it can and formats.
import { spawnSync } from 'node:child_process';
import { LINTED } from '../eslint.config.mjs';

const fix = process.argv.includes('--fix');
const run = (bin, args) => spawnSync(process.execPath, [`node_modules/${bin}`, ...args], { stdio: 'inherit' }).status === 0;
const eslint = run('eslint/bin/eslint.js', [...(fix ? ['--fix'] : []), ...LINTED]);
const prettier = run('prettier/bin/prettier.cjs', [fix ? '--write' : '--check', '--log-level', 'warn', ...LINTED]);
process.exit(eslint && prettier ? 0 : 1);
