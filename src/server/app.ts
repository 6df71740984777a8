/**
 * The Frontdesk HTTP app: middleware in the order a request meets it, then one route module per
 * feature. Public routes live under /api/v1, the owner's under /api/v1/admin.
 */
import { Hono } from 'hono';
import type { AppContext } from './context.js';
import { identifyOwner, isOwner, requireOwner } from './http/auth.js';
import { readBody } from './http/body.js';
import { compressPages } from './http/compress.js';
import type { OwnerMessages } from './i18n.js';
import { errorResponse, onError } from './http/errors.js';
import { outagePage, wantsPage } from './pages/outage.js';
import { idempotency } from './http/idempotency.js';
import { corsAndOrigin } from './http/origin.js';
import { rateLimit } from './http/rate-limit.js';
import { requestLog } from './http/request-log.js';
import { observeRequests } from './metrics/observe.js';
import { metricsRoutes } from './routes/metrics.js';
import { storeLimiter } from './limits/store-limiter.js';
import { refuseMalformedUrls } from './http/url.js';
import { adminPageRoutes } from './routes/admin-page.js';
import { adminSessionRoutes } from './routes/admin-sessions.js';
import { assetRoutes } from './routes/assets.js';
import { bookPageRoutes } from './routes/book-pages.js';
import { reviewPageRoutes } from './routes/review-pages.js';
import { bookingPageRoutes } from './routes/booking-page.js';
import { healthRoutes } from './routes/health.js';
import { adminBookingRoutes, publicBookingRoutes } from './routes/bookings.js';
import { adminCalendarRoutes, publicFeedRoutes } from './routes/calendars.js';
import { adminClosureRoutes } from './routes/closures.js';
import { subscriptionRoutes } from './routes/comment-subscriptions.js';
import { adminCommentRoutes, publicCommentRoutes } from './routes/comments.js';
import { adminInboxRoutes } from './routes/inbox.js';
import { adminMessageRoutes, publicMessageRoutes } from './routes/messages.js';
import { openApiRoutes } from './routes/openapi.js';
import { adminTestimonialRoutes, publicTestimonialRoutes } from './routes/testimonials.js';

export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  const { config } = ctx;
  // Counted in the store unless the server chose Redis (limits/open.ts); every route module uses this one.
  ctx.limiter ??= storeLimiter(ctx.store);
  // A browser asking for a page while the store is down gets a page, not the API's JSON.
  app.onError((error, c) => {
    const answer = onError(error, c);
    return answer.status === 503 && wantsPage(c) ? outagePage(c, ctx) : answer;
  });
  // First, so that they see every answer and its full time.
  if (ctx.requestLogger) app.use('*', requestLog(ctx.requestLogger));
  if (ctx.metrics) app.use('*', observeRequests(ctx.metrics));
  app.notFound((c) => errorResponse(c, 'not_found', 'Nothing here.'));
  // The owner's message replacements, for errors answered in the visitor's language (http/errors.ts).
  app.use('*', async (c, next) => {
    c.set('messages', config.messages as OwnerMessages);
    await next();
  });
  app.use('*', compressPages());

  app.route('/', healthRoutes(ctx));

  app.route('/', metricsRoutes(ctx));

  app.use('*', corsAndOrigin(config.allowedOrigins, ctx.publicUrl));
  app.use('*', refuseMalformedUrls());

  const api = new Hono();
  api.use('*', readBody(config.limits.maxBodyBytes));
  api.use('*', identifyOwner(ctx));
  // Replays of a completed Idempotency-Key are answered before the write limit counts anything, except
  // bookings and comments: they write their key's answer in their own transaction and look nothing up
  // first (http/idempotency.ts), so their replays are counted, and answered with the stored answer even
  // when the limit refuses them.
  api.use('*', idempotency(ctx.store.db, { inTransaction: new Set(['/api/v1/bookings', '/api/v1/comments']) }));
  api.use(
    '*',
    rateLimit({
      limiter: ctx.limiter,
      name: 'writes',
      perMinute: config.limits.writesPerMinutePerClient,
      trustProxy: config.trustProxy,
      skip: (c) => isOwner(c),
      // A visitor's booking or comment counts its hit in its own call to PostgreSQL (http/rate-limit.ts).
      inWrite: new Set(['/api/v1/bookings', '/api/v1/comments']),
    }),
  );

  const admin = new Hono();
  admin.use('*', requireOwner(ctx));
  admin.route('/', adminSessionRoutes(ctx));
  admin.route('/', adminTestimonialRoutes(ctx));
  admin.route('/', adminBookingRoutes(ctx));
  admin.route('/', adminMessageRoutes(ctx));
  admin.route('/', adminCommentRoutes(ctx));
  admin.route('/', adminClosureRoutes(ctx));
  admin.route('/', adminCalendarRoutes(ctx));
  admin.route('/', adminInboxRoutes(ctx));
  api.route('/admin', admin);

  api.route('/', publicTestimonialRoutes(ctx));
  api.route('/', publicBookingRoutes(ctx));
  api.route('/', publicMessageRoutes(ctx));
  api.route('/', publicCommentRoutes(ctx));
  api.route('/', subscriptionRoutes(ctx));
  api.route('/', publicFeedRoutes(ctx));
  api.route('/', openApiRoutes());

  app.route('/api/v1', api);
  app.route('/', adminPageRoutes(ctx));
  app.route('/', bookingPageRoutes(ctx));
  app.route('/', bookPageRoutes(ctx));
  app.route('/', reviewPageRoutes(ctx));
  app.route('/', assetRoutes(ctx));
  return app;
}
