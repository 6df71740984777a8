import { html, nothing, svg } from 'lit-html';
import type { TestimonialStatus } from '../../shared/api.js';
import { common } from '../../shared/i18n/en-common.js';
import { testimonialForm as ar } from '../../shared/i18n/ar-testimonial-form.js';
import { testimonialForm as de } from '../../shared/i18n/de-testimonial-form.js';
import { testimonialForm as english } from '../../shared/i18n/en-testimonial-form.js';
import { testimonialForm as es } from '../../shared/i18n/es-testimonial-form.js';
import { testimonialForm as fr } from '../../shared/i18n/fr-testimonial-form.js';
import { testimonialForm as pt } from '../../shared/i18n/pt-testimonial-form.js';
import { ApiError, apiBase, call, newKey } from '../base/api.js';
import { FrontdeskElement } from '../base/element.js';
import { field, type FieldOptions, focusFirstError, honeypot } from '../base/form.js';
import { formStyles } from '../base/form-styles.js';
import { addEnglish, carried } from '../base/i18n.js';
import { base } from '../base/styles.js';
import { loadSchemas, prefetchSchemas } from '../base/validation.js';
import { styles } from './testimonial-form.styles.js';

addEnglish({ ...common, ...english });
// Its words in the other languages travel with it, not in their language chunks (en.ts FormMessages).
Object.assign(carried, { es, fr, de, pt, ar });

