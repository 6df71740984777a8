/** Time zones named for people, by the widgets and the server's pages alike. */

/**
 * A time zone's name as people of `locale` say it, at the moment `at` (standard or summer time):
 * "Japan Standard Time", "توقيت الخليج"; the zone's id where Intl has no name for it.
 */
export const zoneName = (locale: string, zone: string, at: Date | number): string =>
  new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' }).formatToParts(at).find((part) => part.type == 'timeZoneName')
    ?.value ?? zone;
