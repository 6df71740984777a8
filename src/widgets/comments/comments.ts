import { html, nothing, type TemplateResult } from 'lit-html';
import type { CommentPage, CommentStatus, PublicComment, RepliesPage } from '../../shared/api.js';
import { comments as english } from '../../shared/i18n/en-comments.js';
import { common } from '../../shared/i18n/en-common.js';
import { LIMITS } from '../../shared/limits.js';
import { textLength } from '../../shared/text.js';
import { ApiError, apiBase, call, newKey } from '../base/api.js';
import { FrontdeskElement } from '../base/element.js';
import { field, type FieldOptions, focusFirstError, honeypot } from '../base/form.js';
import { addEnglish } from '../base/i18n.js';
import { formatDate, initials } from '../base/locale.js';
import { formStyles } from '../base/form-styles.js';
import { base } from '../base/styles.js';
import { loadSchemas, prefetchSchemas } from '../base/validation.js';
import { LatestRequestController } from '../controllers/latest.js';
import { styles } from './comments.styles.js';
import { keepPending, pendingOf } from './own-pending.js';
import { richText } from './rich.js';
import { relativeTime } from './time.js';

addEnglish({ ...common, ...english });

/** One open form (the main one, or the reply form under a comment). */
interface Draft {
  text: string;
  /** "Email me when someone replies" is ticked. */
  notify?: boolean;
  website: string;
  errors: Record<string, string>;
  alert?: string;
  busy?: boolean;
  spoken?: string;
  timer?: ReturnType<typeof setTimeout>;
}

/** A comment as shown: `pending` for the writer's own, sent from this browser and waiting for approval (no one else sees it). */
type Shown = PublicComment & { pending?: boolean };

/** Each comment's text is parsed once, not on every keystroke in a form. */
const texts = new WeakMap<PublicComment, ReturnType<typeof richText>>();
/** An empty form's state; also what a form is reset to once its comment is sent (so every field of Draft is here). */
const draft = (): Draft => ({ text: '', notify: false, website: '', errors: {}, alert: '', busy: false, spoken: '' });

/**
 * A page's comment thread: the published comments with their replies (the first 20 under each
 * comment, then More replies), Load more, a sort switch, and a form to post a comment or a reply. Text is shown as typed (paragraphs, line breaks,
 * http(s) links, **bold**, *italic*, `code`) and never becomes markup.
 *
 * @tag frontdesk-comments
 * @attr {string} thread - the thread's id (default: the path of the page's `<link rel=canonical>`, else `location.pathname`);
 *   the server drops the origin, query, fragment and trailing slash
 * @attr {'oldest' | 'newest'} sort - the order of the top-level comments (default `oldest`); the visitor can switch it
 * @attr {number} page-size - top-level comments per page (default 20, at most 100)
 * @fires {CustomEvent<{id: string, status: 'pending' | 'published', thread: string, parentId: string | null, author: string, text: string}>} frontdesk-comment-posted -
 *   a comment or reply was saved; `status` is `pending` while it waits for approval
 * @fires {CustomEvent<{code: string, message: string, status: number}>} frontdesk-error - loading or posting failed;
 *   `status` is the HTTP status, 0 when the server did not answer
 * @csspart root - the whole section
 * @csspart heading - the "3 comments" heading
 * @csspart sort - the sort select
 * @csspart list - the list of top-level comments
 * @csspart replies - the list of replies under a comment
 * @csspart comment - each comment's article
 * @csspart reply - a reply's article (it also has the part `comment`)
 * @csspart avatar - the author's initials
 * @csspart author - the author's name
 * @csspart badge - the "Owner" badge on the site owner's replies
 * @csspart pending - the "Awaiting approval" badge (also a `badge`) on the visitor's own comment waiting for approval, which only they see
 *   (kept in their browser's localStorage until it is approved, for two weeks at most)
 * @csspart time - when it was posted
 * @csspart text - the comment's text
 * @csspart link - a link inside a comment's text
 * @csspart reply-button - each comment's Reply button
 * @csspart more-replies - the More replies button under a comment with more replies than the page shows
 * @csspart more - the Load more button
 * @csspart state - the empty, loading or error message
 * @csspart notice - the message after posting
 * @csspart form - the comment form and each reply form
 * @csspart field - a label, its input and its error
 * @csspart input - a text input or textarea
 * @csspart submit - the Post button
 */
