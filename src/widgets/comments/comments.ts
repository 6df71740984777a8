import { html, nothing } from 'lit';
import type { CommentPage, CommentStatus, PublicComment } from '../../shared/api.js';
import { VALIDATION_MESSAGE } from '../../shared/errors.js';
import { commentInput, LIMITS, validate } from '../../shared/schemas.js';
import { textLength } from '../../shared/text.js';
import { normalizeThread } from '../../shared/thread.js';
import { type ApiError, call, newKey } from '../base/api.js';
import { FrontdeskElement } from '../base/element.js';
import { field, focusFirstError, honeypot } from '../base/form.js';
import { formatDate, initials, relativeTime } from '../base/locale.js';
import { base, formStyles } from '../base/styles.js';
import { styles } from './comments.styles.js';
import { richText } from './rich.js';

/** One open form (the main one, or the reply form under a comment). */
interface Draft {
  text: string;
  website: string;
  shownAt: number;
  errors: Record<string, string>;
  alert: string;
  busy?: boolean;
  spoken: string;
  timer?: ReturnType<typeof setTimeout>;
}

/** Each comment's text is parsed once, not on every keystroke in a form. */
const texts = new WeakMap<PublicComment, ReturnType<typeof richText>>();
const draft = (): Draft => ({ text: '', website: '', shownAt: Date.now(), errors: {}, alert: '', spoken: '' });
const FIELDS = ['author', 'email', 'text'];

/**
 * A page's comment thread: the published comments with their replies, Load more, a sort switch,
 * and a form to post a comment or a reply. Text is shown as typed (paragraphs, line breaks,
 * http(s) links, **bold**, *italic*, `code`) and never becomes markup.
 *
 * @tag frontdesk-comments
 * @attr thread - the thread id (default: the page's `<link rel=canonical>` path, else `location.pathname`)
 * @attr sort - `oldest` (default) or `newest`; the visitor can switch it
 * @attr page-size - top-level comments per page (default 20, at most 100)
 * @attr api, locale, theme - as on every Frontdesk element
 * @fires frontdesk-comment-posted - `detail` is `{id, status, thread, parentId, author, text}` (status `pending` or `published`)
 * @fires frontdesk-error - loading or posting failed; `detail` is `{code, message, status}` (status 0: no answer)
 * @csspart root - the whole section
 * @csspart heading - the "3 comments" heading
 * @csspart sort - the sort select
 * @csspart list - the list of comments; replies - the list of replies under a comment
 * @csspart comment - each comment's article (replies also have the part `reply`)
 * @csspart avatar, author, badge, time, text, link - the pieces of a comment (badge: "Owner")
 * @csspart reply-button - each comment's Reply button
 * @csspart more - the Load more button
 * @csspart state - the empty, loading or error message
 * @csspart notice - the message after posting
 * @csspart form, field, input, submit - the comment and reply forms
 * @cssprop --frontdesk-accent, --frontdesk-text, --frontdesk-muted, --frontdesk-surface, --frontdesk-border, --frontdesk-radius, --frontdesk-font
 */
export class FrontdeskComments extends FrontdeskElement {
  static override styles = [base, formStyles, styles];
  static override properties = { thread: {}, sort: {}, pageSize: { type: Number, attribute: 'page-size' } };
  declare thread?: string;
  sort: 'oldest' | 'newest' = 'oldest';
  pageSize = 20;

  // Internal state: plain fields; every change ends with requestUpdate() (smaller than decorators).
  private comments: PublicComment[] = [];
  private count?: number | undefined;
  private cursor?: string | undefined;
  private loading = false;
  private failed?: ApiError | undefined;
  private replyingTo?: string | undefined;
  private notice?: { at: string; text: string } | undefined;
  private author = '';
  private email = '';
  private main = draft();
  private reply = draft();
  private loadedKey = '';
  private loads = 0;

  /** The normalized thread id this element shows. */
  get threadId(): string {
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href;
    return normalizeThread(this.thread || canonical || location.pathname);
  }

  private get order(): 'oldest' | 'newest' {
    return this.sort == 'newest' ? 'newest' : 'oldest';
  }

  protected override willUpdate(): void {
    const key = [this.apiUrl, this.threadId, this.order, this.pageSize].join(' ');
    if (key != this.loadedKey) {
      this.loadedKey = key;
      void this.load(false);
    }
  }

  /** Loads the first page (`more` false) or the next one; a later load wins over one in flight. */
  async load(more: boolean): Promise<void> {
    const n = ++this.loads;
    const q = new URLSearchParams({ thread: this.threadId, sort: this.order, limit: String(Math.min(100, Math.max(1, this.pageSize | 0 || 20))) });
    if (more && this.cursor) q.set('cursor', this.cursor);
    if (!more) {
      this.comments = [];
      this.count = this.cursor = undefined;
    }
    this.loading = true;
    this.failed = undefined;
    this.requestUpdate();
    try {
      const page = await call<CommentPage>(this.apiUrl, '/comments?' + q);
      if (n != this.loads) return;
      const seen = new Set(this.comments.map((c) => c.id));
      this.comments = [...this.comments, ...page.comments.filter((c) => !seen.has(c.id))];
      this.count = page.count;
      this.cursor = page.nextCursor;
    } catch (e) {
      if (n != this.loads) return;
      this.failed = e as ApiError;
      this.fireError(this.failed);
    }
    this.loading = false;
    this.requestUpdate();
  }

