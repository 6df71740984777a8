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

/** What each event is, in her words (the API's names are `booking.created` and the like). */
const EVENTS: Record<string, string> = {
  'booking.created': 'New booking',
  'booking.rescheduled': 'Booking moved',
  'booking.cancelled': 'Booking cancelled',
  'message.created': 'New message',
  'comment.created': 'New comment',
  'comment.replied': 'Reply to a comment',
  'comment.subscribed': 'Reply emails: confirm the address',
  'testimonial.created': 'New testimonial',
  'digest.daily': 'Daily summary',
};

/** Who an email is for. */
const AUDIENCES: Record<string, string> = {
  owner: 'you',
  visitor: 'the client',
  reminder: 'the client (reminder)',
  review: 'the client (testimonial request)',
  subscriber: 'the commenter',
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  /**
   * Asks for another attempt, then follows that one delivery (5 s at most) while the worker, which sends in the
   * background, makes it: the notice says whether it went, rather than the list showing it still "being retried".
   */
  private async retry(n: Notification, what: string): Promise<void> {
    const tried = n.state === 'failed' ? 0 : n.attempts; // "Send again" starts a failed one's attempts afresh
    let outcome = '';
    const ok = await this.act(async () => {
      await this.api.send('POST', `/notifications/${n.id}/retry`);
      for (let waited = 0; waited < 5000 && !outcome; waited += 250) {
        await pause(250);
        const now = await this.api.get<Notification>(`/notifications/${n.id}`);
        if (now.state === 'sent') outcome = `Sent: ${what}.`;
        else if (now.attempts > tried) outcome = `Tried again, not sent yet: ${what}. ${now.lastError ?? ''}`;
      }
    }, '');
    if (ok) this.notice = outcome || `Sending: ${what}.`; // else the error says what went wrong
  }

  private item(n: Notification) {
    // The client's emails by what they are to her: the confirmation, the reminder, the request for a testimonial.
    const kind =
      n.audience === 'reminder'
        ? 'Reminder'
        : n.audience === 'review'
          ? 'Testimonial request'
          : n.audience === 'visitor' && n.event === 'booking.created'
            ? 'Booking confirmed'
            : (EVENTS[n.event] ?? n.event);
    const what = `${kind}${n.about ? `, ${n.about}` : ''}`;
    const to = n.channel === 'email' && n.audience ? `${AUDIENCES[n.audience] ?? n.audience}, ${n.to}` : n.to;
    const channel = n.channel === 'calendar' ? 'your calendar' : n.channel;
    return html`<li class="card">
      <p><strong>${what}</strong> <span class="badge">${channel}</span></p>
      <p class="meta">to ${to} · ${when(n.createdAt, this.config)} · ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}</p>
      ${n.lastError ? html`<p class="text">Last error: ${n.lastError}</p>` : nothing}
      ${n.nextAttemptAt ? html`<p class="meta">Next attempt ${when(n.nextAttemptAt, this.config)}</p>` : nothing}
      ${
        n.state === 'failed'
          ? html`<div class="actions">
            <button class="btn small secondary" type="button" aria-label=${`Send again: ${what} to ${n.to}`}
              @click=${() => this.retry(n, what)}>Send again</button>
          </div>`
          : n.state === 'pending' && n.attempts > 0
            ? html`<div class="actions">
              <button class="btn small secondary" type="button" aria-label=${`Send now: ${what} to ${n.to}`}
                @click=${() => this.retry(n, what)}>Send now</button>
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
