/** What the owner's API answers (INTERFACES.md), as the admin page reads it. */
import type { Booking, CommentStatus, Service, Testimonial, TestimonialStatus } from '../shared/api.js';

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

export interface AdminMessage {
  id: string;
  name: string;
  email: string;
  phone?: string;
  message: string;
  createdAt: string;
}

export interface AdminComment {
  id: string;
  thread: string;
  parentId: string | null;
  author: string;
  email?: string;
  text: string;
  status: CommentStatus;
  byOwner: boolean;
  createdAt: string;
}

export interface AdminTestimonial extends Testimonial {
  status: TestimonialStatus;
  email?: string;
  tag?: string;
  createdAt: string;
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
