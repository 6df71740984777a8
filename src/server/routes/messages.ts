/** messages: filled in by the messages issue. */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function publicMessageRoutes(_ctx: AppContext): Hono {
  return new Hono();
}

export function adminMessageRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
