/**
 * The clinic's wall-clock time in the owner's forms: a `datetime-local` value ("2027-01-12T10:00")
 * is a time in the clinic's zone, whatever the zone of the owner's device; the API takes instants.
 */
function partsAt(instant: number, zone: string): Record<string, number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return Object.fromEntries(
    format
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, zone: string): number {
  const p = partsAt(instant, zone);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(instant / 1000) * 1000;
}

/** "2027-01-12T10:00" in `zone` as an ISO instant; anything else as given (the server names the problem). */
export function clinicInstant(local: string, zone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return local;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let instant = wall - offsetAt(wall, zone);
  instant = wall - offsetAt(instant, zone); // again, in case the offset changed in between (DST)
  return new Date(instant).toISOString();
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as the clinic's "YYYY-MM-DDTHH:MM". */
export function clinicLocal(iso: string, zone: string): string {
  const p = partsAt(Date.parse(iso), zone);
  return `${p.year}-${two(p.month!)}-${two(p.day!)}T${two(p.hour!)}:${two(p.minute!)}`;
}

/** The clinic's date ("YYYY-MM-DD") `days` from now. */
export function clinicDate(zone: string, days = 0): string {
  const p = partsAt(Date.now(), zone);
  return new Date(Date.UTC(p.year!, p.month! - 1, p.day! + days)).toISOString().slice(0, 10);
}
