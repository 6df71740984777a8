/** Durations in words, through Intl (shared by the booking widget and the server's pages). */
import { intl } from './format.js';

/** "30 minutes", "1 hour", "2 hours" ("30m" is read as metres by screen readers). */
export function formatDuration(locale: string, minutes: number): string {
  const hours = minutes % 60 ? 0 : minutes / 60;
  return intl(Intl.NumberFormat, locale, { style: 'unit', unit: hours ? 'hour' : 'minute', unitDisplay: 'long' }).format(hours || minutes);
}
