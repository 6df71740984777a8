/**
 * The owner books for a client (a phone call, a walk-in): any free time within her hours, or with
 * `force` any time no other booking holds (the answer's `warning` says what was overridden). An
 * overlap is refused by the store as for every booking. The client gets the same confirmation as a
 * visitor when an email is given; without one, the booking is stored with an empty address and no
 * email goes out.
 */
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import type { OwnerBookingInput } from '../../shared/owner-schemas.js';
import type { Config } from '../config.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/db.js';
import { findService } from './availability.js';
import { type FullBooking, newRow, reserve } from './bookings.js';
import { ownerTimeProblem } from './reschedule.js';

export async function createForOwner(store: Store, config: Config, input: OwnerBookingInput, now: number): Promise<FullBooking & { warning?: string }> {
  const service = findService(config, input.service);
  if (!service) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { service: 'Choose one of your services.' });
  const start = Date.parse(input.start);
  const problem = await ownerTimeProblem(store, config, service, start, now);
  if (problem && !input.force) {
    throw new ServiceError('validation_failed', `${problem} Send "force": true to book it anyway.`, { start: problem });
  }
  const row = newRow(config, service, start, {
    name: input.name,
    email: input.email ?? '',
    phone: input.phone || null,
    notes: input.notes || null,
    timezone: null,
    locale: null,
  });
  const booking = await reserve(store, config, row, { bookedBy: 'owner' });
  return problem ? { ...booking, warning: problem } : booking;
}
