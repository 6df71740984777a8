/**
 * The owner's booking forms' parts: the clinic-time field, the "force" box with its warning, the
 * service list, the person list (with staff) and the client's language. Times are typed in the
 * clinic's zone (clinic-time.ts).
 */
import { html, nothing } from 'lit';
import { LANGUAGES } from '../shared/i18n/languages.js';
import { field } from '../widgets/base/form.js';
import type { AdminConfig } from './types.js';

export const FORCE_WARNING =
  'This books the time even outside your opening hours, during your time off or a busy time of your calendar. ' +
  'No visitor could have picked it. It never books over another booking.';

/** A date and time in the clinic's zone. */
export function timeField(id: string, value: string, error: string | undefined, onInput: (v: string) => void, zone: string) {
  return field({
    id,
    name: 'start',
    label: 'Date and time',
    type: 'datetime-local',
    value,
    error,
    required: true,
    hint: `In the clinic's time zone (${zone}).`,
    onInput,
  });
}

/** The force box; checked, its warning is shown (and read with the box). */
export function forceBox(id: string, checked: boolean, onChange: (v: boolean) => void) {
  return html`<div class="field">
    <label class="check"
      ><input
        id=${id}
        type="checkbox"
        .checked=${checked}
        aria-describedby=${checked ? `${id}-warning` : nothing}
        @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)}
      />
      Book outside the offered times</label
    >
    ${checked ? html`<p class="alert" id=${`${id}-warning`}>${FORCE_WARNING}</p>` : nothing}
  </div>`;
}

export function serviceSelect(id: string, config: AdminConfig, value: string, error: string | undefined, onChange: (v: string) => void) {
  return select(
    id,
    'service',
    'Service',
    config.services.map((s) => [s.id, s.name]),
    value,
    error,
    onChange,
  );
}

/** A list with its label and its error below (the error's id is `${id}-error`). */
function select(
  id: string,
  name: string,
  label: string,
  options: [string, string][],
  value: string,
  error: string | undefined,
  onChange: (v: string) => void,
) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select
      id=${id}
      name=${name}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${`${id}-error`}
      @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
    >
      ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
    </select>
    <div class="error" id=${`${id}-error`}>${error ?? ''}</div>
  </div>`;
}

/** Who gives `service`, with staff: "Anyone available" ('') or one of them; nothing without staff. */
export function staffSelect(
  id: string,
  config: AdminConfig,
  service: string,
  value: string,
  error: string | undefined,
  onChange: (v: string) => void,
) {
  const people = (config.staff ?? []).filter((m) => m.services.includes(service));
  if (!config.staff?.length) return nothing;
  return select(
    id,
    'staff',
    'Practitioner',
    [['', 'Anyone available'], ...people.map((m): [string, string] => [m.id, m.name])],
    value,
    error,
    onChange,
  );
}

/** The languages the client's emails can be written in, each in its own words. */
const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  pt: 'Português',
  ar: 'العربية',
};

export function languageSelect(id: string, value: string, error: string | undefined, onChange: (v: string) => void) {
  return select(
    id,
    'locale',
    'Client’s language (for emails)',
    LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]]),
    value,
    error,
    onChange,
  );
}
