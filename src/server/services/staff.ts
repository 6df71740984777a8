/**
 * Who gives which service (config `staff`, CONTRACT 5.2). Without `staff` the business is one
 * practitioner: stored bookings carry staff id '' and the business's hours apply, exactly as before.
 */
import type { StaffMember } from '../../shared/api.js';
import { issue } from '../../shared/i18n/format.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import type { Config, ServiceConfig, StaffConfig, WeeklyHours } from '../config.js';
import { ServiceError } from '../errors.js';

/** One line of work: a staff member, or the business itself (id '') when there is no staff. */
export interface Lane {
  id: string;
  name: string | null;
  hours: WeeklyHours;
}

export function publicStaff(config: Config): StaffMember[] {
  const all = config.services.map((s) => s.id);
  return config.staff.map((m) => ({ id: m.id, name: m.name, services: m.services ?? all }));
}

export function gives(member: StaffConfig, service: ServiceConfig): boolean {
  return !member.services || member.services.includes(service.id);
}

const lane = (config: Config, member: StaffConfig): Lane => ({ id: member.id, name: member.name, hours: member.hours ?? config.hours });

export const STAFF_UNKNOWN = issue('booking.staffUnknown');

/**
 * The lanes that may take `service`, in the config's order: the chosen staff member (refused with
 * `validation_failed` on `staff` when unknown or not giving the service), every staff member giving
 * it, or the business alone when there is no staff.
 */
export function lanesFor(config: Config, service: ServiceConfig, chosen?: string): Lane[] {
  if (!config.staff.length) {
    if (chosen) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { staff: STAFF_UNKNOWN });
    return [{ id: '', name: null, hours: config.hours }];
  }
  if (chosen) {
    const member = config.staff.find((m) => m.id === chosen);
    if (!member || !gives(member, service)) throw new ServiceError('validation_failed', VALIDATION_MESSAGE, { staff: STAFF_UNKNOWN });
    return [lane(config, member)];
  }
  return config.staff.filter((m) => gives(m, service)).map((m) => lane(config, m));
}

/** The resources `service` needs, with their capacities. */
export function resourcesFor(config: Config, service: ServiceConfig): Array<{ id: string; capacity: number }> {
  return service.resources.map((id) => ({ id, capacity: config.resources.find((r) => r.id === id)?.capacity ?? 1 }));
}

/** Whether availability and reservations need the per-lane path (staff, or shared resources). */
export function hasLanes(config: Config, service: ServiceConfig): boolean {
  return config.staff.length > 0 || service.resources.length > 0;
}

/**
 * How far back a booking may start and still reach into a window: the longest service and the
 * buffer. A longer booking (a service since shortened) is missed by reads, never by the store,
 * which still refuses the overlap.
 */
export function lookbackMs(config: Config): number {
  return (Math.max(5, ...config.services.map((s) => s.durationMinutes)) + config.booking.bufferMinutes) * 60_000;
}

/**
 * The lanes whose bookings a reservation in `lanes` must look at: theirs, and with staff the
 * bookings of no one (made before `staff` was added), which block every person at their time.
 */
export function withNoOne(config: Config, lanes: Lane[]): string[] {
  const ids = lanes.map((l) => l.id);
  return config.staff.length ? [...ids, ''] : ids;
}
