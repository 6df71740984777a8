/** Testimonials: approve or reject what visitors sent, add the owner's own, edit any. */
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { TestimonialStatus } from '../shared/api.js';
import { testimonialInput } from '../shared/owner-schemas.js';
import { validate } from '../shared/schemas.js';
import { field, focusFirstError } from '../widgets/base/form.js';
import { englishFields } from './english.js';
import { AdminSection, when } from './section.js';
import type { AdminTestimonial } from './types.js';

interface Draft {
  author: string;
  role: string;
  rating: string;
  source: string;
  date: string;
  tag: string;
  avatar: string;
  text: string;
}

const EMPTY: Draft = { author: '', role: '', rating: '', source: '', date: '', tag: '', avatar: '', text: '' };

export class AdminTestimonials extends AdminSection {
  @state() private items: AdminTestimonial[] = [];
  /** '' = nothing open, 'new' = the add form, else the id being edited. */
  @state() private editing = '';
  @state() private draft: Draft = { ...EMPTY };
  @state() private errors: Record<string, string> = {};

  protected override async load(): Promise<void> {
    this.items = this.sorted(await this.firstPage<AdminTestimonial>('/testimonials'));
  }

  private sorted(list: AdminTestimonial[]) {
    const order = { pending: 0, published: 1, rejected: 2 };
    return [...list].sort((a, b) => order[a.status] - order[b.status]);
  }

  private open(t?: AdminTestimonial) {
    this.editing = t ? t.id : 'new';
    this.errors = {};
    this.draft = t
      ? {
          author: t.author,
          role: t.role ?? '',
          rating: t.rating === undefined ? '' : String(t.rating),
          source: t.source ?? '',
          date: t.date ?? '',
          tag: t.tag ?? '',
          avatar: t.avatar ?? '',
          text: t.text,
        }
      : { ...EMPTY };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#t-author')?.focus());
  }

  private async save(t?: AdminTestimonial) {
    const d = this.draft;
    const rating = d.rating === '' ? null : Number(d.rating);
    const { author, role, source, date, tag, avatar, text } = d;
    const checked = validate(testimonialInput, { author, role, source, date, tag, avatar, text, rating });
    this.errors = checked.ok ? {} : englishFields(checked.fields);
    if (checked.ok) {
      const saved = await this.act(
        async () => {
          await (t
            ? this.api.send('PUT', `/testimonials/${t.id}`, { ...pick(t), ...checked.data })
            : this.api.send('POST', '/testimonials', checked.data));
          this.editing = '';
        },
        t ? `Saved the testimonial by ${d.author}.` : `Added the testimonial by ${d.author}; it is published.`,
      );
      if (saved) {
        this.focusHeading();
        return;
      }
    }
    await this.updateComplete;
    focusFirstError(this.renderRoot);
  }

  private form(t?: AdminTestimonial) {
    const f = (name: keyof Draft, label: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
      field({
        id: `t-${name}`,
        name,
        label,
        value: this.draft[name],
        error: this.errors[name],
        onInput: (v) => (this.draft = { ...this.draft, [name]: v }),
        ...extra,
      });
    return html`<form class="panel" novalidate aria-label=${t ? `Edit testimonial by ${t.author}` : 'New testimonial'} @submit=${(e: Event) => (e.preventDefault(), this.save(t))}>
      ${f('author', 'Name', { required: true, maxLength: 80 })} ${f('role', 'Role or context')}
      ${f('rating', 'Rating, 0 to 5', { type: 'number' })} ${f('source', 'Source (e.g. Google)')}
      ${f('date', 'Date given', { type: 'date' })} ${f('tag', 'Wall tag (a wall with tag="…" shows only its own)')}
      ${f('avatar', 'Picture (an https:// address)', { type: 'url' })}
      ${f('text', 'Testimonial', { required: true, multiline: true, maxLength: 5000 })}
      <div class="actions">
        <button class="btn small" type="submit">${t ? 'Save changes' : 'Add testimonial'}</button>
        <button class="btn small secondary" type="button" @click=${() => (this.editing = '')}>Cancel</button>
      </div>
    </form>`;
  }

  private item(t: AdminTestimonial) {
    const by = `testimonial by ${t.author}`;
    const set = (status: TestimonialStatus, label: string, done: string) =>
      html`<button class="btn small ${status === 'published' ? '' : 'secondary'}" type="button" aria-label=${`${label} ${by}`}
        @click=${() => this.act(() => this.api.send('PATCH', `/testimonials/${t.id}`, { status }), `${done} the ${by}.`)}>${label}</button>`;
    return html`<li class="card">
      <p><strong><bdi>${t.author}</bdi></strong>${t.role ? html` · ${t.role}` : nothing} <span class="badge">${t.status}</span></p>
      <p class="meta">
        ${t.rating !== undefined ? `${t.rating} of 5 · ` : ''}${t.source ? `${t.source} · ` : ''}${t.date ? `given ${when(`${t.date}T12:00:00Z`, undefined, { dateStyle: 'medium', timeZone: 'UTC' })} · ` : ''}${t.tag ? `tag ${t.tag} · ` : ''}${when(t.createdAt, this.config)}${t.email ? ` · ${t.email}` : ''}
      </p>
      ${
        t.clientSince
          ? html`<p class="meta">
            Client since ${when(t.clientSince, this.config, { dateStyle: 'long' })} (sent through the link after a visit) ·
            ${t.verified ? 'agreed to be shown as a client: marked "verified" on the wall' : 'did not ask to be shown as a client'}
          </p>`
          : nothing
      }
      <p class="text">${t.text}</p>
      ${
        this.editing === t.id
          ? this.form(t)
          : html`<div class="actions">
            ${t.status !== 'published' ? set('published', 'Approve', 'Approved') : nothing}
            ${t.status === 'pending' ? set('rejected', 'Reject', 'Rejected') : nothing}
            ${t.status === 'published' ? set('rejected', 'Hide', 'Hid') : nothing}
            <button class="btn small secondary" type="button" aria-label=${`Edit ${by}`} @click=${() => this.open(t)}>Edit</button>
            ${this.deletion(
              t.id,
              by,
              `Delete the ${by}? This cannot be undone; ${t.status === 'published' ? 'Hide' : 'Reject'} keeps it off the wall instead.`,
              () => this.api.send('DELETE', `/testimonials/${t.id}`),
              `Deleted the ${by}.`,
            )}
          </div>`
      }
    </li>`;
  }

  override render() {
    return html`<section class="root" aria-labelledby="h-testimonials">
      ${this.heading('h-testimonials', 'Testimonials')}
      ${this.editing === 'new' ? this.form() : html`<div class="toolbar"><button class="btn" type="button" @click=${() => this.open()}>Add a testimonial</button></div>`}
      ${!this.loading && !this.items.length ? html`<p>No testimonials yet.</p>` : nothing}
      <ul class="cards">
        ${this.items.map((t) => this.item(t))}
      </ul>
      ${this.loadMore<AdminTestimonial>((more) => (this.items = this.sorted([...this.items, ...more])))}
    </section>`;
  }
}

/** The field of a testimonial the edit form does not show (the writer's address), kept as it is on save. */
function pick(t: AdminTestimonial) {
  return { email: t.email ?? null };
}
