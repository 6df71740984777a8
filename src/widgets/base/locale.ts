/** Dates and names for display, in the element's locale (LocalizeController's `locale`). */
import { intl } from '../../shared/i18n/format.js';

export function formatDate(iso: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00') : new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return intl(Intl.DateTimeFormat, locale, options).format(date);
}

/** Initials for an avatar: "Katie F." → "KF". */
export function initials(name: string): string {
  const words = name.match(/\S+/g) ?? [];
  return (words.length > 1 ? [words[0]!, words.at(-1)!] : words).map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}
