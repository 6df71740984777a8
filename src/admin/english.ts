/**
 * The admin page speaks English. The shared schemas' messages are catalogue references
 * (`validation.tooLong|{"max":80}`): this gives their English text, as the widgets do in theirs.
 */
import { en } from '../shared/i18n/en.js';
import { type Catalogue, formatMessage, readIssue } from '../shared/i18n/format.js';

export function english(message: string): string {
  const { key, params } = readIssue(message);
  const entry = (en as Catalogue)[key];
  return entry === undefined ? message : formatMessage('en', entry, params);
}

/** Every field's message in English. */
export function englishFields(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, message]) => [name, english(message)]));
}
