/**
 * Accessible form fields for every widget: a visible label, the error tied to the field with
 * aria-describedby and aria-invalid, and focus sent to the first field in error.
 * Visitor text only ever reaches the page through Lit's escaping bindings.
 *
 * Values are bound as properties without Lit's `live` directive (its machinery costs ~400 B
 * gzip in the kit): every form keeps its state in step with what was typed, so a value the
 * element sets always differs from the DOM's when it matters (a reset after posting).
 *
 * An email field is a text input with the email keyboard: a `type=email` input strips the spaces
 * around its value, so what the state holds (" e" read as "e") differs from what is on screen, and
 * writing it back moved the caret to the start (" eve@visitor.test" became "ve@visitor.teste"). The
 * shared schema trims the address (shared/email.ts).
 */
import { html, nothing, type TemplateResult } from 'lit-html';

export interface FieldOptions {
  /** Unique within the shadow root, e.g. `reply-12-text`. */
  id: string;
  name: string;
  /** Text, or a template (the owner's words in <bdi>). */
  label: unknown;
  value: string;
  error?: string | undefined;
  type?: string;
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  hint?: string | TemplateResult;
  maxLength?: number;
  /** Shown after the label of a field that is not required (default "(optional)", the admin page's English). */
  optionalLabel?: string;
  onInput: (value: string) => void;
}

export function field(o: FieldOptions): TemplateResult {
  const errorId = `${o.id}-error`;
  const hintId = `${o.id}-hint`;
  const describedBy = [o.hint ? hintId : '', o.error ? errorId : ''].filter(Boolean).join(' ') || nothing;
  const onInput = (e: Event) => o.onInput((e.target as HTMLInputElement).value);
  const email = o.type == 'email';
  const label = html`${o.label}${o.required ? nothing : html` <span class="muted">${o.optionalLabel ?? '(optional)'}</span>`}`;
  return html`<div class="field" part="field">
    <label for=${o.id}>${label}</label>
    ${
      o.multiline
        ? html`<textarea
          id=${o.id}
          name=${o.name}
          part="input"
          .value=${o.value}
          ?required=${o.required}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          maxlength=${o.maxLength ?? nothing}
          @input=${onInput}
        ></textarea>`
        : html`<input
          id=${o.id}
          name=${o.name}
          part="input"
          type=${email ? 'text' : (o.type ?? 'text')}
          inputmode=${email ? 'email' : nothing}
          autocapitalize=${email ? 'none' : nothing}
          spellcheck=${email ? 'false' : nothing}
          .value=${o.value}
          ?required=${o.required}
          autocomplete=${o.autocomplete ?? nothing}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          maxlength=${o.maxLength ?? nothing}
          @input=${onInput}
        />`
    }
    ${o.hint ? html`<div class="hint" id=${hintId}>${o.hint}</div>` : nothing}
    <div class="error" id=${errorId}>${o.error ?? ''}</div>
  </div>`;
}

/** The honeypot: a field people never see or fill; bots often do. Sent as `website`. */
export function honeypot(id: string, label: string, value: string, onInput: (v: string) => void): TemplateResult {
  return html`<div class="hp" aria-hidden="true">
    <label for=${id}>${label}</label>
    <input id=${id} name="website" tabindex="-1" autocomplete="off" .value=${value} @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)} />
  </div>`;
}

/** Moves focus to the first field marked invalid; returns whether there was one. */
export function focusFirstError(root: ParentNode | null | undefined): boolean {
  const first = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
  return !!first;
}
