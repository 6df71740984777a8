/**
 * "With: [Anyone available | each person]" and a button: a GET form that shows that person's times,
 * on /book/{service} and on the manage page's "Pick another time" (both without JavaScript).
 */
import { html } from 'hono/html';
import type { StaffConfig } from '../config.js';
import type { Translator } from '../i18n.js';

export interface PersonChoice {
  t: Translator;
  /** Where the form goes (a GET), and the fields it carries along (the week, the token). */
  action: string;
  hidden: Record<string, string>;
  /** Those who give the service, and the one chosen ('' for anyone). */
  people: StaffConfig[];
  person: string;
  error?: string | undefined;
}

export function personForm(p: PersonChoice) {
  const { t, person, error } = p;
  const option = (id: string, name: string) => html`<option value="${id}" ${id === person ? html`selected` : ''}>${name}</option>`;
  return html`<form method="get" action="${p.action}" class="field">
${Object.entries(p.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<label for="f-staff">${t.t('page.person')}</label>
<select id="f-staff" name="staff" aria-invalid="${error ? 'true' : 'false'}" ${error ? html`aria-describedby="f-staff-error"` : ''}>
${option('', t.t('page.anyone'))}${p.people.map((m) => option(m.id, m.name))}
</select>
${error ? html`<p class="field-error" id="f-staff-error">${error}</p>` : ''}
<p><button type="submit">${t.t('page.showTimes')}</button></p>
</form>`;
}
