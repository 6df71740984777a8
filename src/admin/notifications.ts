/**
 * Notifications that have not gone out: emails waiting for SMTP to be configured, deliveries being
 * retried, and failed ones (which can be sent again).
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { AdminSection, when } from './section.js';
import type { AdminNotification as Notification } from './types.js';

const TITLES = { waiting: 'Waiting for email to be set up', pending: 'Being retried', failed: 'Failed', sent: 'Sent' };

export class AdminNotifications extends AdminSection {
  @state() private items: Notification[] = [];

  protected override async load(): Promise<void> {
    const all = await this.api.get<Notification[]>('/notifications');
    this.items = all.filter((n) => n.state !== 'sent');
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
          : nothing
      }
    </li>`;
  }

  override render() {
    const groups = (['failed', 'waiting', 'pending'] as const)
      .map((s) => [s, this.items.filter((n) => n.state === s)] as const)
      .filter(([, list]) => list.length);
    return html`<section class="root" aria-labelledby="h-notifications">
      ${this.heading('h-notifications', 'Notifications')}
      ${!this.loading && !this.error && !groups.length ? html`<p>Every notification has been sent.</p>` : nothing}
      ${groups.map(([s, list]) => html`<h3>${TITLES[s]} (${list.length})</h3><ul class="cards">${list.map((n) => this.item(n))}</ul>`)}
    </section>`;
  }
}
