/** The JSON shapes of the HTTP API (CONTRACT.md section 3), shared by the widgets and the server. */
export interface Service {
  id: string;
  name: string;
  description?: string;
  durationMinutes: number;
  price?: string;
}

export interface Slot {
  start: string;
  end: string;
}

export interface Availability {
  timezone: string;
  slots: Slot[];
}

export type BookingStatus = 'confirmed' | 'cancelled';

export interface Booking {
  id: string;
  status: BookingStatus;
  service: string;
  start: string;
  end: string;
  token: string;
  name?: string;
  email?: string;
  phone?: string;
  notes?: string;
  timezone?: string;
  serviceName?: string;
  createdAt?: string;
}

export interface PublicComment {
  id: string;
  parentId: string | null;
  author: string;
  text: string;
  createdAt: string;
  byOwner: boolean;
  /** The author of the comment this one answers (replies only). */
  replyTo?: string;
}

export interface CommentPage {
  thread: string;
  count: number;
  comments: PublicComment[];
  nextCursor?: string;
}

export interface Testimonial {
  id: string;
  author: string;
  role?: string;
  rating?: number;
  date?: string;
  avatar?: string;
  source?: string;
  text: string;
}

export type CommentStatus = 'pending' | 'published' | 'rejected' | 'spam';
export type TestimonialStatus = 'pending' | 'published' | 'rejected';

/** What the owner's API answers (and what the events carry): shared by the server and the admin page. */
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

export interface AdminMessage {
  id: string;
  name: string;
  email: string;
  phone?: string;
  message: string;
  createdAt: string;
}

export interface AdminTestimonial extends Testimonial {
  status: TestimonialStatus;
  email?: string;
  tag?: string;
  createdAt: string;
}
