import { html, nothing, svg } from 'lit-html';
import type { PropertyDeclarations, PropertyValues } from '../base/reactive.js';
import { testimonial as english } from '../../shared/i18n/en-testimonials.js';
import { FrontdeskElement } from '../base/element.js';
import { addEnglish } from '../base/i18n.js';
import { formatDate, initials } from '../base/locale.js';
import { base } from '../base/styles.js';
import { styles } from './testimonial.styles.js';

addEnglish(english);

const STAR = svg`<polygon points="12 2 15.1 8.3 22 9.3 17 14.1 18.2 21 12 17.8 5.8 21 7 14.1 2 9.3 8.9 8.3"/>`;

/**
 * One client's words, from the page's own markup: no server needed. Long texts are clamped to
 * `lines` lines, with a Read more / Show less button shown only when the text overflows.
 * No review structured data is emitted (search engines treat a business's own reviews as self-serving).
 *
 * @tag frontdesk-testimonial
 * @attr {string} author - the client's name ("Katie F."); also gives the avatar's initials
 * @attr {string} role - a line under the name ("Yoga teacher"); taken off the host once read, so that a value
 *   like "Math teacher" is never mistaken for an ARIA role (the property is `clientRole`)
 * @attr {number} rating - 0 to 5, halves allowed ("4.5" or "4,5"); drawn as stars, announced as "Rated 4.5 out of 5"
 * @attr {string} date - ISO date (2021-08-02), shown in the element's locale
 * @attr {string} avatar - http(s) image URL; the author's initials are shown when missing or when it fails to load
 * @attr {string} source - where the review was first given ("Google"), shown as a badge
 * @attr {number} lines - clamp length in lines (default 6)
 * @slot - the testimonial text (paragraphs are kept)
 * @csspart card - the whole card (a figure)
 * @csspart rating - the stars
 * @csspart text - the quoted text (a blockquote)
 * @csspart toggle - the Read more / Show less button
 * @csspart avatar - the picture, or the initials in its place
 * @csspart author - the client's name
 * @csspart role - the line under the name
 * @csspart date - the date
 * @csspart source - the source badge
 */
export class FrontdeskTestimonial extends FrontdeskElement {
  static override styles = [base, styles];
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties: PropertyDeclarations = {
    author: {},
    clientRole: { attribute: false },
    // Read as text: "4,5", as a site owner in Germany or France writes it, is 4.5 (render).
    rating: {},
    date: {},
    avatar: {},
    source: {},
    lines: { type: Number },
    expanded: { state: true },
    overflows: { state: true },
    broken: { state: true },
  };
  author = '';
  declare clientRole?: string;
  declare rating?: number | string;
  declare date?: string;
  declare avatar?: string;
  declare source?: string;
  lines = 6;

  private expanded = false;
  private overflows = false;
  /** The avatar URL that failed to load (a new one is tried). */
  private broken?: string;

  private get text(): HTMLElement {
    return this.renderRoot.querySelector('blockquote')!;
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'role'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name != 'role') super.attributeChangedCallback(name, old, value);
    else if (value != null) {
      this.clientRole = value;
      this.removeAttribute('role');
    }
  }

  protected override firstUpdated(): void {
    // Re-measures when the card's width changes (and when it is re-attached after a move).
    new ResizeObserver(() => this.measure()).observe(this.text);
  }

  protected override updated(changed: PropertyValues): void {
    this.text.style.setProperty('--_lines', String(Math.max(1, Math.round(this.lines) || 6)));
    if (changed.has('lines')) this.measure();
  }

  /** Whether the clamped text hides anything; left as it is while expanded (the button stays). */
  private measure(): void {
    if (!this.expanded) this.overflows = this.text.scrollHeight > this.text.clientHeight + 1;
  }

  override render() {
    const r = Math.round(Math.min(5, Math.max(0, +String(this.rating).replace(',', '.'))) * 2) / 2;
    const avatar = this.broken != this.avatar && /^https?:\/\//i.test(this.avatar ?? '') && this.avatar;
    const date = this.date && formatDate(this.date, this.l10n.locale);
    return html`<figure class="root card" part="card" lang=${this.l10n.locale} dir=${this.l10n.dir}>
${
  r >= 0
    ? html`<div part="rating" role="img" aria-label=${this.t('testimonial.rating', { rating: r, max: 5 })}>${[1, 2, 3, 4, 5].map(
        (i) =>
          svg`<svg viewBox="0 0 24 24" aria-hidden="true"><g class="o">${STAR}</g>${
            r >= i ? STAR : r >= i - 0.5 ? svg`<polygon points="12 2 8.9 8.3 2 9.3 7 14.1 5.8 21 12 17.8"/>` : nothing
          }</svg>`,
      )}</div>`
    : nothing
}
<blockquote id="text" class=${this.expanded ? '' : 'clamp'} part="text"><slot @slotchange=${this.measure}></slot></blockquote>
${
  this.overflows
    ? html`<button class="link" part="toggle" aria-expanded=${this.expanded} aria-controls="text" @click=${() => (this.expanded = !this.expanded)}>${this.t(
        this.expanded ? 'testimonial.less' : 'testimonial.more',
      )}</button>`
    : nothing
}
<figcaption>${
      avatar
        ? html`<img part="avatar" src=${avatar} alt="" @error=${() => (this.broken = avatar)} />`
        : html`<span class="avatar" part="avatar" aria-hidden="true">${initials(this.author)}</span>`
    }<span class="who"
><b part="author"><bdi>${this.author}</bdi></b>${this.clientRole ? html`<span part="role"><bdi>${this.clientRole}</bdi></span>` : nothing}${
      date ? html`<time part="date" datetime=${this.date!}>${date}</time>` : nothing
    }</span>${
      this.source
        ? html`<span class="badge" part="source">${this.l10n
            .parts('testimonial.source', { source: this.source })
            .map((piece, i) => (i % 2 ? piece : piece && html`<span class="sr-only">${piece}</span>`))}</span>`
        : nothing
    }</figcaption>
</figure>`;
  }
}
