/** Exports (CSV or JSON) and the erasure of everything stored about one email address, confirmed first. */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { normalizeEmail } from '../shared/email.js';
import { emailField, validate } from '../shared/schemas.js';
import { english } from './english.js';
import { ApiError } from '../widgets/base/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { messageOf } from './api.js';
import { AdminSection } from './section.js';

const KINDS = ['bookings', 'messages', 'comments', 'testimonials'] as const;

interface Erased {
  /** The address as the owner typed it (the server's answer does not repeat it). */
  email: string;
  erased: Record<string, number>;
}

export class AdminData extends AdminSection {
  @state() private what: (typeof KINDS)[number] = 'bookings';
  @state() private format: 'csv' | 'json' = 'csv';
  @state() private file?: { url: string; name: string };
  /** Export only this address's records (a person asking what is stored about them); empty: everyone's. */
  @state() private exportEmail = '';
  @state() private email = '';
  @state() private confirm = '';
  @state() private confirming = false;
  @state() private errors: Record<string, string> = {};
  @state() private result?: Erased;

  protected override async load(): Promise<void> {}

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.file) URL.revokeObjectURL(this.file.url);
  }

  private async exportFile() {
    this.notice = '';
    const { exportEmail: _, ...others } = this.errors;
    this.errors = others;
    let email = '';
    if (this.exportEmail.trim()) {
      const checked = validate(emailField, this.exportEmail);
      if (!checked.ok) {
        this.errors = { ...others, exportEmail: english(checked.fields._ ?? 'validation.emailInvalid') };
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('#export-email')?.focus();
        return;
      }
      email = checked.data;
    }
    try {
      const only = email ? `&email=${encodeURIComponent(email)}` : '';
      const blob = await this.api.download(`/export?format=${this.format}&what=${this.what}${only}`);
      if (this.file) URL.revokeObjectURL(this.file.url);
      this.file = {
        url: URL.createObjectURL(blob),
        name: `frontdesk-${this.what}-${new Date().toISOString().slice(0, 10)}.${this.format}`,
      };
      this.error = '';
      this.notice = `Your ${this.what} export${email ? ` for ${email}` : ''} is ready: ${this.file.name}.`;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLAnchorElement>('#download')?.click();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async askConfirmation() {
    const checked = validate(emailField, this.email);
    this.errors = checked.ok ? {} : { email: english(checked.fields._ ?? 'validation.emailInvalid') };
    this.result = undefined;
    this.confirming = checked.ok;
    this.confirm = '';
    await this.updateComplete;
    if (!focusFirstError(this.renderRoot)) this.renderRoot.querySelector<HTMLElement>('#erase-confirm')?.focus();
  }

  private async erase() {
    const email = normalizeEmail(this.email);
    this.errors = normalizeEmail(this.confirm) === email ? {} : { confirm: 'Type the same email address again to confirm.' };
    if (!this.errors.confirm) {
      try {
        const { erased } = await this.api.send<Omit<Erased, 'email'>>('POST', '/erase', { email, confirm: normalizeEmail(this.confirm) });
        this.result = { email, erased };
        this.confirming = false;
        this.email = this.confirm = '';
        this.notice = `Erased everything stored about ${email}.`;
        return;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          // Nothing matched: say so where the owner looks, and keep the address to correct it.
          this.confirming = false;
          this.notice = `Nothing is stored about ${email}, so nothing was erased. Check the address for a typo.`;
          return;
        }
        this.errors = { confirm: messageOf(error) };
      }
    }
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private select<T extends string>(id: string, label: string, values: readonly T[], value: T, set: (v: T) => void) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as T)}>
        ${values.map((v) => html`<option value=${v} ?selected=${v === value}>${v}</option>`)}
      </select>
    </div>`;
  }

  override render() {
    const r = this.result;
    return html`<section class="root" aria-labelledby="h-data">
      ${this.heading('h-data', 'Export and erase')}
      <h3>Export</h3>
      <div class="toolbar">
        ${this.select('export-what', 'What', KINDS, this.what, (v) => (this.what = v))}
        ${this.select('export-format', 'Format', ['csv', 'json'] as const, this.format, (v) => (this.format = v))}
      </div>
      <form novalidate @submit=${(e: Event) => (e.preventDefault(), this.exportFile())}>
        ${field({ id: 'export-email', name: 'email', label: 'Only the records of this email address', type: 'email', value: this.exportEmail, error: this.errors.exportEmail, hint: 'For a person who asks what is stored about them. Leave it empty to export everyone\u2019s.', onInput: (v) => (this.exportEmail = v) })}
        <button class="btn" type="submit">Export</button>
      </form>
      ${this.file ? html`<p><a id="download" href=${this.file.url} download=${this.file.name}>Download ${this.file.name}</a></p>` : nothing}

      <h3>Erase a person's data</h3>
      <p>Deletes every booking, message, comment and testimonial from one email address, and the notifications about them. This cannot be undone.</p>
      <form novalidate @submit=${(e: Event) => (e.preventDefault(), this.confirming ? this.erase() : this.askConfirmation())}>
        ${field({ id: 'erase-email', name: 'email', label: 'Email address', type: 'email', value: this.email, error: this.errors.email, required: true, onInput: (v) => ((this.email = v), (this.confirming = false)) })}
        ${
          this.confirming
            ? html`<div class="panel">
              <p role="alert">Erase everything stored about <strong>${this.email}</strong>? Type the address again to confirm.</p>
              ${field({ id: 'erase-confirm', name: 'confirm', label: 'Confirm email address', type: 'email', value: this.confirm, error: this.errors.confirm, required: true, onInput: (v) => (this.confirm = v) })}
              <div class="actions">
                <button class="btn danger" type="submit">Erase for good</button>
                <button class="btn secondary" type="button" @click=${() => (this.confirming = false)}>Keep the data</button>
              </div>
            </div>`
            : html`<button class="btn secondary" type="submit">Erase…</button>`
        }
      </form>
      ${
        r
          ? html`<p>
            Erased for ${r.email}: ${Object.entries(r.erased)
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}.
          </p>`
          : nothing
      }
    </section>`;
  }
}
