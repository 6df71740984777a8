/**
 * The comments queue: pending first (filter by status, search by name, address or words), with
 * approve, reject, spam, reply in place (a pending comment is approved first: a reply answers a
 * published comment), approve-all, and the same actions for the comments she selects.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { type CommentStatus, SEARCH_MAX_CHARS } from '../shared/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { richText } from '../widgets/comments/rich.js';
import { ApiError } from '../widgets/base/api.js';
import { messageOf } from './api.js';
import { AdminSection, when } from './section.js';
import type { AdminComment } from './types.js';

const STATUSES: CommentStatus[] = ['pending', 'published', 'rejected', 'spam'];
/** How long typing pauses before the list follows the search box. */
const SEARCH_PAUSE_MS = 300;
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
        <figcaption class="meta">In reply to ${c.inReplyTo.byOwner ? 'you' : html`<bdi>${c.inReplyTo.author}</bdi>`}:</figcaption>
        <blockquote class="text" dir="auto">${c.inReplyTo.text}</blockquote>
      </figure>`
    : nothing;
}

export class AdminComments extends AdminSection {
  @state() private comments: AdminComment[] = [];
  @state() private status: CommentStatus | '' = 'pending';
  @state() private replyTo = '';
  @state() private reply = '';
  @state() private replyError = '';
  /** The search shown (`q`), '' for none. */
  @state() private search = '';
  /** The comments ticked for an action on them all, by id. */
  @state() private selected: ReadonlySet<string> = new Set();

  /** The list the filter and the search ask for. */
  #path(): string {
    const query = String(
      new URLSearchParams([...(this.status ? [['status', this.status]] : []), ...(this.search ? [['q', this.search]] : [])]),
    );
    return `/comments${query ? `?${query}` : ''}`;
  }

  protected override async load(): Promise<void> {
    const path = this.#path();
    const { items, next } = await this.api.page<AdminComment>(path);
    // Typing on, or another filter, asked for another list meanwhile: its answer is the one to show.
    if (path !== this.#path()) return;
    this.comments = items;
    this.nextPage = next;
    // What was ticked and is no longer listed cannot be acted on.
    const listed = new Set(this.comments.map((c) => c.id));
    this.selected = new Set([...this.selected].filter((id) => listed.has(id)));
  }

  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** The list follows the search box (after a pause in typing, or at once on Enter): what it shows is what the box says. */
  private searchFor(pauseMs: number) {
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      const search = (this.renderRoot.querySelector<HTMLInputElement>('#comment-search')?.value ?? '').trim();
      if (search === this.search) return;
      this.search = search;
      this.refilter();
    }, pauseMs);
  }

  /** Another list: what the status line said ("Loaded 16 more.") was about the one before. */
  private refilter() {
    this.notice = '';
    void this.reload();
  }

  private select(ids: string[], on: boolean) {
    const next = new Set(this.selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    this.selected = next;
  }

  /** The selected comments that `status` would change (Spam is never the owner's own): what its button counts. */
  private chosen(status: CommentStatus | 'deleted'): AdminComment[] {
    return this.comments.filter((c) => this.selected.has(c.id) && c.status !== status && !(status === 'spam' && c.byOwner));
  }

  /**
   * Gives the comments `status` would change theirs (or deletes them), one after the other, and clears
   * the selection. One deleted meanwhile (elsewhere, or with the comment above it) is passed over:
   * there is nothing left to do to it. Resolves to the sentence that says what was done.
   */
  private async apply(status: CommentStatus | 'deleted', chosen = this.chosen(status)): Promise<string> {
    let gone = 0;
    for (const c of chosen) {
      try {
        if (status === 'deleted') await this.api.send('DELETE', `/comments/${c.id}`);
        else await this.api.send('PATCH', `/comments/${c.id}`, { status });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        gone++;
      }
    }
    this.selected = new Set();
    const n = chosen.length - gone;
    const count = `${n} comment${n === 1 ? '' : 's'}`;
    const missing = status !== 'deleted' && gone ? ` (${gone} had been deleted)` : '';
    return status === 'deleted' ? `Deleted ${count}.` : `${DONE[status]}: ${count}${missing}.`;
  }

  /** Acts on many comments; should one fail, the list still shows what was done before it, with the error. */
  private async bulk(status: CommentStatus, chosen?: AdminComment[]) {
    let done = '';
    if (
      await this.act(
        async () => (done = await this.apply(status, chosen)),
        () => done,
      )
    )
      return;
    const error = this.error;
    this.changed();
    await this.reload();
    this.error = error;
  }

  private setStatus(c: AdminComment, status: CommentStatus) {
    return this.act(() => this.api.send('PATCH', `/comments/${c.id}`, { status }), `${DONE[status]}: the comment by ${c.author}.`);
  }

  private approveAll() {
    return this.bulk(
      'published',
      this.comments.filter((c) => c.status === 'pending'),
    );
  }

  override disconnectedCallback(): void {
    clearTimeout(this.#searchTimer);
    super.disconnectedCallback();
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
      <p>
        <input
          class="pick"
          type="checkbox"
          aria-label=${`Select the comment ${by}`}
          .checked=${this.selected.has(c.id)}
          @change=${(e: Event) => this.select([c.id], (e.target as HTMLInputElement).checked)}
        />
        <strong><bdi>${c.author}</bdi></strong>${c.byOwner ? html` <span class="badge">you</span>` : nothing} <span class="badge">${c.status}</span>${
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

  /** What she can do with the comments she ticked: each action names how many it changes. */
  private selection() {
    const n = this.selected.size;
    const all = this.comments.length > 0 && this.comments.every((c) => this.selected.has(c.id));
    const action = (status: CommentStatus, label: string) => {
      const count = this.chosen(status).length;
      return count
        ? html`<button class="btn small ${status === 'published' ? '' : 'secondary'}" type="button" @click=${() => this.bulk(status)}>
            ${label} ${count}
          </button>`
        : nothing;
    };
    const deletable = this.chosen('deleted').length;
    const them = deletable === 1 ? 'it' : 'them';
    let done = '';
    return html`<div class="toolbar selection" role="group" aria-label="Selected comments">
      <label class="check"
        ><input
          type="checkbox"
          .checked=${all}
          ?disabled=${!this.comments.length}
          @change=${(e: Event) =>
            this.select(
              this.comments.map((c) => c.id),
              (e.target as HTMLInputElement).checked,
            )}
        />Select all ${this.comments.length} shown</label
      >
      ${
        n
          ? html`<span class="meta">${n} selected:</span>
              ${action('published', 'Approve')} ${action('rejected', 'Reject')} ${action('spam', 'Spam')}
              ${this.deletion(
                'selected',
                `the ${deletable} comment${deletable === 1 ? '' : 's'} selected`,
                `Delete the ${deletable} comment${deletable === 1 ? '' : 's'} selected, and every reply under ${them}? This cannot be undone; Reject hides ${them} instead.`,
                async () => (done = await this.apply('deleted')),
                () => done,
              )}`
          : nothing
      }
    </div>`;
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
              this.refilter();
            }}
          >
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${s}</option>`)}
            <option value="" ?selected=${this.status === ''}>all</option>
          </select>
        </div>
        <form class="field search" role="search" @submit=${(e: Event) => (e.preventDefault(), this.searchFor(0))}>
          <label for="comment-search">Search names, emails and words</label>
          <span class="actions">
            <input id="comment-search" type="search" maxlength=${SEARCH_MAX_CHARS} @input=${() => this.searchFor(SEARCH_PAUSE_MS)} />
            <button class="btn secondary" type="submit">Search</button>
          </span>
        </form>
        ${
          pending > 0
            ? html`<button class="btn" type="button" @click=${() => this.approveAll()}>
                ${this.nextPage || this.search ? `Approve the ${pending} pending shown` : `Approve all ${pending} pending`}
              </button>`
            : nothing
        }
      </div>
      ${this.selection()}
      ${
        !this.loading && !this.comments.length
          ? html`<p>No ${this.status ? `${this.status} ` : ''}comments${this.search ? html` matching “<bdi>${this.search}</bdi>”` : nothing}.</p>`
          : nothing
      }
      <ul class="cards">
        ${this.comments.map((c) => this.item(c))}
      </ul>
      ${this.loadMore<AdminComment>((more) => (this.comments = [...this.comments, ...more]))}
    </section>`;
  }
}
