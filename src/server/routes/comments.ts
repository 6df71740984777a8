/** comments: filled in by the comments issue. */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function publicCommentRoutes(_ctx: AppContext): Hono {
  return new Hono();
}

export function adminCommentRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
