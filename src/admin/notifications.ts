/**
 * Notifications that have not gone out: emails waiting for SMTP to be configured, deliveries being
 * retried (which can be sent now, once the receiver is back), and failed ones (which can be sent again).
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { NOTIFICATIONS_LISTED } from '../shared/api.js';
import { AdminSection, when } from './section.js';
import type { AdminNotification as Notification } from './types.js';

const TITLES = { waiting: 'Waiting for email to be set up', pending: 'Being retried', failed: 'Failed' };
const SHOWN = ['failed', 'waiting', 'pending'] as const;

export class AdminNotifications extends AdminSection {
  @state() private groups: (readonly [(typeof SHOWN)[number], Notification[]])[] = [];

  /**
   * Each state asked for on its own: one list of the newest of every state would let a day's sent
   * (or waiting) ones push a failure off the page, which would then say everything was sent.
   */
  protected override async load(): Promise<void> {
    const lists = await Promise.all(SHOWN.map((s) => this.api.get<Notification[]>(`/notifications?state=${s}`)));
    this.groups = SHOWN.map((s, i) => [s, lists[i]!] as const).filter(([, list]) => list.length);
  }

  private item(n: Notification) {
    const what = `${n.event}${n.about ? ` about ${n.about}` : ''}`;
    return html`<li class="card">
      <p><strong>${what}</strong> <span class="badge">${n.channel}</span></p>
      <p class="meta">to ${n.to}${n.audience ? ` (${n.audience})` : ''} · ${when(n.createdAt, this.config)} · ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}</p>
      ${n.lastError ? html`<p class="text">${n.lastError}</p>` : nothing}
      ${n.nextAttemptAt ? html`<p class="meta">Next attempt ${when(n.nextAttemptAt, this.config)}</p>` : nothing}
      ${
        n.state === 'failed'
          ? html`<div class="actions">
            <button class="btn small secondary" type="button" aria-label=${`Send again: ${what} to ${n.to}`}
              @click=${() => this.act(() => this.api.send('POST', `/notifications/${n.id}/retry`), `Queued again: ${what}.`)}>Send again</button>
          </div>`
          : n.state === 'pending' && n.attempts > 0
            ? html`<div class="actions">
              <button class="btn small secondary" type="button" aria-label=${`Send now: ${what} to ${n.to}`}
                @click=${() => this.act(() => this.api.send('POST', `/notifications/${n.id}/retry`), `Sending now: ${what}.`)}>Send now</button>
            </div>`
            : nothing
      }
    </li>`;
  }

  override render() {
    const { groups } = this;
    return html`<section class="root" aria-labelledby="h-notifications">
      ${this.heading('h-notifications', 'Notifications')}
      ${!this.loading && !this.error && !groups.length ? html`<p>Every notification has been sent.</p>` : nothing}
      ${groups.map(
        ([s, list]) =>
          html`<h3>${TITLES[s]} (${list.length < NOTIFICATIONS_LISTED ? list.length : `the newest ${list.length}`})</h3>
            <ul class="cards">${list.map((n) => this.item(n))}</ul>`,
      )}
    </section>`;
  }
}
