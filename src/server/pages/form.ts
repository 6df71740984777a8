/**
 * Forms on the pages that work without JavaScript, with the widgets' rules: a label for every
 * field, its error next to it (aria-describedby, aria-invalid) and in a summary at the top that
 * takes the focus, the honeypot `website`, a time trap (when the form was shown, signed: a bot
 * cannot claim it waited) and an idempotency key in a hidden field (a double submit acts once).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { html } from 'hono/html';
import type { Translator } from '../i18n.js';

/** "shown at" as `<ms>.<signature>`, signed with a key only the server knows. */
export function signShownAt(secret: string, at: number): string {
  return `${at}.${createHmac('sha256', secret).update(`shown:${at}`).digest('base64url')}`;
}

/** How long ago a signed "shown at" was, or undefined when it is missing or not ours (not to be trusted). */
export function elapsedSince(secret: string, value: unknown, now: number): number | undefined {
  const [at, signature] = String(value ?? '').split('.');
  const expected = signShownAt(secret, Number(at)).split('.')[1]!;
  if (!at || !signature || !/^\d+$/.test(at) || signature.length !== expected.length) return undefined;
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return undefined;
  return now - Number(at);
}

export const newFormKey = () => randomBytes(18).toString('base64url');

export interface FieldState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** A labelled field with its error tied to it. */
export function field(
  t: Translator,
  state: FieldState,
  opts: { name: string; label: string; type?: string; required?: boolean; autocomplete?: string; multiline?: boolean },
) {
  const id = `f-${opts.name}`;
  const error = state.errors[opts.name];
  const value = state.values[opts.name] ?? '';
  const attrs = html`id="${id}" name="${opts.name}" ${opts.required ? html`required` : ''} aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="${id}-error"` : ''}`;
  return html`<div class="field">
<label for="${id}">${opts.label}${opts.required ? '' : html` <span class="muted">${t.t('form.optional')}</span>`}</label>
${
  opts.multiline
    ? html`<textarea ${attrs}>${value}</textarea>`
    : html`<input type="${opts.type ?? 'text'}" ${attrs} value="${value}" ${opts.autocomplete ? html`autocomplete="${opts.autocomplete}"` : ''}>`
}
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
</div>`;
}

/** The errors at the top, each a link to its field; it takes the focus when the page loads. */
export function errorSummary(t: Translator, errors: Record<string, string>, anchors: Record<string, string> = {}) {
  const entries = Object.entries(errors);
  if (!entries.length) return '';
  return html`<div class="summary" role="alert" tabindex="-1" autofocus>
<h2>${t.t('page.errorSummary')}</h2>
<ul>${entries.map(([name, message]) => html`<li><a href="#${anchors[name] ?? `f-${name}`}">${message}</a></li>`)}</ul>
</div>`;
}

/** The hidden fields every form carries: honeypot, signed "shown at", idempotency key. */
export function hiddenFields(t: Translator, shown: string, key: string) {
  return html`<div class="hp" aria-hidden="true"><label for="f-website">${t.t('form.honeypot')}</label><input id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="shown" value="${shown}">
<input type="hidden" name="key" value="${key}">`;
}
