/**
 * `frontdesk import disqus|wordpress FILE`: the file is read twice, streaming. The first reading
 * writes nothing: it checks the whole file (well-formed XML, the root the format has, every comment
 * with its id), so a file that is not what it claims, or is broken anywhere, stops the import before
 * any row is written. The second writes in batches (services/comment-import.ts); should the store fail
 * halfway, the batches written stay and running the command again completes the import, since every
 * comment already there is recognized by its key.
 */
import { stat } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config.js';
import { importComments, type ImportSummary } from '../services/comment-import.js';
import type { Store } from '../store/db.js';
import { disqusSource } from './disqus.js';
import { ImportFileError } from './errors.js';
import { pagesSharingAThread } from './fields.js';
import { type Progress, progressBar } from './progress.js';
import type { ImportSource } from './source.js';
import { wordpressSource } from './wordpress.js';

export const FORMATS: Record<string, (file: string) => ImportSource> = { disqus: disqusSource, wordpress: wordpressSource };

export const IMPORT_USAGE = `Usage: frontdesk import disqus FILE.xml     (or the FILE.xml.gz Disqus mails)
       frontdesk import wordpress FILE.xml

Imports the comments of a Disqus export or a WordPress export (WXR) into the store named by
DATABASE_URL; each page's comments go to its thread (the page's path). Running it again adds nothing.
Pages whose addresses differ only in their query (/?p=42, /?p=43) would share one thread: the import
stops and names them, unless --merge-queries says they are one page.`;

const quiet: Progress = { update() {}, done() {} };

/** Checks `file`, then imports it; throws ImportFileError (nothing written) when the file is not a `format` export. */
export async function importFile(
  store: Store,
  format: string,
  file: string,
  progress: Progress = quiet,
  opts: { mergeQueries?: boolean; ownerEmail?: string } = {},
): Promise<ImportSummary & { label: string }> {
  const source = FORMATS[format]?.(file);
  if (!source) throw new ImportFileError(`Unknown format "${format}": use disqus or wordpress.`);
  let total = 0;
  try {
    total = (await stat(file)).size;
  } catch (error) {
    throw new ImportFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const { comments, pages } = await source.check((bytes) => progress.update('Checking', bytes, total));
    const shared = pagesSharingAThread(pages);
    if (shared.length && !opts.mergeQueries) throw new ImportFileError(sharedThreadsMessage(file, shared));
    let read = 0;
    async function* counted() {
      for await (const item of source!.comments((bytes) => progress.update('Importing', bytes, total, `${read} of ${comments} comments`))) {
        read++;
        yield item;
      }
    }
    const summary = await importComments(store.db, store.kind, counted(), opts.ownerEmail);
    return { ...summary, label: source.label };
  } finally {
    progress.done();
  }
}

function sharedThreadsMessage(file: string, shared: { thread: string; links: string[] }[]): string {
  const n = shared.length;
  const examples = shared
    .slice(0, 3)
    .map(({ thread, links }) => `  ${thread}: ${links.slice(0, 3).join(', ')}${links.length > 3 ? `, and ${links.length - 3} more` : ''}`);
  return [
    `${file}: the pages of ${n === 1 ? 'this thread differ' : `these ${n} threads differ`} only in their query, and would share its comments:`,
    ...examples,
    ...(n > 3 ? [`  and ${n - 3} more`] : []),
    'Frontdesk keys a page by its path, so their comments would show together. If they are different posts, give',
    'them addresses of their own (WordPress: Settings → Permalinks; Disqus then: Migration Tools → URL Mapper),',
    'export again and import that file. If each group is really one page, run again with --merge-queries.',
  ].join('\n');
}

export function describeSummary(s: ImportSummary & { label: string }): string {
  const n = (x: number) => x.toLocaleString('en');
  const lines = [
    `${s.label}: imported ${n(s.imported)} comment${s.imported === 1 ? '' : 's'} into ${n(s.threads)} thread${s.threads === 1 ? '' : 's'}` +
      (s.hidden ? ` (${n(s.hidden)} hidden: spam, pending or under a hidden comment; see /admin)` : '') +
      '.',
  ];
  const skipped = Object.entries(s.skipped);
  const total = skipped.reduce((a, [, count]) => a + count, 0);
  lines.push(`Skipped ${n(total)}` + (total ? `: ${skipped.map(([why, count]) => `${n(count)} ${why}`).join(', ')}.` : '.'));
  lines.push(`Already there (imported before): ${n(s.alreadyThere)}.`);
  return lines.join('\n');
}

/** The command: `args` are what follows `import`. Sets process.exitCode on failure. */
export async function runImport(args: string[], openStore: () => Promise<Store>): Promise<void> {
  const mergeQueries = args.includes('--merge-queries');
  const [format, file, ...rest] = args.filter((arg) => arg !== '--merge-queries');
  // Asked for help anywhere (`import disqus --help`): the usage, and nothing opened or read.
  if (args.some((arg) => arg === '--help' || arg === '-h')) return console.log(IMPORT_USAGE);
  if (!format || !file || rest.length || !FORMATS[format]) {
    console.error(format && !FORMATS[format] ? `Unknown format "${format}".\n\n${IMPORT_USAGE}` : IMPORT_USAGE);
    process.exitCode = 2;
    return;
  }
  let store: Store | undefined;
  try {
    // The clinic's config, when there is one, names the owner: her comments in the export keep the Owner badge.
    const configPath = process.env.FRONTDESK_CONFIG || undefined;
    const ownerEmail = configPath ? loadConfig(configPath).business.email : undefined;
    store = await openStore();
    const summary = await importFile(store, format, file, progressBar(), { mergeQueries, ...(ownerEmail ? { ownerEmail } : {}) });
    console.log(describeSummary(summary));
  } catch (error) {
    if (error instanceof ImportFileError || error instanceof ConfigError) console.error(`${error.message}\nNothing was imported.`);
    else
      console.error(
        `The import stopped: ${(error as Error).message}\nComments written so far stay; run the same command again to complete it.`,
      );
    process.exitCode = 1;
  } finally {
    await store?.close();
  }
}
