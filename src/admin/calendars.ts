/**
 * The owner's calendars (from the config file): when each was last read, what went wrong in plain
 * words, how many busy times it holds, and "Sync now"; then her feed, the private address her
 * calendar app subscribes to, with a way to replace it.
 */
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AdminCalendar } from '../shared/api.js';
import { messageOf } from './api.js';
import { AdminSection, when } from './section.js';

export class AdminCalendars extends AdminSection {
  static override styles = [
    ...AdminSection.styles,
    css`
      .problem {
        border-left: 4px solid var(--_error);
        padding-left: 8px;
      }
      .feed input {
        font-family: ui-monospace, monospace;
        font-size: 14px;
      }
    `,
  ];

  @state() private calendars: AdminCalendar[] = [];
  @state() private feed = '';
  @state() private syncing = '';
  @state() private confirmRotate = false;

  protected override async load(): Promise<void> {
    const [calendars, feed] = await Promise.all([this.api.get<AdminCalendar[]>('/calendars'), this.api.get<{ url: string }>('/feed')]);
    this.calendars = calendars;
    this.feed = feed.url;
  }

  private async sync(calendar: AdminCalendar) {
    this.syncing = calendar.id;
    this.notice = '';
    try {
      const done = await this.api.send<AdminCalendar>('POST', `/calendars/${encodeURIComponent(calendar.id)}/sync`);
      this.calendars = this.calendars.map((c) => (c.id === done.id ? done : c));
      this.error = '';
      this.notice = done.lastError
        ? `Synced ${done.id}, with a problem: ${done.lastError}`
        : `Synced ${done.id}: ${done.busyCount} busy time${done.busyCount === 1 ? '' : 's'} in the coming weeks.`;
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.syncing = '';
    }
  }

  private async copy() {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#feed-url');
    try {
      await navigator.clipboard.writeText(this.feed);
      this.notice = 'The address is copied.';
    } catch {
      input?.select(); // no clipboard access: selected, for the owner to copy
      this.notice = 'The address is selected: copy it with your keyboard or menu.';
    }
  }

  private async rotate() {
    const done = await this.act(
      () => this.api.send('POST', '/feed/rotate'),
      'Made a new address. The old one no longer works: give the new one to your calendar app.',
    );
    this.confirmRotate = false;
    if (done) this.renderRoot.querySelector<HTMLElement>('#feed-url')?.focus();
  }

  private calendar(c: AdminCalendar) {
    const busy = this.syncing === c.id;
    return html`<li class="card">
      <h3>${c.id}</h3>
      <p>
        <span class="badge">${c.type === 'caldav' ? 'CalDAV calendar' : 'iCalendar feed'}</span>
        ${c.writeBookings ? html`<span class="badge">Bookings are written here</span>` : nothing}
      </p>
      <p>${c.lastSyncAt ? `Last synced ${when(c.lastSyncAt, this.config)}` : 'Not synced yet.'}</p>
      <p>${c.busyCount} busy time${c.busyCount === 1 ? '' : 's'} found in the coming weeks.</p>
      ${c.lastError ? html`<p class="problem"><strong>Problem:</strong> ${c.lastError}</p>` : nothing}
      <div class="actions">
        <button class="btn secondary small" type="button" ?disabled=${busy} aria-label=${`Sync now (${c.id})`} @click=${() => this.sync(c)}>Sync now</button>
        ${busy ? html`<span class="meta">Syncing…</span>` : nothing}
      </div>
    </li>`;
  }

  override render() {
    const webcal = this.feed.replace(/^https?:/, 'webcal:');
    return html`<section class="root" aria-labelledby="h-calendars">
      ${this.heading('h-calendars', 'Calendars')}
      <p class="muted">
        Busy times in these calendars are not offered to visitors. They come from the server's config file ("calendars") and are
        read every few minutes; the guide is in docs/calendars.md.
      </p>
      ${!this.loading && !this.calendars.length ? html`<p>No calendars are set up yet.</p>` : nothing}
      <ul class="cards">${this.calendars.map((c) => this.calendar(c))}</ul>

      <h3>Your bookings in your calendar app</h3>
      <p>
        Subscribe to this private address in Apple Calendar (File, New Calendar Subscription), Google Calendar (Other calendars, From URL)
        or Thunderbird (New Calendar, On the Network). Anyone who has it can see your bookings, so keep it to yourself.
      </p>
      <div class="feed field">
        <label for="feed-url">Subscription address</label>
        <input id="feed-url" type="text" readonly .value=${this.feed} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
      </div>
      <div class="actions">
        <button class="btn secondary small" type="button" ?disabled=${!this.feed} @click=${() => this.copy()}>Copy the address</button>
        ${this.feed ? html`<a class="btn secondary small" href=${webcal}>Open in your calendar app</a>` : nothing}
        <button class="btn secondary small" type="button" ?disabled=${!this.feed} @click=${() => (this.confirmRotate = true)}>Make a new address…</button>
      </div>
      ${
        this.confirmRotate
          ? html`<div class="panel" role="group" aria-labelledby="rotate-q">
            <p id="rotate-q">Make a new address? The current one stops working at once: calendars subscribed to it stop updating until they are given the new one.</p>
            <div class="actions">
              <button class="btn danger small" type="button" @click=${() => this.rotate()}>Make a new address</button>
              <button class="btn secondary small" type="button" @click=${() => (this.confirmRotate = false)}>Keep the current address</button>
            </div>
          </div>`
          : nothing
      }
    </section>`;
  }
}
