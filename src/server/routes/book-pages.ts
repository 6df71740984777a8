/**
 * Booking and contact pages that work with JavaScript off: GET /book (every service),
 * GET/POST /book/{service} (a week of free times at a time, each a radio button, and the
 * visitor's details), GET/POST /contact, GET /contact/sent. The shareable booking link for a
 * clinic's profiles, and the fallback inside <frontdesk-booking> when its script is blocked
 * (docs/no-javascript.md). The widget's and the API's rules hold: the same availability, the
 * shared schemas' messages next to their fields in the visitor's language (Accept-Language), the
 * honeypot, a signed time trap, a hidden idempotency key (a double submit books once), the rate
 * limit, and POST-redirect-GET (to the manage page; to /contact/sent).
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { formatDuration } from '../../shared/i18n/duration.js';
import { bookingInput, messageInput } from '../../shared/schemas.js';
import type { Question } from '../../shared/api.js';
import type { ServiceConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { isUnavailable, RETRY_AFTER_SECONDS } from '../store/health.js';
import { looksLikeBot, validBody } from '../http/body.js';
import { header } from '../http/headers.js';
import { onceForForm } from '../http/idempotency.js';
import { pageWriteLimit } from '../http/rate-limit.js';
import { identifyOwner } from '../http/auth.js';
import { acceptedLanguage, type OwnerMessages, type Translator, translator } from '../i18n.js';
import { elapsedSince, errorSummary, field, type FieldState, hiddenFields, newFormKey, signShownAt } from '../pages/form.js';
import { layout, PUBLIC_PAGE_HEADERS, rootPath } from '../pages/layout.js';
import { personForm } from '../pages/person.js';
import { firstTimeAnchor, timesFieldset, weekStart } from '../pages/times.js';
import { availability, findService } from '../services/availability.js';
import * as bookings from '../services/bookings.js';
import * as messages from '../services/messages.js';
import { gives } from '../services/staff.js';
import { addDays, isoDate } from '../services/time.js';

export function bookPageRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { config } = ctx;
  const { db } = ctx.store;
  const root = rootPath(ctx.publicUrl);
  const business = config.business.name;
  const zone = config.business.timezone;
  const now = () => (ctx.now ?? Date.now)();
  // The time trap's key: derived from the owner's token hash, so it holds across restarts and processes.
  const secret = `frontdesk-forms:${ctx.adminTokenHash}`;
  const limit = pageWriteLimit(ctx);

  const translate = (c: Context) => translator(acceptedLanguage(header(c, 'accept-language')), config.messages as OwnerMessages);
  const page = (t: Translator, title: string, body: unknown) => layout(t, { root, title, business, robots: 'index' }, body);

  /** The rate limit, answered as a page (the API's limiter, whose own answer is JSON). */
  const identify = identifyOwner(ctx);
  async function limited(c: Context, t: Translator): Promise<Response | undefined> {
    await identify(c, async () => {}); // the owner's own posts are not counted
    const blocked = await limit(c, async () => {});
    if (!blocked) return undefined;
    const body = html`<h1>${t.t('error.rate_limited')}</h1><p><a href="${root}${c.req.path}">${t.t('common.retry')}</a></p>`;
    return c.html(page(t, t.t('page.bookAnother'), body), 429, {
      ...PUBLIC_PAGE_HEADERS,
      'Retry-After': blocked.headers.get('Retry-After') ?? '60',
    });
  }

  async function form(c: Context): Promise<Record<string, string>> {
    const body = await c.req.parseBody();
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  }

  // ---- /book: every service -------------------------------------------------------------
  app.get('/book', (c) => {
    const t = translate(c);
    if (config.services.length === 1) return c.redirect(`${root}/book/${encodeURIComponent(config.services[0]!.id)}`, 303);
    return c.html(
      page(
        t,
        t.t('page.bookAnother'),
        html`<h1>${t.t('booking.chooseService')}</h1>
<p class="muted">${t.t('page.chooseService')}</p>
<ul class="services">${config.services.map(
          (s) =>
            html`<li><a href="${root}/book/${encodeURIComponent(s.id)}"><strong>${s.name}</strong><br><span class="muted">${summary(t, s)}</span></a></li>`,
        )}</ul>
<p><a href="${root}/contact">${t.t('booking.contactTitle')}</a></p>`,
      ),
      200,
      PUBLIC_PAGE_HEADERS,
    );
  });

  function summary(t: Translator, service: ServiceConfig): string {
    return [formatDuration(t.locale, service.durationMinutes), service.price].filter(Boolean).join(' · ');
  }

  async function bookingPage(
    c: Context,
    t: Translator,
    service: ServiceConfig,
    state: FieldState & { shown?: string; key?: string; notice?: string },
    status = 200,
  ) {
    const at = now();
    const from = weekStart(c.req.query('week'), zone, at, config.booking.maxAdvanceDays);
    const to = addDays(from, 6);
    const people = config.staff.filter((m) => gives(m, service));
    // The person chosen (?staff= from the "With" form, or the form sent): one who gives the service, else anyone.
    const asked = state.values.staff ?? c.req.query('staff') ?? '';
    const person = people.some((m) => m.id === asked) ? asked : '';
    const { slots } = await availability(db, config, service, from, to, at, { staff: person || undefined });
    const who = person ? `&staff=${encodeURIComponent(person)}` : '';
    const weekHref = (date: string) => `${root}/book/${encodeURIComponent(service.id)}?week=${date}${who}`;
    const anchors = { start: firstTimeAnchor(slots) };
    const body = html`<p><a href="${root}/book">${t.t('page.allServices')}</a></p>
<h1>${t.t('page.bookService', { service: service.name })}</h1>
<p class="muted">${summary(t, service)}</p>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${errorSummary(t, state.errors, anchors)}
${
  people.length > 1
    ? personForm({
        t,
        action: `${root}/book/${encodeURIComponent(service.id)}`,
        hidden: { week: isoDate(from) },
        people,
        person,
        error: state.errors.staff,
      })
    : ''
}
<form method="post" action="${root}/book/${encodeURIComponent(service.id)}?week=${isoDate(from)}${who}" novalidate>
${person ? html`<input type="hidden" name="staff" value="${person}">` : ''}
${timesFieldset({ t, zone, at, from, maxAdvanceDays: config.booking.maxAdvanceDays, slots, weekHref, chosen: state.values.start, error: state.errors.start })}
<h2>${t.t('booking.details')}</h2>
${field(t, state, { name: 'name', label: t.t('form.name'), required: true, autocomplete: 'name' })}
${field(t, state, { name: 'email', label: t.t('form.email'), type: 'email', required: true, autocomplete: 'email' })}
${field(t, state, { name: 'phone', label: t.t('form.phone'), type: 'tel', autocomplete: 'tel' })}
${field(t, state, { name: 'notes', label: t.t('booking.notes'), multiline: true })}
${service.questions.map((q) => questionField(t, state, q))}
${hiddenFields(t, state.shown ?? signShownAt(secret, at), state.key ?? newFormKey())}
<p><button type="submit" class="primary">${t.t('booking.book')}</button></p>
</form>`;
    return c.html(page(t, t.t('page.bookService', { service: service.name }), body), status as 200, PUBLIC_PAGE_HEADERS);
  }

  /** An intake question: text and textarea as the other fields; a select with "Choose…"; a checkbox. */
  function questionField(t: Translator, state: FieldState, q: Question) {
    const name = `answers.${q.id}`;
    if (q.type === 'text' || q.type === 'textarea')
      return field(t, state, { name, label: q.label, required: q.required, multiline: q.type === 'textarea' });
    const id = `f-${name}`;
    const error = state.errors[name];
    const value = state.values[name] ?? '';
    const attrs = html`id="${id}" name="${name}" ${q.required ? html`required` : ''} aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="${id}-error"` : ''}`;
    const optional = q.required ? '' : html` <span class="muted">${t.t('form.optional')}</span>`;
    const control =
      q.type === 'select'
        ? html`<label for="${id}">${q.label}${optional}</label>
