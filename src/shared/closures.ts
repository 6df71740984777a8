/**
 * Time off as the owner writes it (CONTRACT 5.1): two dates `YYYY-MM-DD` (whole days, `to`
 * included) or two local date-times `YYYY-MM-DDTHH:MM` (`to` excluded), in the business's time
 * zone. The one rule for the config file, the owner's API and the admin page's form.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

export type ClosureKind = 'days' | 'hours';

/** Whether `value` is a real date (2027-02-30 is not) or date-time, and which. */
export function closureKind(value: string): ClosureKind | undefined {
  const match = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (y < 1970 || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  return value.length === 10 ? 'days' : 'hours';
}

export const CLOSURE_FORMAT = 'Use a date like 2026-12-24, or a date and time like 2027-01-15T12:00.';
export const FROM_MISSING = 'Give the first day, or the start.';
export const TO_MISSING = 'Give the last day, or the end.';

/** The first problem of a closure, by field, or undefined when it is a valid one. */
export function closureProblem(from: string, to: string): { field: 'from' | 'to'; message: string } | undefined {
  const fromKind = closureKind(from);
  if (!fromKind) return { field: 'from', message: from ? CLOSURE_FORMAT : FROM_MISSING };
  const toKind = closureKind(to);
  if (!toKind) return { field: 'to', message: to ? CLOSURE_FORMAT : TO_MISSING };
  if (fromKind !== toKind) return { field: 'to', message: 'Use the same form as the start: two dates, or two dates with times.' };
  // Both have the same fixed-width form, so their text order is their time order.
  if (fromKind === 'days' && to < from) return { field: 'to', message: 'The last day must not be before the first.' };
  if (fromKind === 'hours' && to <= from) return { field: 'to', message: 'The end must be after the start.' };
  return undefined;
}
