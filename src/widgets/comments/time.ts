/** When a comment was posted, as people say it. */
import { intl } from '../../shared/i18n/format.js';

/** "3 days ago", in the element's locale: the largest unit that fits. */
export function relativeTime(iso: string, locale: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 60000;
  let unit: Intl.RelativeTimeFormatUnit = 'minute';
  for (const [next, size] of [
    ['hour', 60],
    ['day', 24],
    ['week', 7],
    ['month', 4.35],
    ['year', 12],
  ] as const) {
    if (Math.abs(value) < size) break;
    value /= size;
    unit = next;
  }
  const format = intl(Intl.RelativeTimeFormat, locale, { numeric: 'auto' });
  // Under a minute either way (or the server's clock a little ahead): "now", "jetzt", "agora", as people say it, not "this minute".
  return Math.abs(value) < 1 ? format.format(0, 'second') : format.format(Math.round(value), unit);
}
