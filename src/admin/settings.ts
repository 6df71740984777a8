/** The clinic as the server runs it: business details, services and opening hours (from the config file). */
import { html, nothing } from 'lit';
import { AdminSection } from './section.js';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;

/** How each comment moderation (config comments.moderation) reads. */
const MODERATION = {
  pre: 'held for approval',
  first: "a writer's first comment held for approval; the next ones by that address published at once",
  post: 'published at once',
} as const;

export class AdminSettings extends AdminSection {
  override render() {
    const c = this.config;
    return html`<section class="root" aria-labelledby="h-settings">
      ${this.heading('h-settings', 'Services and hours')}
      <p class="muted">These come from the server's config file; edit it and restart the server to change them.</p>
      <h3>Business</h3>
      <dl>
        <dt>Name</dt><dd>${c.business.name}</dd>
        <dt>Time zone</dt><dd>${c.business.timezone}</dd>
        <dt>Email</dt><dd>${c.business.email}</dd>
        ${c.business.phone ? html`<dt>Phone</dt><dd>${c.business.phone}</dd>` : nothing}
        ${c.business.address ? html`<dt>Address</dt><dd>${c.business.address}</dd>` : nothing}
        <dt>Comments</dt><dd>${MODERATION[c.comments.moderation]}</dd>
      </dl>
      <h3>Services</h3>
      <ul class="cards">
        ${c.services.map(
          (s) => html`<li class="card">
            <p><strong>${s.name}</strong> · ${s.durationMinutes} min${s.price ? ` · ${s.price}` : ''}</p>
            ${s.description ? html`<p class="meta">${s.description}</p>` : nothing}
          </li>`,
        )}
      </ul>
      <h3>Opening hours</h3>
      <dl>
        ${DAYS.map(([key, day]) => {
          const ranges = c.hours[key] ?? [];
          return html`<dt>${day}</dt><dd>${ranges.length ? ranges.map(([a, b]) => `${a}–${b}`).join(', ') : 'closed'}</dd>`;
        })}
      </dl>
      <p class="meta">
        Slots every ${c.booking.slotIntervalMinutes} min, ${c.booking.bufferMinutes} min buffer, at least ${c.booking.minNoticeHours} h notice,
        up to ${c.booking.maxAdvanceDays} days ahead.
        ${c.booking.cancelNoticeHours ? `Clients can cancel online up to ${c.booking.cancelNoticeHours} h before.` : 'Clients can cancel online until the start.'}
        ${c.booking.reminderHours ? `Visitors get a reminder email ${c.booking.reminderHours} h before.` : 'No reminder emails.'}
      </p>
    </section>`;
  }

  protected override async load(): Promise<void> {}
}