const STAR = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><polygon points="12 2 15.1 8.3 22 9.3 17 14.1 18.2 21 12 17.8 5.8 21 7 14.1 2 9.3 8.9 8.3"/></svg>`;
const MAX = 5;

/**
 * A form in which a visitor writes a testimonial: their name, a rating of 1 to 5 stars (a group of
 * radio buttons: arrow keys choose, each read as "4 of 5 stars"), the text, an optional line about
 * them, and their consent to be shown on the website. It is sent to the server, where it waits for
 * the owner's approval (config `testimonials.moderation`). The words ask for an honest testimonial
 * and promise no reward for a good one. The consent's words name no one: an owner who wants their
 * business named replaces `testimonialForm.consent` in the config's `messages`.
 *
 * @tag frontdesk-testimonial-form
 * @fires {CustomEvent<{id: string, status: 'pending' | 'published', author: string, rating: number, text: string, role?: string}>} frontdesk-testimonial-sent -
 *   the testimonial was saved; `status` is `pending` while it waits for the owner's approval
 * @fires {CustomEvent<{code: string, message: string, status: number}>} frontdesk-error - sending failed;
 *   `status` is the HTTP status, 0 when the server did not answer
 * @csspart root - the whole section
 * @csspart heading - the "Write a testimonial" heading
 * @csspart form - the form
 * @csspart field - a label, its input and its error
 * @csspart input - a text input or textarea
 * @csspart rating - the group of five stars
 * @csspart star - each star (a label around its radio button)
 * @csspart consent - the consent box and its label
 * @csspart submit - the Send button
 * @csspart notice - the thank-you message after sending
 */
export class FrontdeskTestimonialForm extends FrontdeskElement {
  static override styles = [base, formStyles, styles];

  // The fields are in an object: `role` as the element's own property would be the host's ARIA role.
  private values = { author: '', role: '', text: '' };
  private rating = 0;
  private consent = false;
  private website = '';
  private shownAt = Date.now();
  private errors: Record<string, string> = {};
  private alert = '';
  private busy = false;
  /** The thank-you message once sent. */
  private sent = '';
  private set(name: keyof FrontdeskTestimonialForm['values'], value: string): void {
    this.values = { ...this.values, [name]: value };
    this.requestUpdate();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const { values, rating, consent, website } = this;
    const data = { ...values, rating: rating || undefined, consent: consent || undefined };
    this.busy = true;
    this.requestUpdate();
    try {
      const schemas = await loadSchemas();
      const checked = schemas.validate(schemas.testimonialFormInput, data);
      if (!checked.ok) throw new ApiError(400, 'validation_failed', '', checked.fields);
      const body = { ...checked.data, website, elapsedMs: Date.now() - this.shownAt };
      const { id, status } = await call<{ id: string; status: TestimonialStatus }>(apiBase(this.api), '/testimonials', {
        method: 'POST',
        json: body,
        idempotencyKey: newKey(),
        language: this.l10n.locale,
      });
      // Under pre-moderation, the writer learns that it waits for the owner (and is not looking for it on the wall).
      this.sent = this.t(status == 'pending' ? 'testimonialForm.pending' : 'testimonialForm.sent');
      const { consent: _consent, website: _website, elapsedMs: _elapsed, ...detail } = body;
      this.emit('frontdesk-testimonial-sent', { id, status, ...detail });
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part=notice]')!.focus();
    } catch (failure) {
      const error = failure instanceof ApiError ? failure : new ApiError(0, 'network', '');
      this.errors = Object.fromEntries(Object.entries(error.fields).map(([name, message]) => [name, this.l10n.text(message)]));
      this.alert = error.code == 'validation_failed' ? this.t('error.validation_failed') : this.fail(error);
      this.busy = false;
      this.requestUpdate();
      await this.updateComplete;
      if (!focusFirstError(this.renderRoot)) this.renderRoot.querySelector<HTMLElement>('.alert')?.focus();
    }
  }

  private stars() {
    const error = this.errors.rating;
    const stars = Array.from({ length: MAX }, (_, i) => i + 1);
    return html`<fieldset part="rating">
      <legend>${this.t('testimonialForm.rating')}</legend>
      <div class="stars">
        ${stars.map(
          (n) => html`<label part="star" class=${n <= this.rating ? 'on' : ''}>
            <input
              type="radio"
              name="rating"
              .value=${String(n)}
              .checked=${n == this.rating}
              aria-invalid=${error ? 'true' : 'false'}
              aria-describedby=${error ? 't-rating-error' : nothing}
              @change=${() => ((this.rating = n), this.requestUpdate())}
            />${STAR}<span class="sr-only">${this.t('testimonialForm.stars', { rating: n, max: MAX })}</span>
          </label>`,
        )}
      </div>
      <div class="error" id="t-rating-error">${error ?? ''}</div>
    </fieldset>`;
  }

  override render() {
    const input = (name: keyof FrontdeskTestimonialForm['values'], label: string, o: Partial<FieldOptions>) =>
      field({
        id: 't-' + name,
        name,
        label,
        value: this.values[name],
        error: this.errors[name],
        optionalLabel: this.t('form.optional'),
        onInput: (v) => this.set(name, v),
        ...o,
      });
    const consentError = this.errors.consent;
    return html`<section class="root" part="root" aria-labelledby="t-h" lang=${this.l10n.locale} dir=${this.l10n.dir}>
      <h2 id="t-h" part="heading">${this.t('testimonialForm.title')}</h2>
      ${
        this.sent
          ? html`<p class="alert" part="notice" role="status" tabindex="-1">${this.sent}</p>`
          : html`<form part="form" novalidate @submit=${this.submit} @focusin=${prefetchSchemas}>
            <p class="muted">${this.t('testimonialForm.honest')}</p>
            ${this.alert ? html`<div class="alert" role="alert" tabindex="-1">${this.alert}</div>` : nothing}
            ${input('author', this.t('form.name'), { required: true, autocomplete: 'name' })} ${this.stars()}
            ${input('text', this.t('testimonialForm.text'), { multiline: true, required: true })}
            ${input('role', this.t('testimonialForm.role'), {})}
            <div class="field check" part="consent">
              <label>
                <input
                  type="checkbox"
                  id="t-consent"
                  .checked=${this.consent}
                  aria-invalid=${consentError ? 'true' : 'false'}
                  aria-describedby=${consentError ? 't-consent-error' : nothing}
                  @change=${(e: Event) => ((this.consent = (e.target as HTMLInputElement).checked), this.requestUpdate())}
                />
                <span>${this.t('testimonialForm.consent')}</span>
              </label>
              <div class="error" id="t-consent-error">${consentError ?? ''}</div>
            </div>
            ${honeypot('t-website', this.t('form.honeypot'), this.website, (v) => (this.website = v))}
            <button class="btn" part="submit" ?disabled=${this.busy}>
              ${this.t('testimonialForm.send')}
            </button>
          </form>`
      }
    </section>`;
  }
}
