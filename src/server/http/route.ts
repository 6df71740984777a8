/**
 * The route pattern a request was answered under (`/api/v1/bookings/:id`), for metrics and logs:
 * the raw path would put visitor-chosen text (and the feed's secret key) in labels without bound.
 * A request that matched no route is `unmatched`.
 */
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  // The last route that is not a middleware mounted on every path is the one the request was for.
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!;
    if (route.method !== 'ALL' || !route.path.endsWith('*')) return route.path;
  }
  return 'unmatched';
}
