/**
 * The service's intake questions in the details step of <frontdesk-booking>: text and textarea
 * through field() (label, error tied and announced), a select with a "Choose…" first option, a
 * checkbox with its label. The labels are the owner's words from the config, each in <bdi>: an English
 * "Are you pregnant?" on an Arabic page keeps its question mark at its end. Loaded with the
 * schemas when a form with questions is reached (booking.ts), so pages without them pay nothing.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Question } from '../../shared/api.js';
import { field } from '../base/form.js';

export interface QuestionView {
  values: Record<string, string | boolean>;
  errors: Record<string, string>;
  optional: string;
  choose: string;
  onInput: (id: string, value: string | boolean) => void;
}

function one(q: Question, v: QuestionView): TemplateResult {
  const id = 'q-' + q.id;
  const error = v.errors['answers.' + q.id];
  const value = v.values[q.id];
  if (q.type === 'text' || q.type === 'textarea') {
    return field({
      id,
      name: id,
      label: html`<bdi>${q.label}</bdi>`,
      optionalLabel: v.optional,
      value: typeof value === 'string' ? value : '',
      error,
      required: !!q.required,
      multiline: q.type === 'textarea',
      onInput: (text) => v.onInput(q.id, text),
    });
  }
  const errorId = id + '-error';
  const invalid = error ? 'true' : 'false';
  const described = error ? errorId : nothing;
  const optional = q.required ? nothing : html` <span class="muted">${v.optional}</span>`;
  const control =
    q.type === 'select'
      ? html`<label for=${id}><bdi>${q.label}</bdi>${optional}</label>
          <select id=${id} part="input" ?required=${q.required} aria-invalid=${invalid} aria-describedby=${described}
            @change=${(e: Event) => v.onInput(q.id, (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!value}>${v.choose}</option>
            ${(q.options ?? []).map((o) => html`<option .value=${o} ?selected=${value === o}>${o}</option>`)}
          </select>`
      : html`<label class="check"><input id=${id} type="checkbox" .checked=${value === true} ?required=${q.required}
            aria-invalid=${invalid} aria-describedby=${described}
            @change=${(e: Event) => v.onInput(q.id, (e.target as HTMLInputElement).checked)} /> <bdi>${q.label}</bdi>${optional}</label>`;
  return html`<div class="field" part="field">${control}<div class="error" id=${errorId}>${error ?? ''}</div></div>`;
}

export function questionFields(questions: readonly Question[], view: QuestionView): TemplateResult {
  return html`${questions.map((q) => one(q, view))}`;
}
