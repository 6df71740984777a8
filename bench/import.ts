/**
 * npm run bench:import — `frontdesk import disqus` of generated exports of growing size, each in a
 * process of its own (the command as a user runs it), on SQLite and PostgreSQL: the time, and the
 * process's peak resident memory (maxRSS). The import streams the file, so the peak should stay
 * about level while the file grows; a reader that held the file would grow with it. Each run has
 * its JavaScript heap capped at HEAP_MB (`--max-old-space-size`), less than the larger files: an
 * import that held the file, or every comment, would fail there.
 *
 * Caveats: the figures include Node, tsx compiling the sources at start, and the store's driver;
 * on a busy machine the times vary a lot, the memory much less.
 *
 * Env: BENCH_IMPORT_SIZES (default "10000,100000"), BENCH_IMPORT_PAD (filler characters per comment,
 * default 600), BENCH_PG (default postgres://postgres@127.0.0.1:5432/test; "off" to skip).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDisqusExport } from '../test/support/exports.js';
import { freshPostgres } from './support.js';

const sizes = (process.env.BENCH_IMPORT_SIZES ?? '10000,100000').split(',').map(Number);
const pad = Number(process.env.BENCH_IMPORT_PAD ?? 600);
const pgUrl = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const HEAP_MB = 64;
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-import-'));

/** Runs the command in a child process; answers its wall time and its peak RSS in MB. */
function runImport(file: string, databaseUrl: string): { ms: number; peakMb: number; out: string } {
  const script = `import('./src/server/cli.ts').then((m) => m.main(['import', 'disqus', ${JSON.stringify(file)}])).then(() => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'))`;
  const started = performance.now();
  const child = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', '-e', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr}`);
  const kb = Number(/maxrss (\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { ms, peakMb: Math.round(kb / 1024), out: child.stdout.trim().split('\n')[0] ?? '' };
}

try {
  console.log(
    `Import of generated Disqus exports (${pad} filler characters per comment), one process per run, its heap capped at ${HEAP_MB} MB.\n`,
  );
  console.log('store     comments   file MB   seconds   peak RSS MB   second run');
  for (const comments of sizes) {
    const file = join(dir, `disqus-${comments}.xml`);
    await writeDisqusExport(file, { threads: Math.max(10, Math.round(comments / 200)), comments, pad });
    const fileMb = (statSync(file).size / 1024 / 1024).toFixed(0);
    const stores: [string, string, (() => Promise<void>) | undefined][] = [
      ['sqlite', `sqlite:${join(dir, `store-${comments}.db`)}`, undefined],
    ];
    const pg = await freshPostgres(pgUrl, `frontdesk_bench_import_${comments}`);
    if (pg) stores.push(['postgres', pg.url, pg.drop]);
    for (const [kind, url, drop] of stores) {
      const first = runImport(file, url);
      const again = runImport(file, url);
      const row = [
        kind.padEnd(9),
        String(comments).padStart(8),
        fileMb.padStart(9),
        (first.ms / 1000).toFixed(1).padStart(9),
        String(first.peakMb).padStart(13),
      ];
      console.log(`${row.join(' ')}   ${/imported 0 comments/.test(again.out) ? 'added nothing' : again.out}`);
      await drop?.();
    }
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
