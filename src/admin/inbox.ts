/**
 * The first screen: what needs the owner (GET /admin/inbox). Waiting comments and testimonials (each
 * approved here in one click), the messages of the last days, today's and tomorrow's appointments;
 * each group links to its section.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { mailtoHref } from '../shared/email.js';
import { richText } from '../widgets/comments/rich.js';
import { answered } from './comments.js';
import { AdminSection, replyLink, when } from './section.js';
import type { AdminBooking, AdminInbox } from './types.js';

export class AdminInboxSection extends AdminSection {
  @state() private inbox?: AdminInbox;

  protected override async load(): Promise<void> {
    this.inbox = await this.api.get<AdminInbox>('/inbox');
  }

  private group(
    id: string,
    title: string,
    count: number,
    more: { href: string; label: string },
    body: TemplateResult | typeof nothing,
    empty: string,
  ) {
    return html`<section class="group" aria-labelledby=${id}>
      <h3 id=${id}>${title} <span class="badge">${count}</span></h3>
      ${count ? body : html`<p class="muted">${empty}</p>`}
      <p><a href=${more.href}>${more.label}</a></p>
    </section>`;
  }

  private booking(b: AdminBooking) {
    return html`<li class="card">
      <p><strong>${when(b.start, this.config, { timeStyle: 'short' })} – ${when(b.end, this.config, { timeStyle: 'short' })}</strong> · ${b.serviceName}</p>
      <p>${b.name} · <a href=${mailtoHref(b.email)}>${b.email}</a>${b.phone ? html` · ${b.phone}` : nothing}</p>
    </li>`;
  }

  override render() {
    const inbox = this.inbox;
    const n = inbox?.counts;
    return html`<section class="root" aria-labelledby="h-inbox">
      ${this.heading('h-inbox', 'Inbox')}
      ${
        inbox && n
          ? html`${!n.comments && !n.testimonials && !n.messages && !n.today && !n.tomorrow ? html`<p>Nothing waits for you.</p>` : nothing}
            ${this.group(
              'h-inbox-comments',
              'Comments waiting',
              n.comments,
              { href: '#/comments', label: 'Moderate comments' },
              html`<ul class="cards">
                ${inbox.comments.map(
                  (c) => html`<li class="card">
                    <p><strong><bdi>${c.author}</bdi></strong> · <span class="meta">${c.thread} · ${when(c.createdAt, this.config)}</span></p>
                    ${answered(c)}
                    <div class="text">${richText(c.text, '_blank')}</div>
                    <div class="actions">
                      <button
                        class="btn small"
                        type="button"
                        aria-label=${`Approve comment by ${c.author}`}
                        @click=${() => this.act(() => this.api.send('PATCH', `/comments/${c.id}`, { status: 'published' }), `Approved: the comment by ${c.author}.`)}
                      >
                        Approve
                      </button>
                    </div>
                  </li>`,
                )}
              </ul>`,
              'No comment waits.',
            )}
            ${this.group(
              'h-inbox-testimonials',
              'Testimonials waiting',
              n.testimonials,
              { href: '#/testimonials', label: 'All testimonials' },
              html`<ul class="cards">
                ${inbox.testimonials.map(
                  (t) => html`<li class="card">
                    <p><strong><bdi>${t.author}</bdi></strong>${t.role ? html` · ${t.role}` : nothing}${t.rating ? html` · ${t.rating} of 5` : nothing}</p>
                    <p class="text">${t.text}</p>
                    <div class="actions">
                      <button
                        class="btn small"
                        type="button"
                        aria-label=${`Approve testimonial by ${t.author}`}
                        @click=${() => this.act(() => this.api.send('PATCH', `/testimonials/${t.id}`, { status: 'published' }), `Approved: the testimonial by ${t.author}.`)}
                      >
                        Approve
                      </button>
                    </div>
                  </li>`,
                )}
              </ul>`,
              'No testimonial waits.',
            )}
            ${this.group(
              'h-inbox-messages',
              'New messages (last 7 days)',
              n.messages,
              { href: '#/messages', label: 'All messages' },
              html`<ul class="cards">
                ${inbox.messages.map(
                  (m) => html`<li class="card">
                    <p><strong><bdi>${m.name}</bdi></strong> · <a href=${mailtoHref(m.email)}>${m.email}</a> · <span class="meta">${when(m.createdAt, this.config)}</span></p>
                    <p class="text">${m.message}</p>
                    <div class="actions">
                      ${replyLink(m, this.config)}
                      <button
                        class="btn small secondary"
                        type="button"
                        aria-label=${`Mark as handled: the message from ${m.name}`}
                        @click=${() =>
                          this.act(
                            () => this.api.send('PATCH', `/messages/${m.id}`, { handled: true }),
                            `Marked the message from ${m.name} as handled.`,
                          )}
                      >
                        Mark as handled
                      </button>
                    </div>
                  </li>`,
                )}
              </ul>`,
              'No new message.',
            )}
            ${this.group(
              'h-inbox-today',
              'Today',
              n.today,
              { href: '#/bookings', label: 'All upcoming bookings' },
              html`<ul class="cards">${inbox.today.map((b) => this.booking(b))}</ul>`,
              'No appointment today.',
            )}
            ${this.group(
              'h-inbox-tomorrow',
              'Tomorrow',
              n.tomorrow,
              { href: '#/week', label: 'The week' },
              html`<ul class="cards">${inbox.tomorrow.map((b) => this.booking(b))}</ul>`,
              'No appointment tomorrow.',
            )}`
          : nothing
      }
    </section>`;
  }
}
