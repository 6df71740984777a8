// `npm start`: builds when the sources are newer than dist/, then starts the demo clinic on
// http://127.0.0.1:8787 with the embedded SQLite database in ./data.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = ['dist/frontdesk.js', 'dist/node/server/cli.js'];
const stale = outputs.some((f) => !existsSync(f)) || newest('src') > Math.min(...outputs.map((f) => statSync(f).mtimeMs));
if (stale) {
  console.log('Building Frontdesk…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, ['bin/frontdesk.js', 'serve'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
