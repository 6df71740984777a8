/** bookings: filled in by the bookings issue. */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function publicBookingRoutes(_ctx: AppContext): Hono {
  return new Hono();
}

export function adminBookingRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
