/** What the owner's API answers (INTERFACES.md), as the admin page reads it. */
import type { Service, StaffMember } from '../shared/api.js';

export type {
  AdminBooking,
  AdminComment,
  AdminInbox,
  AdminMessage,
  AdminNotification,
  AdminSession,
  AdminTestimonial,
} from '../shared/api.js';

export interface AdminConfig {
  business: { name: string; timezone: string; email: string; address?: string; phone?: string };
  services: Service[];
  hours: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
  booking: {
    slotIntervalMinutes: number;
    bufferMinutes: number;
    minNoticeHours: number;
    maxAdvanceDays: number;
    cancelNoticeHours?: number;
    reminderHours?: number;
  };
  comments: { moderation: 'pre' | 'first' | 'post' };
  /** The practitioners (config `staff`); empty or absent: one practitioner. */
  staff?: StaffMember[];
}
