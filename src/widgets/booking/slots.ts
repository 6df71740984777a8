/** Dates for the booking steps, in the visitor's own time zone (the browser's). */
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a local date. */
export const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The visitor's calendar day of an instant. */
export const dayOf = (iso: string) => ymd(new Date(iso));

/** `YYYY-MM-DD` plus `n` days (calendar days, whatever daylight saving does). */
export function addDays(day: string, n: number): string {
  const d = new Date(day + 'T12:00');
  d.setDate(d.getDate() + n);
  return ymd(d);
}

/** The visitor's IANA time zone. */
export const visitorZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
