/**
 * What every section of the admin page shares: the owner's API, loading and error states, a
 * polite status line for what just happened, and an alert for what failed.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formStyles } from '../widgets/base/form-styles.js';
import { base } from '../widgets/base/styles.js';
import { replyHref } from '../shared/email.js';
import { type AdminApi, messageOf } from './api.js';
import { adminStyles } from './styles.js';
import type { AdminConfig } from './types.js';

/** A notice ending with a name that ends its own sentence ("…by Priya S.") gets no second full stop. */
const sentence = (text: string) => text.replace(/([.!?…])\.$/u, '$1');

export class AdminSection extends LitElement {
  static override styles = [base, formStyles, adminStyles];
  @property({ attribute: false }) api!: AdminApi;
  @property({ attribute: false }) config!: AdminConfig;
  @state() protected loading = true;
  @state() protected error = '';
  @state() protected notice = '';
  /** The item whose Delete waits for the owner's yes (`deletion`), '' for none. */
  @state() protected deleting = '';
  /** The next page of the section's list (AdminApi.page), while there is one. */
  @state() protected nextPage: string | undefined;
  @state() protected loadingMore = false;

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    void this.reload();
  }

  /** Fetches the section's data; runs on first render and after every action. */
  protected async load(): Promise<void> {}

  async reload(): Promise<void> {
    this.loading = true;
    try {
      await this.load();
      this.error = '';
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.loading = false;
    }
  }

  /** Something that waits may have changed: the page's navigation, which counts what waits, reloads its counts. */
  protected changed(): void {
    this.dispatchEvent(new CustomEvent('frontdesk-admin-changed', { bubbles: true, composed: true }));
  }

  /** Runs an action, reloads and announces `done` (or what it gives once the action ran); an error is announced instead. */
  protected async act(action: () => Promise<unknown>, done: string | (() => string)): Promise<boolean> {
    this.notice = '';
    // Read now: the button pressed may be re-rendered away while the action runs ("Delete for good").
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    try {
      await action();
    } catch (error) {
      this.error = messageOf(error);
      return false;
    }
    this.error = '';
    this.changed();
    await this.reload();
    // Announced once the list shows it: "Cancelled" beside a Cancel button still there would be a broken promise.
    this.notice = typeof done === 'function' ? done() : done;
    await this.updateComplete;
    // The button pressed may have gone with its item (the last one of a queue): focus the heading, not the page's body.
    if (focused && !focused.isConnected) this.focusHeading();
    return true;
  }

  /** The first page of the section's list; remembers whether more follow. */
  protected async firstPage<T>(path: string): Promise<T[]> {
    const { items, next } = await this.api.page<T>(path);
    this.nextPage = next;
    return items;
  }

  /** "Load more" while the list has another page: `append` receives its rows. */
  protected loadMore<T>(append: (items: T[]) => void) {
    if (!this.nextPage) return nothing;
    const more = async () => {
      this.loadingMore = true;
      try {
        const { items, next } = await this.api.page<T>(this.nextPage!);
        append(items);
        this.nextPage = next;
        this.error = '';
        this.notice = `Loaded ${items.length} more.`;
      } catch (error) {
        this.error = messageOf(error);
      } finally {
        this.loadingMore = false;
      }
    };
    return html`<p><button class="btn" type="button" ?disabled=${this.loadingMore} @click=${more}>${this.loadingMore ? 'Loading…' : 'Load more'}</button></p>`;
  }

  /**
   * Delete, asked first: an item's Delete button (named `Delete ${name}`) or, once pressed, `question` in its
   * place with "Delete for good" (focused) and "Keep it" (focus back on Delete).
   */
  protected deletion(key: string, name: string, question: string, remove: () => Promise<unknown>, done: string | (() => string)) {
    const focus = async (selector: string) => {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
    };
    if (this.deleting !== key) {
      return html`<button class="btn small secondary" type="button" data-delete=${key} aria-label=${`Delete ${name}`}
        @click=${() => ((this.deleting = key), focus('#delete-yes'))}>Delete</button>`;
    }
    return html`<div class="panel" role="group" aria-labelledby="delete-question">
      <p id="delete-question">${question}</p>
      <div class="actions">
        <button id="delete-yes" class="btn small danger" type="button" @click=${() => ((this.deleting = ''), this.act(remove, done))}>
          Delete for good
        </button>
        <button class="btn small secondary" type="button" @click=${() => ((this.deleting = ''), focus(`[data-delete="${key}"]`))}>Keep it</button>
      </div>
    </div>`;
  }

  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  protected heading(id: string, title: string) {
    return html`<h2 id=${id} tabindex="-1">${title}</h2>
      <p class="status" role="status">${sentence(this.notice)}</p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.loading ? html`<p class="muted">Loading…</p>` : nothing}`;
  }
}

/** "Tue, Mar 3, 9:30 AM" in the clinic's time zone. */
export function when(
  iso: string,
  config: AdminConfig | undefined,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, { ...options, ...(config ? { timeZone: config.business.timezone } : {}) }).format(date);
}

/** "Reply by email" to a visitor's message: the owner's mail program opens addressed to them, the message quoted. */
export function replyLink(m: { name: string; email: string; message: string }, config: AdminConfig) {
  return html`<a class="btn small" href=${replyHref(m.email, `Re: your message to ${config.business.name}`, m.message)} aria-label=${`Reply by email to ${m.name}`}
    >Reply by email</a
  >`;
}
