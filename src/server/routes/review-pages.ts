/**
 * The client's page for a testimonial, linked from the request sent after a visit
 * (services/reviews.ts): GET/POST /review/{token}. A plain form that works with JavaScript off, in
 * the booking's language, with the other forms' rules (errors next to their fields and in a summary
 * that takes the focus, the honeypot, the signed time trap, a hidden idempotency key, the rate
 * limit, POST-redirect-GET). Its words ask for honesty and promise no reward (the FTC's 2024 rule on
 * reviews). The link works once: afterwards it shows a kind "already received"; an unknown one a 404 page.
 * The testimonial is tied to its booking; "Show me as a client" is what makes it `verified` publicly.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { testimonialFormInput } from '../../shared/schemas.js';
import type { AppContext } from '../context.js';
import { looksLikeBot, validBody } from '../http/body.js';
import { header } from '../http/headers.js';
import { onceForForm } from '../http/idempotency.js';
import { identifyOwner } from '../http/auth.js';
import { pageWriteLimit } from '../http/rate-limit.js';
import { acceptedLanguage, type OwnerMessages, type Translator, translator } from '../i18n.js';
import { elapsedSince, errorSummary, field, type FieldState, hiddenFields, newFormKey, signShownAt } from '../pages/form.js';
import { layout, PAGE_HEADERS, rootPath } from '../pages/layout.js';
import { findReviewRequest, type ReviewRequest, useReviewRequest } from '../services/reviews.js';
import { datedOnArrival } from '../services/testimonials.js';

const STARS = [1, 2, 3, 4, 5];

export function reviewPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { config } = ctx;
  const { db } = ctx.store;
  const root = rootPath(ctx.publicUrl);
  const business = config.business.name;
  const now = () => (ctx.now ?? Date.now)();
  // The time trap's key, as the other pages without JavaScript derive it (book-pages.ts).
  const secret = `frontdesk-forms:${ctx.adminTokenHash}`;
  const identify = identifyOwner(ctx);
  const limit = pageWriteLimit(ctx);
  const messages = config.messages as OwnerMessages;
  /** The booking's language, else the browser's. */
  const translate = (c: Context, request?: ReviewRequest) =>
    translator(request?.booking.locale ?? acceptedLanguage(header(c, 'accept-language')), messages);
  // The token is in the address: private headers (never indexed, never in a referrer).
  const page = (c: Context, t: Translator, title: string, body: unknown, status = 200) =>
    c.html(layout(t, { root, title, business }, body), status as 200, PAGE_HEADERS);

  function notFound(c: Context) {
    const t = translate(c);
    return page(c, t, t.t('review.notFoundTitle'), html`<h1>${t.t('review.notFoundTitle')}</h1><p>${t.t('review.notFound')}</p>`, 404);
  }

  function used(c: Context, t: Translator, sent: boolean) {
    const title = t.t(sent ? 'review.thanksTitle' : 'review.usedTitle');
    return page(
      c,
      t,
      title,
      html`<h1>${title}</h1><p class="notice" role="status">${t.t(sent ? 'review.thanks' : 'review.used', { business })}</p>`,
    );
  }

  function formPage(
    c: Context,
    t: Translator,
    request: ReviewRequest,
    state: FieldState & { shown?: string; key?: string; notice?: string },
    status = 200,
  ) {
    const { booking } = request;
    const date = new Intl.DateTimeFormat(t.locale, { timeZone: config.business.timezone, dateStyle: 'long' }).format(booking.start_ms);
    const ratingError = state.errors.rating;
    const box = (name: string, label: string) => {
      const error = state.errors[name];
      return html`<div class="field"><label class="check"><input type="checkbox" id="f-${name}" name="${name}" value="yes" ${state.values[name] ? html`checked` : ''} aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="f-${name}-error"` : ''}> ${label}</label>
${error ? html`<p class="field-error" id="f-${name}-error">${error}</p>` : ''}</div>`;
    };
    const body = html`<h1>${t.t('review.heading', { business })}</h1>
<p class="muted">${t.t('review.visit', { service: booking.service_name, date })}</p>
<p>${t.t('testimonialForm.honest')}</p>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${errorSummary(t, state.errors, { rating: 'f-rating-1' })}
<form method="post" action="${root}/review/${encodeURIComponent(request.token)}" novalidate>
${field(t, state, { name: 'author', label: t.t('form.name'), required: true, autocomplete: 'name' })}
<fieldset class="field" ${ratingError ? html`aria-describedby="f-rating-error"` : ''}>
<legend>${t.t('testimonialForm.rating')}</legend>
<div class="times">${STARS.map(
      (n) =>
        html`<label><input type="radio" id="f-rating-${n}" name="rating" value="${n}" required ${state.values.rating === String(n) ? html`checked` : ''} aria-invalid="${ratingError ? 'true' : 'false'}"> <span aria-hidden="true">${'★'.repeat(n)}</span> <span class="sr-only">${t.t('testimonialForm.stars', { rating: n, max: 5 })}</span></label>`,
    )}</div>
${ratingError ? html`<p class="field-error" id="f-rating-error">${ratingError}</p>` : ''}
</fieldset>
${field(t, state, { name: 'text', label: t.t('testimonialForm.text'), required: true, multiline: true })}
${field(t, state, { name: 'role', label: t.t('testimonialForm.role') })}
${box('consent', t.t('review.consent', { business }))}
${box('client', t.t('review.showAsClient', { business }))}
${hiddenFields(t, state.shown ?? signShownAt(secret, now()), state.key ?? newFormKey())}
<p><button type="submit" class="primary">${t.t('testimonialForm.send')}</button></p>
</form>`;
    return page(c, t, t.t('review.pageTitle'), body, status);
  }

  app.get('/review/:token', async (c) => {
    const request = await findReviewRequest(db, c.req.param('token'));
    if (!request) return notFound(c);
    const t = translate(c, request);
    if (request.used) return used(c, t, c.req.query('sent') !== undefined);
    return formPage(c, t, request, { values: { author: request.booking.name }, errors: {} });
  });

  app.post('/review/:token', async (c) => {
    const request = await findReviewRequest(db, c.req.param('token'));
    if (!request) return notFound(c);
    const t = translate(c, request);
    await identify(c, async () => {}); // the owner's own posts are not counted
    const blocked = await limit(c, async () => {});
    if (blocked) {
      const body = html`<h1>${t.t('error.rate_limited')}</h1><p><a href="${root}${c.req.path}">${t.t('common.retry')}</a></p>`;
      return c.html(layout(t, { root, title: t.t('review.pageTitle'), business }, body), 429, {
        ...PAGE_HEADERS,
        'Retry-After': blocked.headers.get('Retry-After') ?? '60',
      });
    }
    const raw = await c.req.parseBody();
    const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const here = `${root}/review/${encodeURIComponent(request.token)}`;
    const key = /^[\w-]{16,64}$/.test(values.key ?? '') ? values.key! : newFormKey();
    // A double submit, or a second tab after the first sent: the answer of the first.
    if (request.used) return c.redirect(`${here}?sent`, 303);
    const elapsed = elapsedSince(secret, values.shown, now());
    if (elapsed === undefined) return formPage(c, t, request, { values, errors: {}, key, notice: t.t('page.resend') }, 400);
    const checked = validBody(testimonialFormInput, {
      author: values.author,
      rating: /^[1-5]$/.test(values.rating ?? '') ? Number(values.rating) : undefined,
      text: values.text,
      role: values.role,
      consent: values.consent === 'yes' || undefined,
    });
    if (!checked.ok) {
      const errors = Object.fromEntries(Object.entries(checked.fields).map(([k, v]) => [k, t.text(v)]));
      return formPage(c, t, request, { values, errors, shown: values.shown, key }, 400);
    }
    if (!looksLikeBot({ website: values.website, elapsedMs: elapsed })) {
      const { consent: _consent, ...given } = checked.data;
      const input = datedOnArrival(given, config.business.timezone, now());
      const status = config.testimonials.moderation === 'post' ? 'published' : 'pending';
      await onceForForm(db, '/review', key, async () => {
        if (await useReviewRequest(db, request, input, { showAsClient: values.client === 'yes' }, status)) ctx.onEvents?.();
        return `${here}?sent`;
      });
    }
    return c.redirect(`${here}?sent`, 303);
  });

  return app;
}
