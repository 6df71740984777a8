/** The site owner's page at /admin: filled in by the admin issue. */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';

export function adminPageRoutes(_ctx: AppContext): Hono {
  return new Hono();
}
