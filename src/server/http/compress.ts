/**
 * Compressed answers: brotli when the client takes it, else gzip, else none (Accept-Encoding),
 * always with `Vary: Accept-Encoding`. Files are compressed once, at their first request, and kept
 * (routes/assets.ts); HTML pages made per request are compressed as they go (compressPages).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { header } from './headers.js';

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the request accepts (a `q=0` refuses one). */
export function pickEncoding(c: Context): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header(c, 'accept-encoding') ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const takes = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return takes('br') ? 'br' : takes('gzip') ? 'gzip' : 'identity';
}

/** `body` in `encoding`; `best` for files kept (slower, smaller), else fast enough for every request. */
export function encode(body: Uint8Array, encoding: Encoding, best: boolean): Uint8Array {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: best ? 11 : 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
  }
  return encoding === 'gzip' ? gzipSync(body, { level: best ? 9 : 6 }) : body;
}

const TEXT = /^(text\/|application\/(javascript|json|xml)|image\/svg)/;

/** Whether a Content-Type is text, worth compressing. */
export const isText = (type: string | undefined | null) => TEXT.test(type ?? '');

/** Compresses the HTML and CSS pages the server makes per request (the manage page, /book, /contact, /admin). */
export function compressPages(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get('content-type');
    if (!/^text\/(html|css)/.test(type ?? '') || c.res.headers.has('content-encoding') || !c.res.body) return;
    const encoding = pickEncoding(c);
    const body = new Uint8Array(await c.res.arrayBuffer());
    const headers = new Headers(c.res.headers);
    headers.append('Vary', 'Accept-Encoding');
    if (encoding !== 'identity') {
      headers.set('Content-Encoding', encoding);
      headers.delete('Content-Length');
    }
    c.res = new Response(encode(body, encoding, false), { status: c.res.status, headers });
  };
}
