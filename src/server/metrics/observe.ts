/** Counts and times every request by route pattern and status, and counts those a store error failed. */
import type { MiddlewareHandler } from 'hono';
import { routeOf } from '../http/route.js';
import type { Metrics } from './registry.js';
import { isStoreError } from './store-errors.js';

export function observeRequests(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const route = routeOf(c);
      const method = c.req.method;
      metrics.requests.inc({ method, route, status: String(c.res.status) });
      metrics.duration.observe({ method, route }, (performance.now() - start) / 1000);
      if (c.error && isStoreError(c.error)) metrics.storeErrors.inc();
    }
  };
}
