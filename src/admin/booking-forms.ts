/**
 * The owner's booking forms' parts: the clinic-time field, the "force" box with its warning, and
 * the service list. Times are typed in the clinic's zone (clinic-time.ts).
 */
import { html, nothing } from 'lit';
import { field } from '../widgets/base/form.js';
import type { AdminConfig } from './types.js';

export const FORCE_WARNING =
  'This books the time even outside your opening hours, during your time off or a busy time of your calendar. ' +
  'No visitor could have picked it. It never books over another booking.';

/** A date and time in the clinic's zone. */
export function timeField(id: string, value: string, error: string | undefined, onInput: (v: string) => void, zone: string) {
  return field({ id, name: 'start', label: 'Date and time', type: 'datetime-local', value, error, required: true, hint: `In the clinic's time zone (${zone}).`, onInput });
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
      Book outside the offered times (force)</label
    >
    ${checked ? html`<p class="alert" id=${`${id}-warning`}>${FORCE_WARNING}</p>` : nothing}
  </div>`;
}

export function serviceSelect(id: string, config: AdminConfig, value: string, error: string | undefined, onChange: (v: string) => void) {
  return html`<div class="field">
    <label for=${id}>Service</label>
    <select
      id=${id}
      name="service"
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${`${id}-error`}
      @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
    >
      ${config.services.map((s) => html`<option value=${s.id} ?selected=${s.id === value}>${s.name}</option>`)}
    </select>
    <div class="error" id=${`${id}-error`}>${error ?? ''}</div>
  </div>`;
}
