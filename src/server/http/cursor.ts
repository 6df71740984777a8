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

/**
 * A cursor after a row of a list ordered by an instant, then by a text id (the owner's bookings, by
 * start): base64url of `<epoch ms>.<id>`.
 */
export function encodeInstantCursor(at: number, id: string): string {
  return Buffer.from(`${at}.${id}`).toString('base64url');
}

export function decodeInstantCursor(cursor: string, name = 'cursor'): { at: number; id: string } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^(-?\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match || encodeInstantCursor(Number(match[1]), match[2]!) !== cursor) {
    throw new ServiceError('bad_request', issue('request.badCursor'), { [name]: issue('request.useGivenCursor') });
  }
  return { at: Number(match[1]), id: match[2]! };
}
