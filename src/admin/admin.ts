/**
 * The site owner's page: sign in with the admin token, then the inbox (what needs her), bookings,
 * the week, time off, the calendars, messages, the comments queue, testimonials, notifications,
 * services and hours, and data export/erasure. Each section has its own address (`#/comments`):
 * the back button and bookmarks work; the navigation counts what waits (GET /admin/inbox).
 * Served at /admin by the Frontdesk server (its own bundle, dist/admin.js).
 *
 * @tag frontdesk-admin
 * @attr api - the Frontdesk server (default: the origin admin.js was loaded from)
 */
import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError, apiBase } from '../widgets/base/api.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { formStyles } from '../widgets/base/form-styles.js';
import { base } from '../widgets/base/styles.js';
import { AdminApi, messageOf } from './api.js';
import type { AdminSection } from './section.js';
import { adminStyles } from './styles.js';
import type { AdminConfig, AdminInbox } from './types.js';

export const SECTIONS = [
  ['inbox', 'Inbox', 'frontdesk-admin-inbox'],
  ['bookings', 'Bookings', 'frontdesk-admin-bookings'],
  ['week', 'Week', 'frontdesk-admin-week'],
  ['closures', 'Time off', 'frontdesk-admin-closures'],
  ['calendars', 'Calendars', 'frontdesk-admin-calendars'],
  ['messages', 'Messages', 'frontdesk-admin-messages'],
  ['comments', 'Comments', 'frontdesk-admin-comments'],
  ['testimonials', 'Testimonials', 'frontdesk-admin-testimonials'],
  ['notifications', 'Notifications', 'frontdesk-admin-notifications'],
  ['settings', 'Services and hours', 'frontdesk-admin-settings'],
  ['data', 'Export and erase', 'frontdesk-admin-data'],
  ['sessions', 'Sign-in sessions', 'frontdesk-admin-sessions'],
] as const;
type SectionId = (typeof SECTIONS)[number][0];

/** The section an address names: `#/comments` (and `#comments`, as bookmarked before); the inbox otherwise. */
export function sectionOf(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '');
  return SECTIONS.find(([s]) => s === id)?.[0] ?? 'inbox';
}

/** What the navigation counts, from the inbox: [count, what it is, for a screen reader]. */
function countOf(id: SectionId, inbox: AdminInbox | undefined): [number, string] | undefined {
  const n = inbox?.counts;
  if (!n) return undefined;
  if (id === 'comments') return [n.comments, 'waiting'];
  if (id === 'testimonials') return [n.testimonials, 'waiting'];
  if (id === 'messages') return [n.messages, 'new'];
  if (id === 'bookings') return [n.today, 'today'];
  return undefined;
}

export class FrontdeskAdmin extends LitElement {
  static override styles = [
    base,
    formStyles,
    adminStyles,
    css`
      :host {
        font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
      }
      .root {
        max-width: 960px;
        margin: 0 auto;
        padding: 0 12px 32px;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        border-bottom: 1px solid var(--_border);
        padding-bottom: 8px;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        list-style: none;
        margin: 12px 0 0;
        padding: 0;
      }
      nav .btn[aria-current='page'] {
        background: var(--_accent);
        color: var(--_on-accent);
      }
      nav li {
        display: flex;
        align-items: flex-start;
      }
      nav .count {
        display: inline-block;
        min-width: 20px;
        margin-inline-start: -10px;
        margin-top: -6px;
        text-align: center;
        box-shadow: 0 0 0 2px var(--_surface);
        border-radius: 999px;
        padding: 0 6px;
        background: var(--_accent);
        color: var(--_on-accent);
        font-size: 13px;
        line-height: 20px;
      }
      .signin {
        max-width: 420px;
      }
    `,
  ];

  @property() api?: string;
  @state() private client?: AdminApi;
  @state() private config?: AdminConfig;
  @state() private checking = true;
  @state() private token = '';
  @state() private tokenError = '';
  @state() private busy = false;
  @state() private section: SectionId = 'inbox';
  @state() private inbox?: AdminInbox;

  /** Back, forward, a bookmark or a link (`#/comments`): the section the address names. */
  private readonly onHashChange = () => void this.follow();
  private readonly onChanged = () => void this.loadCounts();

  override connectedCallback(): void {
    super.connectedCallback();
    this.section = sectionOf(location.hash);
    window.addEventListener('hashchange', this.onHashChange);
    this.addEventListener('frontdesk-admin-changed', this.onChanged);
    this.client = new AdminApi(apiBase(this.api));
    void this.loadConfig().then((ok) => (ok ? this.loadCounts() : undefined));
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.removeEventListener('frontdesk-admin-changed', this.onChanged);
    super.disconnectedCallback();
  }

  /** The navigation's counts; they are a help, so a failure leaves them out rather than stopping the page. */
  private async loadCounts() {
    try {
      this.inbox = await this.client!.get<AdminInbox>('/inbox');
    } catch {
      this.inbox = undefined;
    }
  }

  /** Signed in when the owner's API answers; a 401 shows the sign-in form. */
  private async loadConfig(): Promise<boolean> {
    this.checking = true;
    try {
      if (!(await this.client!.signedIn())) {
        this.config = undefined;
        return false;
      }
      this.config = await this.client!.get<AdminConfig>('/config');
      return true;
    } catch (error) {
      this.config = undefined;
      if (!(error instanceof ApiError) || error.status !== 401) this.tokenError = messageOf(error);
      return false;
    } finally {
      this.checking = false;
    }
  }

