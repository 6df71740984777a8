/**
 * The cursors of paged answers (`nextCursor` of a comments page, `repliesCursor`, a replies page's
 * `nextCursor`): opaque to clients, base64url of the last id the previous page showed. A cursor
 * this server could not have given is a 400 that names the parameter.
 */
import { issue } from '../../shared/i18n/format.js';
import { ServiceError } from '../errors.js';

export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string, name = 'cursor'): number {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!/^[1-9]\d{0,14}$/.test(text) || encodeCursor(Number(text)) !== cursor) {
    throw new ServiceError('bad_request', issue('request.badCursor'), { [name]: issue('request.useGivenCursor') });
  }
  return Number(text);
}
