/**
 * The owner books for a client (a phone call, a walk-in): any free time within her hours, or with
 * `force` any time no other booking holds (the answer's `warning` says what was overridden). An
 * overlap is refused by the store as for every booking. With staff, the person asked for (who must
 * give the service), else anyone free, spread as for a visitor's booking (reserve-lanes.ts); rooms
 * are held as for any booking. The client gets the same confirmation as a visitor, in the language
 * given (`locale`, else English), when an email is given; without one, the booking is stored with
 * an empty address and no email goes out.
 */
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import type { OwnerBookingInput } from '../../shared/owner-schemas.js';
import { checkAnswers } from '../../shared/questions.js';
import type { Config } from '../config.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/db.js';
import type { BookingsTable } from '../store/tables-bookings.js';
import { findService } from './availability.js';
import { eventData, type FullBooking, newRow, reserve, toBooking } from './bookings.js';
import { routedEvent } from './events.js';
import { forceable, OWNER_SLOT_TAKEN, ownerTime } from './reschedule.js';
import { reserveInLanes } from './reserve-lanes.js';
import { hasLanes, lanesFor } from './staff.js';

export async function createForOwner(
  store: Store,
  config: Config,
  input: OwnerBookingInput,
  now: number,
): Promise<FullBooking & { warning?: string }> {
  const service = findService(config, input.service);
  if (!service) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { service: 'Choose one of your services.' });
  const lanes = hasLanes(config, service) || input.staff ? lanesFor(config, service, input.staff) : undefined;
  // The owner may leave any question unasked (a client on the phone); what she gives is checked.
  const answers = checkAnswers(
    service.questions.map((q) => ({ ...q, required: false })),
    input.answers,
  );
  if (!answers.ok) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, answers.fields);
  const start = Date.parse(input.start);
  const { problem, open } = await ownerTime(store, config, service, start, now, lanes);
  if (problem && !input.force) throw forceable(problem, 'book it');
  const row = newRow(config, service, start, {
    name: input.name,
    email: input.email ?? '',
    phone: input.phone || null,
    notes: input.notes || null,
    timezone: null,
    locale: input.locale || null,
    answers: Object.keys(answers.data).length ? JSON.stringify(answers.data) : null,
  });
  const zone = config.business.timezone;
  const booking = open
    ? toBooking(
        await reserveInLanes(
          store,
          config,
          service,
          open,
          row,
          (stored: BookingsTable) => routedEvent(config, 'booking.created', { ...eventData(toBooking(stored, zone)), bookedBy: 'owner' }),
          OWNER_SLOT_TAKEN,
        ),
        zone,
      )
    : await reserve(store, config, row, { bookedBy: 'owner' }).catch((error: unknown) => {
        throw error instanceof ServiceError && error.code === 'slot_taken'
          ? new ServiceError('slot_taken', OWNER_SLOT_TAKEN, { start: OWNER_SLOT_TAKEN })
          : error;
      });
  return problem ? { ...booking, warning: problem } : booking;
}
