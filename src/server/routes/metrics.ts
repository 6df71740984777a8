/**
 * GET /metrics: the server's metrics in Prometheus text format (metrics/registry.ts), for a scraper
 * that sends `Authorization: Bearer $FRONTDESK_METRICS_TOKEN`. Without that variable the route does
 * not exist (404); a missing or wrong token is 401 (compared in constant time).
 */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { bearerToken } from '../http/auth.js';
import { errorResponse } from '../http/errors.js';
import { tokenMatches } from '../services/admin-token.js';

export function metricsRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    const metrics = ctx.metrics;
    if (!metrics) return errorResponse(c, 'not_found', 'Nothing here.');
    const token = bearerToken(c);
    if (token === undefined || !tokenMatches(token, metrics.tokenHash)) {
      c.header('WWW-Authenticate', 'Bearer');
      return errorResponse(c, 'unauthorized', 'The metrics need the FRONTDESK_METRICS_TOKEN as a bearer token.');
    }
    const text = await metrics.scrape();
    return c.body(text, 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
