/**
 * Messages from the contact form, newest first; each answered by email (the owner's mail program opens with the
 * visitor's address, a subject and the message quoted), and marked handled once dealt with (it leaves the inbox and
 * its count), or new again.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { mailtoHref } from '../shared/email.js';
import { AdminSection, replyLink, when } from './section.js';
import type { AdminMessage } from './types.js';

export class AdminMessages extends AdminSection {
  @state() private messages: AdminMessage[] = [];

  protected override async load(): Promise<void> {
    this.messages = this.sorted(await this.firstPage<AdminMessage>('/messages'));
  }

  private sorted(list: AdminMessage[]) {
    return [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  override render() {
    return html`<section class="root" aria-labelledby="h-messages">
      ${this.heading('h-messages', 'Messages')}
      ${!this.loading && !this.messages.length ? html`<p>No messages yet.</p>` : nothing}
      <ul class="cards">
        ${this.messages.map(
          (m) => html`<li class="card">
            <p>
              <strong><bdi>${m.name}</bdi></strong> · <a href=${mailtoHref(m.email)}>${m.email}</a>${m.phone ? html` · ${m.phone}` : nothing}
              <span class="badge">${m.handledAt ? 'handled' : 'new'}</span>
            </p>
            <p class="meta">${when(m.createdAt, this.config)}${m.handledAt ? ` · handled ${when(m.handledAt, this.config)}` : ''}</p>
            <p class="text">${m.message}</p>
            <div class="actions">
              ${replyLink(m, this.config)}
              <button
                class="btn small ${m.handledAt ? 'secondary' : ''}"
                type="button"
                aria-label=${`${m.handledAt ? 'Mark as new' : 'Mark as handled'}: the message from ${m.name}`}
                @click=${() =>
                  this.act(
                    () => this.api.send('PATCH', `/messages/${m.id}`, { handled: !m.handledAt }),
                    `Marked the message from ${m.name} as ${m.handledAt ? 'new' : 'handled'}.`,
                  )}
              >
                ${m.handledAt ? 'Mark as new' : 'Mark as handled'}
              </button>
            </div>
          </li>`,
        )}
      </ul>
      ${this.loadMore<AdminMessage>((more) => (this.messages = this.sorted([...this.messages, ...more])))}
    </section>`;
  }
}
