/**
 * A calendar that cannot be read or written right now, with the reason in the owner's words ("The
 * calendar server refused the password."): shown in /admin as it is. It never carries the
 * calendar's address or credentials (a secret address is a credential).
 */
export class CalendarError extends Error {
  override name = 'CalendarError';

  constructor(
    message: string,
    /** True when trying again cannot help until the owner changes something (the config). */
    readonly permanent = false,
  ) {
    super(message);
  }
}
