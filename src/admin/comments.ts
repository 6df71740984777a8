/**
 * The comments queue: pending first (filter by status), with approve, reject, spam, reply in place
 * (a pending comment is approved first: a reply answers a published comment) and approve-all.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { CommentStatus } from '../shared/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { richText } from '../widgets/comments/rich.js';
import { ApiError } from '../widgets/base/api.js';
import { messageOf } from './api.js';
import { AdminSection, when } from './section.js';
import type { AdminComment } from './types.js';

const STATUSES: CommentStatus[] = ['pending', 'published', 'rejected', 'spam'];
const DONE: Record<CommentStatus, string> = {
  pending: 'Moved back to the queue',
  published: 'Approved',
  rejected: 'Rejected',
  spam: 'Marked as spam',
};

/** A reply's card quotes the start of the comment it answers (here and in the inbox), as plain text. */
export function answered(c: AdminComment) {
  return c.inReplyTo
    ? html`<figure class="context">
        <figcaption class="meta">In reply to <bdi>${c.inReplyTo.author}</bdi>:</figcaption>
        <blockquote class="text">${c.inReplyTo.text}</blockquote>
      </figure>`
    : nothing;
}

export class AdminComments extends AdminSection {
  @state() private comments: AdminComment[] = [];
  @state() private status: CommentStatus | '' = 'pending';
  @state() private replyTo = '';
  @state() private reply = '';
  @state() private replyError = '';

  protected override async load(): Promise<void> {
    this.comments = await this.firstPage<AdminComment>(this.status ? `/comments?status=${this.status}` : '/comments');
  }

  private setStatus(c: AdminComment, status: CommentStatus) {
    return this.act(() => this.api.send('PATCH', `/comments/${c.id}`, { status }), `${DONE[status]}: the comment by ${c.author}.`);
  }

  private async approveAll() {
    const pending = this.comments.filter((c) => c.status === 'pending');
    await this.act(
      async () => {
        for (const c of pending) await this.api.send('PATCH', `/comments/${c.id}`, { status: 'published' });
      },
      `Approved ${pending.length} comment${pending.length === 1 ? '' : 's'}.`,
    );
  }

  private async openReply(c: AdminComment) {
    this.replyTo = c.id;
    this.reply = '';
    this.replyError = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#reply-${c.id}`)?.focus();
  }

  private async sendReply(c: AdminComment) {
    const text = this.reply.trim();
    this.replyError = text ? '' : 'Write your reply.';
    if (text) {
      try {
        if (c.status !== 'published') await this.api.send('PATCH', `/comments/${c.id}`, { status: 'published' });
        await this.api.send('POST', '/comments', { thread: c.thread, parentId: c.id, text });
      } catch (error) {
        const fields = error instanceof ApiError ? error.fields : {};
        this.replyError = fields.parentId
          ? 'Readers cannot see this comment: a comment above it is not published. Approve that one first.'
          : (fields.text ?? messageOf(error));
      }
      // A pending comment is approved first, even when the reply then fails: what waits may have moved.
      this.changed();
    }
    if (this.replyError) {
      await this.updateComplete;
      focusFirstError(this.renderRoot);
      return;
    }
    this.replyTo = '';
    this.notice = `Replied to ${c.author}; the reply is published.`;
    await this.reload();
    this.focusHeading();
  }

  private item(c: AdminComment) {
    const by = `by ${c.author}`;
    const button = (status: CommentStatus, label: string) =>
      c.status === status
        ? nothing
        : html`<button class="btn small ${status === 'published' ? '' : 'secondary'}" type="button" aria-label=${`${label} comment ${by}`} @click=${() => this.setStatus(c, status)}>
            ${label}
          </button>`;
    return html`<li class="card">
      <p><strong><bdi>${c.author}</bdi></strong>${c.byOwner ? html` <span class="badge">you</span>` : nothing} <span class="badge">${c.status}</span>${
        c.status === 'published' && !c.shown
          ? html` <span class="meta">(readers do not see it: a comment above it is not published)</span>`
          : nothing
      }</p>
      <p class="meta">${when(c.createdAt, this.config)} · on ${c.thread}${c.email ? html` · ${c.email}` : nothing}</p>
      ${answered(c)}
      <div class="rich">${richText(c.text, '_blank')}</div>
      <div class="actions">
        ${button('published', 'Approve')} ${button('rejected', 'Reject')} ${c.byOwner ? nothing : button('spam', 'Spam')}
        ${
          c.status === 'pending' || c.status === 'published'
            ? html`<button class="btn small secondary" type="button" aria-label=${`Reply to comment ${by}`} @click=${() => this.openReply(c)}>Reply</button>`
            : nothing
        }
        ${this.deletion(
          c.id,
          `comment ${by}`,
          `Delete the comment ${by}, and every reply under it? This cannot be undone; Reject hides it instead.`,
          () => this.api.send('DELETE', `/comments/${c.id}`),
          `Deleted the comment ${by}.`,
        )}
      </div>
      ${
        this.replyTo === c.id
          ? html`<form class="panel" novalidate @submit=${(e: Event) => (e.preventDefault(), this.sendReply(c))}>
            ${field({
              id: `reply-${c.id}`,
              name: 'text',
              label: c.status === 'published' ? `Your reply to ${c.author}` : `Your reply to ${c.author} (approves the comment)`,
              value: this.reply,
              multiline: true,
              required: true,
              maxLength: 5000,
              error: this.replyError,
              onInput: (v) => (this.reply = v),
            })}
            <div class="actions">
              <button class="btn small" type="submit">Publish reply</button>
              <button class="btn small secondary" type="button" @click=${() => (this.replyTo = '')}>Cancel reply</button>
            </div>
          </form>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const pending = this.comments.filter((c) => c.status === 'pending').length;
    return html`<section class="root" aria-labelledby="h-comments">
      ${this.heading('h-comments', 'Comments')}
      <div class="toolbar">
        <div class="field">
          <label for="comment-status">Show</label>
          <select
            id="comment-status"
            @change=${(e: Event) => {
              this.status = (e.target as HTMLSelectElement).value as CommentStatus | '';
              void this.reload();
            }}
          >
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${s}</option>`)}
            <option value="" ?selected=${this.status === ''}>all</option>
          </select>
        </div>
        ${pending > 0 ? html`<button class="btn" type="button" @click=${() => this.approveAll()}>Approve all ${pending} pending</button>` : nothing}
      </div>
      ${!this.loading && !this.comments.length ? html`<p>No ${this.status || ''} comments.</p>` : nothing}
      <ul class="cards">
        ${this.comments.map((c) => this.item(c))}
      </ul>
      ${this.loadMore<AdminComment>((more) => (this.comments = [...this.comments, ...more]))}
    </section>`;
  }
}
