/** What the owner's API answers (INTERFACES.md), as the admin page reads it. */
import type { Booking, Service } from '../shared/api.js';

export type { AdminComment, AdminMessage, AdminTestimonial } from '../shared/api.js';

export interface AdminConfig {
  business: { name: string; timezone: string; email: string; address?: string; phone?: string };
  services: Service[];
  hours: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
  booking: { slotIntervalMinutes: number; bufferMinutes: number; minNoticeHours: number; maxAdvanceDays: number; cancelNoticeHours?: number };
  comments: { moderation: 'pre' | 'post' };
}

export interface AdminBooking extends Booking {
  cancelledAt?: string;
  cancelReason?: string;
}




export interface AdminNotification {
  id: string;
  status: string;
  channel: string;
  target: string;
  event: string;
  attempts: number;
  lastError?: string;
  nextAt?: string;
  createdAt: string;
}
