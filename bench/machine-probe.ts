/**
 * How fast the machine itself is, minute by minute, apart from the server (bench/soak.ts). A child
 * process does one fixed piece of work (hashing a fixed buffer) every 2 s and reports the CPU time
 * it took: a few milliseconds every 2 s, about 0.2% of a core. On this kind of shared machine the
 * same code grows slower and faster within the hour (docs/performance.md): when the server's CPU per
 * request moves with the probe's, the machine moved, not the server.
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

const CHILD = `
const { createHash } = require('node:crypto');
const buffer = Buffer.alloc(64 * 1024, 7);
setInterval(() => {
  const before = process.cpuUsage();
  for (let i = 0; i < 40; i++) createHash('sha256').update(buffer).digest();
  const used = process.cpuUsage(before);
  console.log(((used.user + used.system) / 1000).toFixed(3));
}, 2000);
`;

export interface MachineProbe {
  /** The median CPU milliseconds of the fixed work since the last call (NaN if none came). */
  sample(): number;
  stop(): void;
}

export function startMachineProbe(): MachineProbe {
  const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Never what keeps the benchmark running, nor left running after it, however it ends.
  child.unref();
  (child.stdout as Socket).unref();
  const kill = () => void child.kill();
  process.once('exit', kill);
  let readings: number[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => readings.push(Number(line)));
  return {
    sample() {
      const sorted = readings.filter(Number.isFinite).sort((a, b) => a - b);
      readings = [];
      return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
    },
    stop() {
      process.off('exit', kill);
      kill();
    },
  };
}
