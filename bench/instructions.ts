/**
 * npm run bench:instructions — the machine instructions one comment page read costs, counted by
 * valgrind's callgrind, for the bare node:http server of bench:comments and for Frontdesk (SQLite,
 * the build, as `frontdesk serve` runs it). Instructions, not seconds: a count does not move when
 * another tenant of the machine takes its cores or caches, which moved bench:comments' ratio
 * between 0.70 and 1.01 for the same servers within minutes (docs/performance.md). It tells what
 * our code asks of the processor; bench:comments tells what the machine then makes of it.
 *
 * Each run starts one server under callgrind with counting off, reads the page of a thread of 1,000
 * comments at 10 connections for BENCH_WARMUP_SECONDS (default 30) so that V8 has compiled its hot
 * code, turns counting on, reads for BENCH_SECONDS (default 20), turns it off, and divides the
 * process's instructions (every thread: the compilers and the garbage collector too) by the answers.
 * The servers run in turn, bare first, BENCH_PAIRS times (default 2), and each pair gives a ratio:
 * the bare server's instructions a read over Frontdesk's (1 = as cheap as the bare server).
 *
 * Under callgrind a request takes 20-50 times longer, so work done on a clock rather than per request
 * (SQLite's `PRAGMA data_version` look every 5 ms, timers, V8's background tasks) counts for more a
 * request than it does at full speed: Frontdesk's figure here is a little worse than its own at speed.
 * Counts move a few per cent with what the machine's speed did to that clock work; the servers of a
 * pair run a minute apart.
 *
 * Needs valgrind (Debian: `apt-get install valgrind`).
 * Env: BENCH_PAIRS (default 2), BENCH_WARMUP_SECONDS (default 30), BENCH_SECONDS (default 20), BENCH_CONNECTIONS (default 10).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { alternate } from './alternating.js';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SIZE = 1000;
const PATH = `/api/v1/comments?thread=${encodeURIComponent(`/bench/${SIZE}`)}&limit=20`;

type Kind = 'bare' | 'frontdesk';

/** Instructions a read and answers counted, for one server started under callgrind. */
async function measure(kind: Kind, file: string, dir: string, n: number): Promise<{ perRequest: number; requests: number }> {
  const args = kind === 'bare' ? ['bench/bare-comments-server.ts', file] : ['bench/comments.ts', 'serve', `sqlite:${file}`];
  const out = join(dir, `callgrind.${n}`);
  const proc = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${out}`,
      process.execPath,
      '--import',
      'tsx',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: proc.stdout! }).once('line', resolve);
      proc.once('exit', (code) => reject(new Error(`${kind} server under callgrind exited with ${code}`)));
    });
    const control = (...flags: string[]) => execFileSync('callgrind_control', [...flags, String(proc.pid)], { stdio: 'ignore' });
    await alternate([url], PATH, { connections: CONNECTIONS, seconds: WARMUP_SECONDS, turnMs: 1000 });
    control('-i', 'on');
    const run = await alternate([url], PATH, { connections: CONNECTIONS, seconds: SECONDS, turnMs: 1000 });
    control('-i', 'off');
    control('-d');
    const requests = run.requests[0]!;
    proc.kill('SIGKILL');
    await exited;
    // One file per thread that ran while counting (or one for all): each ends with its total.
    let instructions = 0;
    for (const name of readdirSync(dir).filter((f) => f.startsWith(`callgrind.${n}`))) {
      const total = /^totals: (\d+)/m.exec(readFileSync(join(dir, name), 'utf8'));
      if (total) instructions += Number(total[1]);
    }
    return { perRequest: instructions / requests, requests };
  } finally {
    proc.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('bench:instructions needs valgrind (Debian: apt-get install valgrind).');
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-instructions-'));
  try {
    const file = join(dir, 'comments.db');
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/comments.ts', 'seed', `sqlite:${file}`], {
      env: { ...process.env, BENCH_SIZES: String(SIZE) },
      stdio: 'inherit',
    });
    console.log(
      `GET ${PATH} (a thread of ${SIZE.toLocaleString('en-US')} comments, first page) at ${CONNECTIONS} connections, under callgrind: ` +
        `${WARMUP_SECONDS} s unmeasured, then ${SECONDS} s counted; instructions of the whole server process (every thread) over its answers.`,
    );
    console.log("The limit compared with: the bare node:http server of bench:comments (the same page's bytes, computed once).");
    let n = 0;
    const ratios: number[] = [];
    for (let pair = 1; pair <= PAIRS; pair++) {
      const bare = await measure('bare', file, dir, n++);
      console.log(
        `pair ${pair}: bare node:http  ${Math.round(bare.perRequest).toLocaleString('en-US')} instructions a read (${bare.requests.toLocaleString('en-US')} reads counted)`,
      );
      const ours = await measure('frontdesk', file, dir, n++);
      const ratio = bare.perRequest / ours.perRequest;
      ratios.push(ratio);
      console.log(
        `pair ${pair}: Frontdesk       ${Math.round(ours.perRequest).toLocaleString('en-US')} instructions a read (${ours.requests.toLocaleString('en-US')} reads counted); ` +
          `bare / Frontdesk ${ratio.toFixed(3)}`,
      );
    }
    console.log(`bare / Frontdesk, instructions a read: ${ratios.map((r) => r.toFixed(3)).join(', ')} (1 = as cheap as the bare server)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
