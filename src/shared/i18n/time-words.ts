/** Times and time zones as people read them, in their language: the widgets, the server's pages and the emails. */

/**
 * A time zone's name as people of `locale` say it, at the moment `at` (standard or summer time):
 * "Japan Standard Time", "توقيت الخليج"; with `longGeneric`, whatever its clocks say ("Eastern Time"); the zone's id
 * where Intl has no name for it.
 */
export const zoneName = (locale: string, zone: string, at: Date | number, style: 'long' | 'longGeneric' = 'long'): string =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at).find((part) => part.type == 'timeZoneName')
    ?.value ?? zone;

/**
 * An appointment's day and hours in `zone`, with the language's own separators: "Tuesday, January 12, 2027,
 * 10:00 – 11:00 AM" ("الثلاثاء، 12 يناير 2027، 10:00–11:00 ص"), and the zone's name with `named`, as the widget
 * and the manage page say it ("Japan Standard Time": the short name of most zones is only "GMT+9"); the start alone
 * without `end`.
 */
export function timeRange(locale: string, zone: string, start: Date, end?: Date, named = false): string {
  const format = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  let time = '';
  if (!end) time = format.format(start);
  else {
    // Brazilian Portuguese's range runs the day into the hours ("…de 2027 10:00 – 11:00"): a comma between, as the
    // other languages have (the range within one day: its date is shared, its hours each side's).
    const parts = format.formatRangeToParts(start, end);
    const gap = parts[parts.findIndex((part) => part.source === 'startRange') - 1];
    if (gap?.type === 'literal' && !gap.value.trim()) gap.value = ', ';
    time = parts.map((part) => part.value).join('');
  }
  // After the range, not inside it: ICU's formatRange gives "GMT+9" for a long zone name.
  return named ? `${time} ${zoneName(locale, zone, start)}` : time;
}

/**
 * The zone a visitor booked from (as the widget sends it), when it is a real one other than the business's
 * (an alias of it, "US/Eastern" beside "America/New_York", is the same): the time shown to them beside the business's.
 */
export function otherZone(zone: unknown, businessZone: string): string | undefined {
  if (typeof zone !== 'string' || zone === businessZone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone === businessZone ? undefined : zone;
  } catch {
    return undefined;
  }
}