  /** Loads the next page; when it was the last, focus goes to the first comment it brought. */
  private async more(): Promise<void> {
    if (this.loading) return;
    const first = this.comments.length;
    await this.load(true);
    const id = this.comments[first]?.id;
    if (!this.cursor && id) await this.focusOn('#c' + CSS.escape(id));
  }

  private fireError({ code, message, status }: ApiError): void {
    this.emit('frontdesk-error', { code, message, status });
  }

  private async retry(): Promise<void> {
    await this.load(this.comments.length > 0);
    await this.focusOn('h2');
  }

  /** Renders, then focuses the first match of `selector` in the shadow root. */
  private async focusOn(selector: string): Promise<void> {
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async openReply(id: string): Promise<void> {
    if (this.replyingTo != id) this.reply = draft();
    this.replyingTo = id;
    this.notice = undefined;
    await this.focusOn('#r-text');
  }

  private async cancelReply(): Promise<void> {
    const id = this.replyingTo;
    this.replyingTo = undefined;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelectorAll<HTMLElement>('[data-id]').forEach((b) => b.dataset.id == id && b.focus());
  }

  private onText(d: Draft, value: string): void {
    d.text = value;
    this.requestUpdate();
    // Screen readers hear the count once typing pauses, not on every keystroke.
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      d.spoken = `${textLength(value)} of ${LIMITS.comment} characters used`;
      this.requestUpdate();
    }, 1000);
  }

  private async submit(e: Event, d: Draft, parentId: string | null): Promise<void> {
    e.preventDefault();
    if (d.busy) return;
    const form = e.target as HTMLFormElement;
    const body = {
      thread: this.threadId,
      ...(parentId ? { parentId } : {}),
      author: this.author,
      ...(this.email.trim() ? { email: this.email } : {}),
      text: d.text,
      website: d.website,
      elapsedMs: Date.now() - d.shownAt,
    };
    const checked = validate(commentInput, body);
    d.errors = checked.ok ? {} : checked.fields;
    d.alert = checked.ok ? '' : VALIDATION_MESSAGE;
    if (checked.ok) {
      d.busy = true;
      this.notice = undefined;
      this.requestUpdate();
      try {
        const saved = await call<{ id: string; status: CommentStatus }>(this.apiUrl, '/comments', { method: 'POST', json: body, idempotencyKey: newKey() });
        const { thread, author, text } = checked.data;
        if (saved.status == 'published') this.add({ id: saved.id, parentId, author, text, createdAt: new Date().toISOString(), byOwner: false });
        this.notice = { at: parentId ?? '', text: `Thank you! Your comment is ${saved.status == 'published' ? 'published' : 'awaiting approval'}.` };
        if (parentId) this.replyingTo = undefined;
        Object.assign(d, draft());
        this.emit('frontdesk-comment-posted', { id: saved.id, status: saved.status, thread, parentId, author, text });
        return this.focusOn('.notice');
      } catch (err) {
        const error = err as ApiError;
        d.busy = false;
        d.errors = error.fields;
        const other = Object.keys(error.fields).filter((k) => !FIELDS.includes(k));
        d.alert = other.map((k) => error.fields[k]).join(' ') || error.message;
        if (error.code != 'validation_failed') this.fireError(error);
      }
    }
    this.requestUpdate();
    await this.updateComplete;
    focusFirstError(form);
  }

  /** Shows a comment just published, without reloading (a later page never repeats it). */
  private add(c: PublicComment): void {
    const parent = this.comments.find((p) => p.id == c.parentId);
    if (parent?.parentId) c.replyTo = parent.author;
    this.comments = this.order == 'newest' && !c.parentId ? [c, ...this.comments] : [...this.comments, c];
    this.count = (this.count ?? 0) + 1;
  }

  private time(iso: string) {
    const exact = formatDate(iso, this.localeTag, { dateStyle: 'long', timeStyle: 'short' });
    return html`<time class="muted" datetime=${iso} title=${exact} tabindex="0" part="time"
      >${relativeTime(iso, this.localeTag)}<span class="sr-only tip"> · ${exact}</span></time
    >`;
  }

  private article(c: PublicComment, isReply = false) {
    return html`<article class="comment" id=${'c' + c.id} tabindex="-1" part=${isReply ? 'comment reply' : 'comment'}>
      <span class="avatar" part="avatar" aria-hidden="true">${initials(c.author)}</span>
      <div>
        <div class="meta">
          <bdi class="author" part="author">${c.author}</bdi>
          ${c.byOwner ? html`<span class="badge" part="badge">Owner</span>` : nothing} ${this.time(c.createdAt)}
        </div>
        ${c.replyTo ? html`<div class="muted">Replying to <bdi>${c.replyTo}</bdi></div>` : nothing}
        <div class="text" part="text">${texts.get(c) ?? texts.set(c, richText(c.text)).get(c)}</div>
        <button class="link" part="reply-button" data-id=${c.id} aria-expanded=${this.replyingTo == c.id} @click=${() => this.openReply(c.id)}>
          Reply<span class="sr-only"> to <bdi>${c.author}</bdi></span>
        </button>
        ${this.replyingTo == c.id ? this.form(this.reply, c.id) : this.noticeAt(c.id)}
      </div>
    </article>`;
  }

  private noticeAt(at: string) {
    return this.notice?.at == at ? html`<p class="alert notice" part="notice" role="status" tabindex="-1">${this.notice.text}</p>` : nothing;
  }

  private form(d: Draft, parentId: string | null) {
    const p = parentId ? 'r' : 'c';
    const n = textLength(d.text);
    return html`<form
      part="form"
      novalidate
      aria-label=${parentId ? 'Reply' : 'Leave a comment'}
      @submit=${(e: Event) => this.submit(e, d, parentId)}
      @keydown=${(e: KeyboardEvent) => parentId && e.key == 'Escape' && this.cancelReply()}
    >
      ${d.alert ? html`<div class="alert" role="alert">${d.alert}</div>` : nothing}
      ${field({ id: p + '-author', name: 'author', label: 'Name', value: this.author, error: d.errors.author, required: true, autocomplete: 'name', onInput: (v) => (this.author = v) })}
      ${field({
        id: p + '-email',
        name: 'email',
        label: 'Email',
        type: 'email',
        value: this.email,
        error: d.errors.email,
        autocomplete: 'email',
        hint: 'For reply notifications; never shown.',
        onInput: (v) => (this.email = v),
      })}
      ${field({
        id: p + '-text',
        name: 'text',
        label: parentId ? 'Your reply' : 'Comment',
        multiline: true,
        required: true,
        value: d.text,
        error: d.errors.text,
        hint: html`<span class=${n > LIMITS.comment ? 'error' : ''}>${n} / ${LIMITS.comment}</span>`,
        onInput: (v) => this.onText(d, v),
      })}
      <div class="sr-only" aria-live="polite">${d.spoken}</div>
      ${honeypot(p + '-website', d.website, (v) => (d.website = v))}
      <div class="actions">
        <button class="btn" part="submit" ?disabled=${d.busy}>${d.busy ? 'Posting…' : parentId ? 'Post reply' : 'Post comment'}</button>
        ${parentId ? html`<button type="button" class="btn secondary" @click=${this.cancelReply}>Cancel</button>` : nothing}
      </div>
    </form>`;
  }

  override render() {
    const byId = new Map(this.comments.map((c) => [c.id, c]));
    const roots: PublicComment[] = [];
    const replies = new Map<string, PublicComment[]>();
    for (const c of this.comments) {
      let root = c;
      for (let i = 0; root.parentId && byId.has(root.parentId) && i < 99; i++) root = byId.get(root.parentId)!;
      if (root == c) roots.push(c);
      else if (replies.has(root.id)) replies.get(root.id)!.push(c);
      else replies.set(root.id, [c]);
    }
    const count = this.count;
    const failed = this.failed;
    return html`<section class="root" part="root" aria-labelledby="h">
      <div class="top">
        <h2 id="h" part="heading" tabindex="-1">${count == null ? 'Comments' : `${count} ${count == 1 ? 'comment' : 'comments'}`}</h2>
        <label for="sort">Sort</label>
        <select id="sort" part="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as 'oldest')}>
          <option value="oldest" ?selected=${this.order == 'oldest'}>Oldest first</option>
          <option value="newest" ?selected=${this.order == 'newest'}>Newest first</option>
        </select>
      </div>
      ${roots.length
        ? html`<ol class="list" part="list">
            ${roots.map(
              (c) =>
                html`<li>
                  ${this.article(c)}
                  ${replies.has(c.id) ? html`<ol class="replies" part="replies">${replies.get(c.id)!.map((r) => html`<li>${this.article(r, true)}</li>`)}</ol>` : nothing}
                </li>`,
            )}
          </ol>`
        : nothing}
      ${failed
        ? html`<div class="alert" part="state" role="alert">
            ${failed.status ? 'We could not load the comments.' : failed.message}
            <button class="link" @click=${this.retry}>Retry</button>
          </div>`
        : count == null
          ? html`<p class="muted" part="state" role="status">Loading comments…</p>`
          : count === 0
            ? html`<p class="muted" part="state">Be the first to comment.</p>`
            : nothing}
      ${this.cursor && !failed
        ? html`<button class="btn secondary" part="more" aria-disabled=${this.loading} @click=${this.more}>
            ${this.loading ? 'Loading…' : 'Load more comments'}
          </button>`
        : nothing}
      <h3>Leave a comment</h3>
      ${this.noticeAt('')} ${this.form(this.main, null)}
    </section>`;
  }
}