<select ${attrs}><option value="">${t.t('page.selectOne')}</option>${(q.options ?? []).map((o) => html`<option value="${o}" ${o === value ? html`selected` : ''}>${o}</option>`)}</select>`
        : html`<label for="${id}"><input type="checkbox" ${attrs} ${value ? html`checked` : ''}> ${q.label}${optional}</label>`;
    return html`<div class="field">
${control}
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
  }

  // ---- /book/{service}: a week of times and the details ---------------------------------
  app.get('/book/:service', async (c) => {
    const t = translate(c);
    const service = findService(config, c.req.param('service'));
    if (!service) return notFound(c, t);
    return bookingPage(c, t, service, { values: {}, errors: {} });
  });

  app.post('/book/:service', async (c) => {
    const t = translate(c);
    const service = findService(config, c.req.param('service'));
    if (!service) return notFound(c, t);
    const blocked = await limited(c, t);
    if (blocked) return blocked;
    const values = await form(c);
    const at = now();
    const elapsed = elapsedSince(secret, values.shown, at);
    const key = /^[\w-]{16,64}$/.test(values.key ?? '') ? values.key! : newFormKey();
    if (elapsed === undefined) {
      // Not a form we gave out (or one from before a restart of the owner's token): show it again.
      return bookingPage(c, t, service, { values, errors: {}, key, notice: t.t('page.resend') }, 400);
    }
    const body = {
      service: service.id,
      start: values.start,
      name: values.name,
      email: values.email,
      phone: values.phone,
      notes: values.notes,
      locale: t.locale,
      staff: values.staff,
      // A checkbox is sent only when ticked ("on"); the others as typed or chosen.
      answers: Object.fromEntries(
        service.questions.map((q) => [
          q.id,
          q.type === 'checkbox' ? values[`answers.${q.id}`] !== undefined : (values[`answers.${q.id}`] ?? ''),
        ]),
      ),
    };
    const checked = validBody(bookingInput, body);
    const again = (errors: Record<string, string>, status: number) =>
      bookingPage(
        c,
        t,
        service,
        { values, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t.text(v)])), shown: values.shown, key },
        status,
      );
    if (!checked.ok) return again(checked.fields, 400);
    if (looksLikeBot({ website: values.website })) return c.redirect(`${root}/book`, 303);
    // Sent sooner than the contract's time trap allows, with the honeypot empty: on this page a person
    // can do it (a time clicked, the details autofilled, Book). Nothing is stored, and nothing is lost:
    // the form comes back as sent, its clock started again, to send once more.
    if (looksLikeBot({ elapsedMs: elapsed }))
      return bookingPage(c, t, service, { values, errors: {}, key, notice: t.t('page.resend') }, 400);
    try {
      const location = await onceForForm(db, '/book', key, async () => {
        const booking = await bookings.create(ctx.store, config, checked.data, at);
        ctx.onEvents?.('booking.created');
        return `${root}/booking/${encodeURIComponent(booking.id)}?token=${encodeURIComponent(booking.token)}&booked`;
      });
      return c.redirect(location, 303);
    } catch (error) {
      if (isUnavailable(error)) {
        c.header('Retry-After', String(RETRY_AFTER_SECONDS));
        return bookingPage(c, t, service, { values, errors: {}, shown: values.shown, key, notice: t.t('error.unavailable') }, 503);
      }
      if (!(error instanceof ServiceError)) throw error;
      if (error.code === 'slot_taken') return again({ start: error.message }, 409);
      return again(error.fields ?? { start: error.message }, 400);
    }
  });

  // ---- /contact -------------------------------------------------------------------------
  function contactPage(c: Context, t: Translator, state: FieldState & { shown?: string; key?: string; notice?: string }, status = 200) {
    const body = html`<h1>${t.t('booking.contactTitle')}</h1>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ''}
${errorSummary(t, state.errors)}
<form method="post" action="${root}/contact" novalidate>
${field(t, state, { name: 'name', label: t.t('form.name'), required: true, autocomplete: 'name' })}
${field(t, state, { name: 'email', label: t.t('form.email'), type: 'email', required: true, autocomplete: 'email' })}
${field(t, state, { name: 'phone', label: t.t('form.phone'), type: 'tel', autocomplete: 'tel' })}
${field(t, state, { name: 'message', label: t.t('booking.message'), required: true, multiline: true })}
${hiddenFields(t, state.shown ?? signShownAt(secret, now()), state.key ?? newFormKey())}
<p><button type="submit" class="primary">${t.t('booking.send')}</button></p>
</form>
<p><a href="${root}/book">${t.t('page.bookAnother')}</a></p>`;
    return c.html(page(t, t.t('page.contactTitle'), body), status as 200, PUBLIC_PAGE_HEADERS);
  }

  app.get('/contact', (c) => contactPage(c, translate(c), { values: {}, errors: {} }));

  app.post('/contact', async (c) => {
    const t = translate(c);
    const blocked = await limited(c, t);
    if (blocked) return blocked;
    const values = await form(c);
    const elapsed = elapsedSince(secret, values.shown, now());
    const key = /^[\w-]{16,64}$/.test(values.key ?? '') ? values.key! : newFormKey();
    if (elapsed === undefined) return contactPage(c, t, { values, errors: {}, key, notice: t.t('page.resend') }, 400);
    const checked = validBody(messageInput, { name: values.name, email: values.email, phone: values.phone, message: values.message });
    if (!checked.ok) {
      const errors = Object.fromEntries(Object.entries(checked.fields).map(([k, v]) => [k, t.text(v)]));
      return contactPage(c, t, { values, errors, shown: values.shown, key }, 400);
    }
    if (!looksLikeBot({ website: values.website, elapsedMs: elapsed })) {
      try {
        await onceForForm(db, '/contact', key, async () => {
          await messages.create(db, checked.data);
          ctx.onEvents?.();
          return `${root}/contact/sent`;
        });
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        // The store is away for a moment: the form comes back as it was, to send again.
        c.header('Retry-After', String(RETRY_AFTER_SECONDS));
        return contactPage(c, t, { values, errors: {}, shown: values.shown, key, notice: t.t('error.unavailable') }, 503);
      }
    }
    return c.redirect(`${root}/contact/sent`, 303);
  });

  app.get('/contact/sent', (c) => {
    const t = translate(c);
    return c.html(
      page(
        t,
        t.t('booking.sentTitle'),
        html`<h1>${t.t('booking.sentTitle')}</h1>
<p role="status">${t.t('page.sentText')}</p>
<p><a href="${root}/book">${t.t('page.bookAnother')}</a></p>`,
      ),
      200,
      PUBLIC_PAGE_HEADERS,
    );
  });

  function notFound(c: Context, t: Translator) {
    return c.html(
      page(
        t,
        t.t('booking.chooseService'),
        html`<h1>${t.t('validation.serviceMissing')}</h1><p><a href="${root}/book">${t.t('page.allServices')}</a></p>`,
      ),
      404,
      PUBLIC_PAGE_HEADERS,
    );
  }

  return app;
}
