/**
 * What the operator-style benchmarks share: the server command run with an environment, waited for
 * on /healthz; a process tree's CPU time and memory from /proc (Linux); a free port; the machine line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** The load averages (1, 5 and 15 minutes), as a benchmark prints them before and after its rounds. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** The machine, said once at the top of a benchmark's output. */
export function machineLine(): string {
  return (
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average ${loadAverage()}. ` +
    `The load generator runs on the same machine and shares those cores with the server.`
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

export function writeConfig(dir: string, config: unknown): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The server command (BENCH_SERVER_COMMAND, default bench/serve.ts: the build) with `env`, once /healthz answers. */
export async function startServerCommand(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const command = process.env.BENCH_SERVER_COMMAND?.split(' ') ?? [process.execPath, '--import', 'tsx', 'bench/serve.ts'];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), FRONTDESK_ADMIN_TOKEN: 'bench-admin-token-0123456789', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server command exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('the server did not answer /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, child, stop };
}

/** `pid` and its descendants (the workers of a cluster), from /proc. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(parents.get(all[i]!) ?? []));
  return all;
}

/** CPU seconds (user + system) used so far by `pid` and its descendants. */
export function treeCpuSeconds(pid: number): number {
  let total = 0;
  for (const p of tree(pid)) {
    const used = cpuSeconds(p);
    if (!Number.isNaN(used)) total += used; // NaN: gone
  }
  return total;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used so far by PostgreSQL's own processes on this machine (every `postgres` process:
 * the backends serving the bench's connections, the WAL writer, the checkpointer): part of what a
 * booking costs the machine when the store shares its cores. NaN where /proc cannot tell.
 */
export function postgresCpuSeconds(): number {
  try {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let name = '';
      try {
        name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      } catch {
        continue; // the process ended meanwhile
      }
      const used = name === 'postgres' ? cpuSeconds(Number(entry)) : 0;
      if (!Number.isNaN(used)) total += used;
    }
    return total;
  } catch {
    return NaN;
  }
}

/** Resident memory of `pid` and its descendants, in MB. */
export function treeRssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

/**
 * Seconds so far in which some task on the machine was ready to run and waited for a core (Linux's
 * pressure stall information, /proc/pressure/cpu, "some"): how crowded the cores were, whoever
 * crowded them. NaN where the kernel does not tell.
 */
export function cpuWaitSeconds(): number {
  try {
    const some = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1];
    return some === undefined ? NaN : Number(some) / 1e6;
  } catch {
    return NaN;
  }
}
