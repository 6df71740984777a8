/**
 * An export file read as a stream of small records, never whole: the file goes through saxes (a
 * strict parser that loads nothing and expands no entity a document declares) 64 KB at a time, and
 * only the elements asked for are kept, each as a flat map of its descendants' text by relative path
 * (`author/name`, attributes as `thread@id`), until it closes. So memory follows the largest record,
 * not the file; a field longer than MAX_FIELD is cut there. A gzip file (Disqus mails its export as
 * `.xml.gz`) is unpacked on the way, by its first bytes, whatever its name.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportFileError } from './errors.js';

/** The most characters kept of one field (a comment's text is cut further when stored). */
export const MAX_FIELD = 200_000;

export type Fields = Map<string, string>;

export interface XmlRecord {
  /** The element's path from the root, by local names: `disqus/post`, `rss/channel/item/comment`. */
  path: string;
  fields: Fields;
  /** The records this one is inside, outermost first, with the fields they have so far. */
  outer: XmlRecord[];
}

export interface XmlReadOptions {
  /** Checks the root element before anything else is read; throws ImportFileError to stop. */
  root(tag: { name: string; uri: string; attributes: Record<string, string> }): void;
  /** The paths to keep as records. */
  records: ReadonlySet<string>;
  /** Called with the bytes read so far (of the file as it is on disk, packed or not). */
  progress?: (bytes: number) => void;
}

interface Open {
  record: XmlRecord;
  /** How deep the record's element is. */
  depth: number;
}

/** The records of `file`, in document order (an inner record before the one it is in). */
export async function* readRecords(file: string, opts: XmlReadOptions): AsyncGenerator<XmlRecord> {
  const parser = new SaxesParser({ xmlns: true, fileName: file });
  const names: string[] = [];
  const open: Open[] = [];
  let field: { record: XmlRecord; key: string } | undefined;
  let ready: XmlRecord[] = [];
  let sawRoot = false;
  const append = (text: string) => {
    if (!field) return;
    const before = field.record.fields.get(field.key) ?? '';
    if (before.length < MAX_FIELD) field.record.fields.set(field.key, before + text.slice(0, MAX_FIELD - before.length));
  };
  parser.on('opentag', (tag: SaxesTagNS) => {
    names.push(tag.local);
    if (!sawRoot) {
      sawRoot = true;
      const attributes: Record<string, string> = {};
      for (const a of Object.values(tag.attributes)) attributes[a.name] = a.value;
      opts.root({ name: tag.local, uri: tag.uri, attributes });
    }
    const path = names.join('/');
    if (opts.records.has(path)) {
      open.push({ record: { path, fields: new Map(), outer: open.map((o) => o.record) }, depth: names.length });
      field = undefined;
    }
    const current = open[open.length - 1];
    if (!current) return;
    const relative = names.slice(current.depth).join('/');
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix !== 'xmlns' && a.name !== 'xmlns') current.record.fields.set(`${relative}@${a.local}`, a.value);
    }
    field = relative ? { record: current.record, key: relative } : undefined;
  });
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', () => {
    const current = open[open.length - 1];
    if (current && current.depth === names.length) {
      open.pop();
      ready.push(current.record);
    }
    names.pop();
    const around = open[open.length - 1];
    // Text after a child closes belongs to no field we keep (mixed content is not part of these formats).
    field = around && names.length > around.depth ? { record: around.record, key: names.slice(around.depth).join('/') } : undefined;
  });
  let packed = false;
  try {
    packed = await isGzip(file);
    const raw = createReadStream(file, { highWaterMark: 64 * 1024 });
    const text: Readable = packed ? pipeline(raw, createGunzip(), () => {}) : raw;
    text.setEncoding('utf8');
    for await (const chunk of text) {
      parser.write(chunk as string);
      opts.progress?.(raw.bytesRead);
      if (ready.length) {
        const out = ready;
        ready = [];
        yield* out;
      }
    }
    parser.close();
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new ImportFileError(`Cannot read ${file}: ${(error as Error).message}`);
    if (packed && code?.startsWith('Z_')) throw new ImportFileError(`${file} is a damaged gzip file: ${(error as Error).message}.`);
    throw new ImportFileError(`${file} is not well-formed XML: ${(error as Error).message}`);
  }
  if (!sawRoot) throw new ImportFileError(`${file} is empty: it holds no XML element.`);
  yield* ready;
}

/** Whether the file starts as gzip does (1f 8b). */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