  private async signIn(e: Event) {
    e.preventDefault();
    const token = this.token.trim();
    this.tokenError = token ? '' : 'Enter your admin token.';
    if (token) {
      this.busy = true;
      try {
        await this.client!.signIn(token);
        this.token = '';
        if (await this.loadConfig()) {
          void this.loadCounts();
          await this.updateComplete;
          this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
          return;
        }
      } catch (error) {
        this.tokenError =
          error instanceof ApiError && error.status === 401 ? 'That token is not right. Check it and try again.' : messageOf(error);
      } finally {
        this.busy = false;
      }
    }
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private async signOut() {
    try {
      await this.client!.signOut();
    } catch {
      /* the session ends in this tab either way */
    }
    this.config = undefined;
  }

  /** A section chosen in the navigation: a new address (a step the back button returns from). */
  private show(id: SectionId) {
    if (sectionOf(location.hash) === id && location.hash) return void this.follow();
    location.hash = '#/' + id; // hashchange follows
  }

  private async follow() {
    const id = sectionOf(location.hash);
    const moved = id !== this.section;
    this.section = id;
    if (!this.config) return;
    if (moved) void this.loadCounts();
    await this.updateComplete;
    const current = this.renderRoot.querySelector<AdminSection>('main > *');
    await current?.updateComplete;
    current?.focusHeading();
  }

  private renderSignIn() {
    return html`<main class="signin">
      <h1>Frontdesk admin</h1>
      <p>Sign in with the admin token the server printed when it first started (or FRONTDESK_ADMIN_TOKEN).</p>
      <form novalidate @submit=${this.signIn}>
        <!-- For password managers (and Chromium's form check): whose token this is; never shown, never sent. -->
        <input type="text" name="username" autocomplete="username" value=${`Frontdesk admin (${location.host})`} hidden />
        ${field({
          id: 'token',
          name: 'token',
          label: 'Admin token',
          type: 'password',
          value: this.token,
          error: this.tokenError,
          required: true,
          autocomplete: 'current-password',
          onInput: (v) => (this.token = v),
        })}
        <button class="btn" type="submit" ?disabled=${this.busy}>Sign in</button>
      </form>
    </main>`;
  }

  private renderSection() {
    const props = { api: this.client!, config: this.config! };
    switch (this.section) {
      case 'inbox':
        return html`<frontdesk-admin-inbox .api=${props.api} .config=${props.config}></frontdesk-admin-inbox>`;
      case 'bookings':
        return html`<frontdesk-admin-bookings .api=${props.api} .config=${props.config}></frontdesk-admin-bookings>`;
      case 'week':
        return html`<frontdesk-admin-week .api=${props.api} .config=${props.config}></frontdesk-admin-week>`;
      case 'closures':
        return html`<frontdesk-admin-closures .api=${props.api} .config=${props.config}></frontdesk-admin-closures>`;
      case 'calendars':
        return html`<frontdesk-admin-calendars .api=${props.api} .config=${props.config}></frontdesk-admin-calendars>`;
      case 'messages':
        return html`<frontdesk-admin-messages .api=${props.api} .config=${props.config}></frontdesk-admin-messages>`;
      case 'comments':
        return html`<frontdesk-admin-comments .api=${props.api} .config=${props.config}></frontdesk-admin-comments>`;
      case 'testimonials':
        return html`<frontdesk-admin-testimonials .api=${props.api} .config=${props.config}></frontdesk-admin-testimonials>`;
      case 'notifications':
        return html`<frontdesk-admin-notifications .api=${props.api} .config=${props.config}></frontdesk-admin-notifications>`;
      case 'settings':
        return html`<frontdesk-admin-settings .api=${props.api} .config=${props.config}></frontdesk-admin-settings>`;
      case 'sessions':
        return html`<frontdesk-admin-sessions .api=${props.api} .config=${props.config} @frontdesk-admin-signed-out=${() => (this.config = undefined)}></frontdesk-admin-sessions>`;
      default:
        return html`<frontdesk-admin-data .api=${props.api} .config=${props.config}></frontdesk-admin-data>`;
    }
  }

  override render() {
    if (this.checking && !this.config) return html`<div class="root"><p role="status">Loading…</p></div>`;
    if (!this.config) return html`<div class="root">${this.renderSignIn()}</div>`;
    return html`<div class="root">
      <header>
        <h1 tabindex="-1">${this.config.business.name}</h1>
        <button class="btn secondary small" type="button" @click=${this.signOut}>Sign out</button>
      </header>
      <nav aria-label="Sections">
        <ul>
          ${SECTIONS.map(([id, label]) => {
            const count = countOf(id, this.inbox);
            // The count is beside the button, its description: the button's name stays its visible label.
            return html`<li>
              <button
                class="btn secondary small"
                type="button"
                aria-describedby=${count?.[0] ? `count-${id}` : nothing}
                aria-current=${this.section === id ? 'page' : nothing}
                @click=${() => this.show(id)}
              >${label}</button
              >${
                count?.[0]
                  ? // "waiting" and "new" go without saying on a badge; "today" does not (a badge reads as something to deal with).
                    html`<span class="count" id=${`count-${id}`}
                      >${count[0]}<span class=${id === 'bookings' ? '' : 'sr-only'}> ${count[1]}</span></span
                    >`
                  : nothing
              }
            </li>`;
          })}
        </ul>
      </nav>
      <main>${this.renderSection()}</main>
    </div>`;
  }
}
