/**
 * The cursors of paged answers (`nextCursor` of a comments page, `repliesCursor`, a replies page's
 * `nextCursor`): opaque to clients, base64url of the last id the previous page showed. A cursor
 * this server could not have given is a 400 that names the parameter.
 */
import { ServiceError } from '../errors.js';

export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string, name = 'cursor'): number {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^[1-9]\d{0,14}$/.test(text) || encodeCursor(Number(text)) !== cursor) {
    throw new ServiceError('bad_request', `The ${name} is not one this server gave.`, { [name]: 'Use the cursor of the previous page.' });
  }
  return Number(text);
}