export class FrontdeskComments extends FrontdeskElement {
  static override styles = [base, formStyles, styles];
  static override properties = { thread: {}, sort: {}, pageSize: { type: Number, attribute: 'page-size' } };
  declare thread?: string;
  sort: 'oldest' | 'newest' = 'oldest';
  pageSize = 20;

  // Internal state: plain fields; every change ends with requestUpdate() (smaller than decorators).
  // `comments` is in page order: each top-level comment followed by its replies.
  private comments: Shown[] = [];
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
  /**
   * When the visitor was first shown this element, for `elapsedMs`: the contract's time trap
   * counts from there, not from a reply form's opening (a quick reply by someone who has been
   * reading for a while is no bot's, and was answered "received" and stored nowhere).
   */
  #shownAt = Date.now();
  /** The top-level comment whose next replies are on their way, and one whose replies could not be loaded. */
  private repliesLoading?: string | undefined;
  private repliesFailed?: { id: string; message: string } | undefined;
  /** What screen readers hear once more replies are shown (a status region). */
  private spoken = '';
  #loadedKey?: string;
  readonly #pages = new LatestRequestController(this);
  readonly #replies = new LatestRequestController(this);

  /** The server's API base URL (api.ts). */
  get #api(): string {
    return apiBase(this.api);
  }

  /** The normalized thread id this element shows. */
  get threadId(): string {
    const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href;
    // The server normalizes it (origin, query, fragment and trailing slash dropped).
    return this.thread || canonical || location.pathname;
  }

  private get order(): 'oldest' | 'newest' {
    return this.sort == 'newest' ? 'newest' : 'oldest';
  }

  protected override willUpdate(): void {
    const key = [this.#api, this.threadId, this.order, this.pageSize] + '';
    if (key != this.#loadedKey) {
      this.#loadedKey = key;
      void this.load();
    }
  }

  /** Loads the first page (`more` false) or the next one; a later load wins over one in flight. */
  async load(more?: boolean): Promise<void> {
    const q = new URLSearchParams({
      thread: this.threadId,
      sort: this.order,
      limit: String(Math.min(100, Math.max(1, this.pageSize | 0 || 20))),
    });
    if (more && this.cursor) q.set('cursor', this.cursor);
    else {
      this.#replies.cancel();
      this.comments = [];
      this.count = this.cursor = this.repliesLoading = this.repliesFailed = undefined;
    }
    this.loading = true;
    this.failed = undefined;
    this.requestUpdate();
    try {
      const page = await this.#pages.run((signal) =>
        call<CommentPage>(this.#api, '/comments?' + q, { signal, language: this.l10n.locale }),
      );
      if (!page) return;
      const sent = new Set(page.comments.map((c) => c.id));
      const kept = this.comments.filter((c) => !(c.pending && sent.has(c.id)));
      const seen = new Set(kept.map((c) => c.id));
      // The writer's own waiting comments stay last (oldest first), after what the next page brings.
      const mine = this.order == 'newest' ? [] : kept.filter((c) => c.pending && !c.parentId);
      this.comments = [...kept.filter((c) => !mine.includes(c)), ...page.comments.filter((c) => !seen.has(c.id)), ...mine];
      this.count = page.count;
      this.cursor = page.nextCursor;
      this.#addWaiting(sent);
    } catch (error) {
      this.fail((this.failed = error as ApiError));
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
    if (!this.cursor && id) await this.focusOn('#c' + id);
  }

  /**
   * Loads the next replies under top-level comment `c` (from its repliesCursor) after those shown;
   * focus goes to the first reply it brought, and screen readers hear how many came. Pressed again
   * meanwhile (or under another comment), the later request wins and the earlier answer is dropped.
   */
  private async moreReplies(c: PublicComment): Promise<void> {
    const cursor = c.repliesCursor;
    if (!cursor) return;
    this.repliesLoading = c.id;
    this.repliesFailed = undefined;
    this.requestUpdate();
    const path = `/comments/${encodeURIComponent(c.id)}/replies?cursor=${encodeURIComponent(cursor)}`;
    let page: RepliesPage | undefined;
    try {
      page = await this.#replies.run((signal) => call<RepliesPage>(this.#api, path, { signal, language: this.l10n.locale }));
    } catch (error) {
      this.repliesFailed = { id: c.id, message: this.fail(error as ApiError) };
    }
    if (this.#replies.busy) return; // a later press owns the state now
    this.repliesLoading = undefined;
    if (page) {
      const list = this.comments;
      const seen = new Set(list.map((x) => x.id));
      const fresh = page.comments.filter((r) => !seen.has(r.id));
      // After the replies already shown under it (the writer's own waiting ones stay last): the thread's order.
      let i = list.indexOf(c);
      while (list[i + 1]?.parentId && !list[i + 1]!.pending) i++;
      list.splice(i + 1, 0, ...fresh);
      if (page.nextCursor) c.repliesCursor = page.nextCursor;
      else delete c.repliesCursor;
      this.#addWaiting(new Set(page.comments.map((r) => r.id)));
      this.spoken = this.t('comments.repliesShown', { count: fresh.length });
      if (fresh[0]) return this.focusOn('#c' + fresh[0].id);
    }
    this.requestUpdate();
  }

  /** Loads again what failed: the next page, or the first when there is no cursor. */
  private async retry(): Promise<void> {
    await this.load(true);
    await this.focusOn('h2');
  }

  /** Renders, then focuses the first match of `selector` in the shadow root. */
  private async focusOn(selector: string): Promise<void> {
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private openReply(id: string): Promise<void> {
    if (this.replyingTo != id) this.reply = draft();
    this.replyingTo = id;
    this.notice = undefined;
    // Into the reply, or into the name when it is not known yet (the first field the reply needs).
    return this.focusOn(this.author ? '#r-text' : '#r-author');
  }

  /** Closes the reply form; focus goes back to its comment's Reply button. */
  private cancelReply(): Promise<void> {
    const id = this.replyingTo;
    this.replyingTo = undefined;
    return this.focusOn(`#c${id} button`);
  }

  private onText(d: Draft, value: string): void {
    d.text = value;
    this.requestUpdate();
    // Screen readers hear the count once typing pauses, not on every keystroke.
    clearTimeout(d.timer);
    d.timer = setTimeout(() => {
      d.spoken = this.t('comments.lengthSpoken', { count: textLength(value), max: LIMITS.comment });
      this.requestUpdate();
    }, 1000);
  }

  /** Our own checks' messages (references) in the element's language. */
  private translated(fields: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(fields).map(([name, message]) => [name, this.l10n.text(message)]));
  }

  private async submit(e: Event, d: Draft, parentId: string | null): Promise<void> {
    e.preventDefault();
    // Read now: once the event is dispatched, its target in a shadow tree is cleared.
    const form = e.target as HTMLFormElement;
    if (d.busy) return;
    // Empty optional fields (no parentId, no email) are left out by the schema and the server alike.
    const body = {
      thread: this.threadId,
      parentId,
      author: this.author,
      email: this.email,
      notify: !!d.notify,
      text: d.text,
      website: d.website,
      elapsedMs: Date.now() - this.#shownAt,
    };
    d.busy = true;
    let schemas;
    try {
      schemas = await loadSchemas();
    } catch {
      d.busy = false;
      d.alert = this.fail(new ApiError(0, 'network', ''));
      return this.requestUpdate();
    }
    const checked = schemas.validate(schemas.commentInput, body);
    // Reply emails need the address (the schemas' one rule, the server's too).
    const fields = checked.ok ? schemas.notifyProblem(checked.data) : { ...schemas.notifyProblem(body), ...checked.fields };
    d.errors = fields ? this.translated(fields) : {};
    d.alert = fields ? this.t('error.validation_failed') : '';
    d.busy = !fields;
    if (checked.ok && !fields) {
      this.notice = undefined;
      this.requestUpdate();
      try {
        const { id, status } = await call<{ id: string; status: CommentStatus }>(this.#api, '/comments', {
          method: 'POST',
          json: body,
          idempotencyKey: newKey(),
          language: this.l10n.locale,
        });
        const { thread, author, text } = checked.data;
        const pending = status != 'published';
        const createdAt = new Date().toISOString();
        // Shown at once; one that waits for approval only to its writer, and marked so (it is not counted), also after a reload.
        this.add({ id, parentId, author, text, createdAt, byOwner: false, pending });
        if (pending) keepPending(this.#api, this.threadId, { id, parentId, author, text, createdAt });
        // A reply's notice under the reply itself (the last of its thread, maybe a screen below its parent).
        this.notice = { at: parentId ? id : '', text: this.t(status == 'published' ? 'comments.published' : 'comments.pending') };
        if (parentId) this.replyingTo = undefined;
        // The length announcement still waiting would speak of the text just sent.
        clearTimeout(d.timer);
        Object.assign(d, draft());
        this.emit('frontdesk-comment-posted', { id, status, thread, parentId, author, text });
        return this.focusOn('[part=notice]');
      } catch (err) {
        const error = err as ApiError;
        // A field the form does not show (thread, parentId…) speaks through the alert.
        const { author: _author, email: _email, text: _text, ...other } = (d.errors = error.fields);
        d.busy = false;
        d.alert = Object.values(other).join(' ') || this.messageOf(error);
        if (error.code != 'validation_failed') this.fail(error);
      }
    }
    this.requestUpdate();
    await this.updateComplete;
    focusFirstError(form);
  }

  /**
   * The writer's own comments still waiting (own-pending.ts), each shown once: a reply under its comment only,
   * once a page or More replies brings that. One that `sent` (what the server just sent) holds was approved:
   * the server's copy is the one shown.
   */
  #addWaiting(sent: Set<string>): void {
    const has = (id?: string | null) => this.comments.some((p) => p.id == id);
    for (const c of pendingOf(this.#api, this.threadId, sent))
      if (!has(c.id) && (!c.parentId || has(c.parentId))) this.add({ ...c, byOwner: false, pending: true });
  }

  /** Shows a comment just sent, without reloading (a later page never repeats it); counts it once published. */
  private add(c: Shown): void {
    const list = this.comments;
    let i = list.findIndex((p) => p.id == c.parentId);
    if (list[i]?.parentId) c.replyTo = list[i]!.author;
    // A reply goes after the last reply of its top-level comment; a new comment first or last.
    if (c.parentId) while (list[++i]?.parentId);
    else i = this.order == 'newest' ? 0 : list.length;
    list.splice(i, 0, c);
    if (!c.pending) this.count = (this.count ?? 0) + 1;
  }

  /** A comment as a list item; a top-level one with its replies under it. */
  private article(c: Shown, replies: Shown[] = []): TemplateResult {
    const { id, author, createdAt } = c;
    const locale = this.l10n.locale;
    const exact = formatDate(createdAt, locale, { dateStyle: 'long', timeStyle: 'short' });
    return html`<li><article id="c${id}" tabindex="-1" part="comment${c.parentId ? ' reply' : ''}">
      <span part="avatar" aria-hidden="true">${initials(author)}</span>
      <div>
        <bdi part="author">${author}</bdi> ${c.byOwner ? html`<b part="badge">${this.t('comments.owner')}</b>` : nothing}
        ${c.pending ? html`<b part="badge pending">${this.t('comments.awaiting')}</b>` : nothing}
        <time datetime=${createdAt} title=${exact} tabindex="0" part="time"
          >${relativeTime(createdAt, locale)}<span class="sr-only"> · ${exact}</span></time
        >
        ${c.replyTo ? html`<div class="muted">${this.l10n.parts('comments.replyingTo', { name: html`<bdi>${c.replyTo}</bdi>` })}</div>` : nothing}
        <div part="text">${texts.get(c) ?? texts.set(c, richText(c.text)).get(c)}</div>
        ${
          c.pending
            ? nothing
            : html`<button
                class="link"
                part="reply-button"
                aria-label=${this.t('comments.replyTo', { name: author })}
                aria-expanded=${this.replyingTo == id}
                @click=${() => this.openReply(id)}
              >
                ${this.t('comments.reply')}
              </button>`
        }
        ${this.replyingTo == id ? this.form(this.reply, id) : this.noticeAt(id)}
      </div>
    </article>
    ${replies.length ? html`<ol part="replies">${replies.map((r) => this.article(r))}</ol>` : nothing}
    ${c.repliesCursor ? this.moreRepliesButton(c) : nothing}</li>`;
  }

  private moreRepliesButton(c: PublicComment) {
    const loading = this.repliesLoading == c.id;
    const failed = this.repliesFailed?.id == c.id ? this.repliesFailed.message : '';
    return html`<div class="more-replies">
      <button
        class="link"
        part="more-replies"
        aria-label=${loading ? nothing : this.t('comments.moreRepliesTo', { name: c.author })}
        aria-disabled=${loading}
        @click=${() => this.moreReplies(c)}
      >
        ${this.t(loading ? 'common.loading' : 'comments.moreReplies')}
      </button>
      ${failed ? html`<p class="alert" role="alert">${failed}</p>` : nothing}
    </div>`;
  }

  private noticeAt(at: string) {
    return this.notice?.at == at ? html`<p class="alert" part="notice" role="status" tabindex="-1">${this.notice.text}</p>` : nothing;
  }

  private form(d: Draft, parentId: string | null) {
    const n = textLength(d.text);
    const optionalLabel = this.t('form.optional');
    const p = parentId ? 'r-' : 'c-';
    const input = (name: string, label: string, value: string, onInput: (v: string) => void, o: Partial<FieldOptions>) =>
      field({ id: p + name, name, label, value, error: d.errors[name], onInput, optionalLabel, ...o });
    return html`<form
      part="form"
      novalidate
      aria-label=${this.t(parentId ? 'comments.reply' : 'comments.leave')}
      @submit=${(e: Event) => this.submit(e, d, parentId)}
      @focusin=${prefetchSchemas}
      @keydown=${(e: KeyboardEvent) => parentId && e.key == 'Escape' && this.cancelReply()}
    >
      ${d.alert ? html`<div class="alert" role="alert">${d.alert}</div>` : nothing}
      ${input('author', this.t('form.name'), this.author, (v) => (this.author = v), { required: true, autocomplete: 'name' })}
      ${input('email', this.t('form.email'), this.email, (v) => (this.email = v), {
        type: 'email',
        autocomplete: 'email',
        hint: this.t('comments.emailHint'),
      })}
      <div class="field check" part="field">
        <input
          type="checkbox"
          id=${p + 'notify'}
          .checked=${!!d.notify}
          aria-describedby=${p + 'notify-hint'}
          @change=${(e: Event) => (d.notify = (e.target as HTMLInputElement).checked)}
        />
        <label for=${p + 'notify'}>${this.t('comments.notify')}</label>
        <div class="hint" id=${p + 'notify-hint'}>${this.t('comments.notifyHint')}</div>
      </div>
      ${input('text', this.t(parentId ? 'comments.yourReply' : 'comments.comment'), d.text, (v) => this.onText(d, v), {
        multiline: true,
        required: true,
        hint: html`<span class=${n > LIMITS.comment ? 'error' : ''}>${this.t('comments.length', { count: n, max: LIMITS.comment })}</span>`,
      })}
      <div class="sr-only" aria-live="polite">${d.spoken}</div>
      ${honeypot(p + 'website', this.t('form.honeypot'), d.website, (v) => (d.website = v))}
      <button class="btn" part="submit" aria-disabled=${!!d.busy}>
        ${this.t(d.busy ? 'comments.posting' : parentId ? 'comments.postReply' : 'comments.postComment')}
      </button>
      ${parentId ? html`<button type="button" class="btn secondary" @click=${this.cancelReply}>${this.t('comments.cancel')}</button>` : nothing}
    </form>`;
  }

  override render() {
    const { count, failed, loading, order } = this;
    // Each top-level comment with the replies that follow it.
    const threads: PublicComment[][] = [];
    for (const c of this.comments) {
      if (c.parentId && threads.length) threads[threads.length - 1]!.push(c);
      else threads.push([c]);
    }
    return html`<section class="root" part="root" aria-labelledby="h" lang=${this.l10n.locale} dir=${this.l10n.dir}>
      <div class="top">
        <h2 id="h" part="heading" tabindex="-1">${count ? this.t('comments.count', { count }) : this.t('comments.title')}</h2>
        <label for="sort">${this.t('comments.sort')}</label>
        <select id="sort" part="sort" @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as 'oldest')}>
          <option value="oldest">${this.t('comments.oldest')}</option>
          <option value="newest" ?selected=${order == 'newest'}>${this.t('comments.newest')}</option>
        </select>
      </div>
      ${
        threads.length
          ? html`<ol part="list">
            ${threads.map(([c, ...replies]) => this.article(c!, replies))}
          </ol>`
          : nothing
      }
      ${
        failed
          ? html`<div class="alert" part="state" role="alert">
            ${failed.status ? this.t('comments.loadFailed') : this.messageOf(failed)}
            <button class="link" @click=${this.retry}>${this.t('common.retry')}</button>
          </div>`
          : count || threads.length
            ? nothing
            : html`<p class="muted" part="state" role=${count == null ? 'status' : nothing}>
              ${this.t(count == null ? 'comments.loading' : 'comments.empty')}
            </p>`
      }
      ${
        this.cursor && !failed
          ? html`<button class="btn secondary" part="more" aria-disabled=${loading} @click=${this.more}>
            ${this.t(loading ? 'common.loading' : 'comments.more')}
          </button>`
          : nothing
      }
      <p class="sr-only" role="status">${this.spoken}</p>
      <h3>${this.t('comments.leave')}</h3>
      ${this.noticeAt('')} ${this.form(this.main, null)}
    </section>`;
  }
}
