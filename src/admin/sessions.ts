/**
 * Where the owner is signed in: every open session on /admin (when it began, when it was last
 * used, which browser), this one marked, each with Sign out, and "Sign out everywhere" (this
 * browser included), for a lost phone or a shared computer.
 */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { AdminSection, when } from './section.js';
import type { AdminSession } from './types.js';
import { browserName } from './user-agent.js';

/** Asks the page to show the sign-in form (fired by "Sign out everywhere"). */
export const SIGNED_OUT = 'frontdesk-admin-signed-out';

export class AdminSessions extends AdminSection {
  @state() private sessions: AdminSession[] = [];

  protected override async load(): Promise<void> {
    this.sessions = await this.api.get<AdminSession[]>('/sessions');
  }

  private async everywhere() {
    const done = await this.act(async () => {
      await this.api.send('POST', '/sessions/revoke-all');
      await this.api.signOut().catch(() => {}); // a token kept for this tab goes too
    }, 'Signed out everywhere.');
    if (done) this.dispatchEvent(new CustomEvent(SIGNED_OUT, { bubbles: true, composed: true }));
  }

  private item(s: AdminSession) {
    const named = s.userAgent && browserName(s.userAgent);
    const browser = named || s.userAgent || 'Unknown browser';
    return html`<li class="card">
      <p><strong>${browser}</strong>${s.current ? html` <span class="badge">this browser</span>` : nothing}</p>
      ${named ? html`<p class="meta">${s.userAgent}</p>` : nothing}
      <p class="meta">Signed in ${when(s.createdAt, this.config)} · last used ${when(s.lastUsedAt, this.config)} · ends ${when(s.expiresAt, this.config)} unless used</p>
      ${
        s.current
          ? nothing
          : html`<div class="actions">
            <button class="btn small secondary" type="button" aria-label=${`Sign out ${browser}, signed in ${when(s.createdAt, this.config)}`}
              @click=${() => this.act(() => this.api.send('DELETE', `/sessions/${s.id}`), `Signed out ${browser}.`)}>Sign out</button>
          </div>`
      }
    </li>`;
  }

  override render() {
    return html`<section class="root" aria-labelledby="h-sessions">
      ${this.heading('h-sessions', 'Where you are signed in')}
      <p class="muted">A session ends after 14 days without use, 30 days after signing in, at sign-out, and when the server's admin token changes.</p>
      <div class="toolbar"><button class="btn danger" type="button" @click=${() => this.everywhere()}>Sign out everywhere</button></div>
      ${!this.loading && !this.error && !this.sessions.length ? html`<p>No browser is signed in with a session (you are using the admin token directly).</p>` : nothing}
      <ul class="cards">${this.sessions.map((s) => this.item(s))}</ul>
    </section>`;
  }
}
