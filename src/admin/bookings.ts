/** Upcoming bookings, by day in the clinic's time zone, each with Cancel (a reason goes to the visitor). */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { mailtoHref } from '../shared/email.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { AdminSection, when } from './section.js';
import type { AdminBooking } from './types.js';

export class AdminBookings extends AdminSection {
  @state() private bookings: AdminBooking[] = [];
  @state() private cancelling = '';
  @state() private reason = '';

  protected override async load(): Promise<void> {
    this.bookings = await this.firstPage<AdminBooking>('/bookings');
  }

  private days(): [string, AdminBooking[]][] {
    const days = new Map<string, AdminBooking[]>();
    const sorted = [...this.bookings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    for (const b of sorted) {
      const day = when(b.start, this.config, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
      days.set(day, [...(days.get(day) ?? []), b]);
    }
    return [...days];
  }

  private async cancel(b: AdminBooking) {
    const reason = this.reason.trim();
    const ok = await this.act(
      async () => {
        await this.api.send('POST', `/bookings/${encodeURIComponent(b.id)}/cancel`, reason ? { reason } : {});
        this.cancelling = '';
        this.reason = '';
      },
      `Cancelled ${b.name ?? 'the'} booking on ${when(b.start, this.config)}.`,
    );
    if (ok) {
      this.focusHeading();
    } else {
      await this.updateComplete;
      focusFirstError(this.renderRoot);
    }
  }

  private item(b: AdminBooking) {
    const time = `${when(b.start, this.config, { timeStyle: 'short' })} – ${when(b.end, this.config, { timeStyle: 'short' })}`;
    const open = this.cancelling === b.id;
    return html`<li class="card">
      <p><strong>${time}</strong> · ${b.serviceName ?? b.service}</p>
      <p>${b.name} · <a href=${mailtoHref(b.email ?? '')}>${b.email}</a>${b.phone ? html` · ${b.phone}` : nothing}</p>
      ${b.notes ? html`<p class="text">${b.notes}</p>` : nothing}
      ${open
        ? html`<form class="panel" novalidate @submit=${(e: Event) => (e.preventDefault(), this.cancel(b))}>
            ${field({
              id: `reason-${b.id}`,
              name: 'reason',
              label: 'Reason (sent to the visitor)',
              value: this.reason,
              multiline: true,
              maxLength: 1000,
              onInput: (v) => (this.reason = v),
            })}
            <div class="actions">
              <button class="btn danger small" type="submit">Confirm cancellation</button>
              <button class="btn secondary small" type="button" @click=${() => (this.cancelling = '')}>Keep booking</button>
            </div>
          </form>`
        : html`<div class="actions">
            <button class="btn secondary small" type="button" aria-label=${`Cancel booking for ${b.name ?? 'visitor'}`} @click=${() => this.openCancel(b)}>
              Cancel
            </button>
          </div>`}
    </li>`;
  }

  private async openCancel(b: AdminBooking) {
    this.cancelling = b.id;
    this.reason = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#reason-${CSS.escape(b.id)}`)?.focus();
  }

  override render() {
    const days = this.days();
    return html`<section class="root" aria-labelledby="h-bookings">
      ${this.heading('h-bookings', 'Upcoming bookings')}
      ${!this.loading && !days.length ? html`<p>No upcoming bookings.</p>` : nothing}
      ${days.map(([day, list]) => html`<h3>${day}</h3><ul class="cards">${list.map((b) => this.item(b))}</ul>`)}
      ${this.loadMore<AdminBooking>((more) => (this.bookings = [...this.bookings, ...more]))}
    </section>`;
  }
}
