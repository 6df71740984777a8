/** Dates and names for display, in the element's locale (LocalizeController's `locale`). */
import { intl } from '../../shared/i18n/format.js';

export function formatDate(iso: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00') : new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return intl(Intl.DateTimeFormat, locale, options).format(date);
}

/** Initials for an avatar, the first letter of the first and last words that have one: "Katie F." → "KF", "“Ann” F. <3" → "AF". */
export function initials(name: string): string {
  const letters = (name.match(/\S+/g) ?? []).flatMap((word) => word.match(/\p{L}/u) ?? []);
  return (letters.length > 1 ? [letters[0], letters.at(-1)] : letters).join('').toUpperCase() || '?';
}
