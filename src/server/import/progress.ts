/**
 * The import's progress on a terminal: one line on stderr, redrawn at most ten times a second, only
 * when stderr is a TTY (a pipe or a log file gets the summary alone).
 */
export interface Progress {
  /** `phase` ("Checking", "Importing"), bytes read of `total`, and what to add after the bar. */
  update(phase: string, bytes: number, total: number, note?: string): void;
  done(): void;
}

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(phase, bytes, total, note = '') {
      const now = Date.now();
      if (now - last < 100 && bytes < total) return;
      last = now;
      const share = total > 0 ? Math.min(1, bytes / total) : 1;
      const filled = Math.round(share * WIDTH);
      stream.write(
        `\r${phase.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${note}\x1b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
