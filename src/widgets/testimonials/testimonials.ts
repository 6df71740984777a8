import { html, nothing } from 'lit-html';
import type { PropertyValues } from '../base/reactive.js';
import type { Testimonial } from '../../shared/api.js';
import { common } from '../../shared/i18n/en-common.js';
import { testimonials as english } from '../../shared/i18n/en-testimonials.js';
import { type ApiError, apiBase, call } from '../base/api.js';
import { define } from '../base/define.js';
import { FrontdeskElement } from '../base/element.js';
import { addEnglish } from '../base/i18n.js';
import { formStyles } from '../base/form-styles.js';
import { base } from '../base/styles.js';
import { LatestRequestController } from '../controllers/latest.js';
import { arrowStep } from '../controllers/roving.js';
// Through the loader's entry for the card, so that the card's code is that entry's chunk (no extra file).
import { element as FrontdeskTestimonial } from '../elements/testimonial.js';
import { styles } from './testimonials.styles.js';

addEnglish({ ...common, ...english });

export type Layout = 'grid' | 'carousel' | 'list';

/**
 * The approved testimonials from the Frontdesk server, as a grid, a carousel or a list; each one is
 * a `<frontdesk-testimonial>` card. While loading it shows placeholders of a steady height; then
 * the cards, or "No testimonials yet", or an error with a Retry button: never a broken box.
 * The carousel never moves by itself: its Previous/Next buttons and the arrow keys (Home/End too) move it.
 *
 * @tag frontdesk-testimonials
 * @attr {'grid' | 'carousel' | 'list'} layout - how the cards are laid out (default `grid`)
 * @attr {number} limit - how many to show, 1 to 100 (the server's default: 24)
 * @attr {string} tag - only the testimonials with this tag
 * @fires {CustomEvent<{code: string, message: string, status: number}>} frontdesk-error - loading failed;
 *   `status` is the HTTP status, 0 when the server did not answer
 * @csspart wall - the cards' container (the scrolling track of a carousel)
 * @csspart controls - the carousel's Previous / Next row
 * @csspart state - the empty or error message
 * @csspart card - each card (the parts below are each card's, as on frontdesk-testimonial)
 * @csspart rating - a card's stars
 * @csspart text - a card's text
 * @csspart toggle - a card's Read more / Show less button
 * @csspart avatar - a card's picture or initials
 * @csspart author - a card's client name
 * @csspart role - a card's line under the name
 * @csspart date - a card's date
 * @csspart source - a card's source badge
 */
export class FrontdeskTestimonials extends FrontdeskElement {
  static override styles = [base, formStyles, styles];
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties = {
    layout: { reflect: true },
    limit: { type: Number },
    tag: {},
    items: { state: true },
    failed: { state: true },
    index: { state: true },
  };
  /** @type {'grid' | 'carousel' | 'list'} */
  layout: Layout = 'grid';
  declare limit?: number;
  declare tag?: string;

  private items?: Testimonial[];
  private failed = false;
  private index = 0;
  readonly #request = new LatestRequestController(this);

  /** The server's API base URL (api.ts). */
  get #api(): string {
    return apiBase(this.api);
  }

  override connectedCallback(): void {
    // Its cards: defined here, not when this module loads, so that the loader defines every element itself.
    define('frontdesk-testimonial', FrontdeskTestimonial);
    super.connectedCallback();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated || changed.has('api') || changed.has('limit') || changed.has('tag')) void this.load();
  }

  /** (Re)loads the wall; a later load wins over an earlier one still in flight. */
  async load(): Promise<void> {
    const q = new URLSearchParams();
    if (this.limit! > 0) q.set('limit', String(Math.floor(this.limit!)));
    if (this.tag) q.set('tag', this.tag);
    this.items = undefined;
    this.failed = false;
    try {
      const list = await this.#request.run((signal) =>
        call<Testimonial[]>(this.#api, '/testimonials?' + q, { signal, language: this.l10n.locale }),
      );
      if (!list) return;
      this.items = list;
      this.index = 0;
    } catch (error) {
      this.failed = true;
      this.fail(error as ApiError);
    }
  }

  /** Retries, then puts focus on what replaced the Retry button. */
  private async retry(): Promise<void> {
    await this.load();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.root')!.focus();
  }

  /** Shows slide `i` (wrapping around); the track scrolls smoothly unless reduced motion is asked for. */
  private go(i: number): void {
    const n = this.items!.length;
    const track = this.renderRoot.querySelector('.track')!;
    this.index = (i + n) % n;
    const slide = track.children[this.index] as HTMLElement;
    // Right to left, the first slide is at the right end: scrollLeft counts from 0 down to negative.
    track.scrollTo({ left: this.l10n.dir == 'rtl' ? slide.offsetLeft + slide.offsetWidth - track.clientWidth : slide.offsetLeft });
  }

  private onKey(e: KeyboardEvent): void {
    const step =
      e.key == 'Home' ? -this.index : e.key == 'End' ? this.items!.length - 1 - this.index : arrowStep(e.key, this.l10n.dir == 'rtl');
    if (step == undefined || e.key == 'ArrowUp' || e.key == 'ArrowDown' || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    this.go(this.index + step);
  }

  /** After a swipe or a scroll, the slide in view is the current one. */
  private onScrollEnd(e: Event): void {
    const track = e.currentTarget as HTMLElement;
    this.index = Math.round((Math.abs(track.scrollLeft) / track.scrollWidth) * this.items!.length);
  }

  override render() {
    const items = this.items;
    const carousel = this.layout == 'carousel';
    const { locale, dir } = this.l10n;
    if (this.failed)
      return html`<div class="root state" part="state" role="alert" tabindex="-1" lang=${locale} dir=${dir}>
${this.t('testimonials.loadFailed')} <button class="btn secondary" @click=${this.retry}>${this.t('common.retry')}</button></div>`;
    if (!items)
      return html`<div class="root" aria-busy="true" lang=${locale} dir=${dir}><span class="sr-only" role="status">${this.t('testimonials.loading')}</span>${(carousel
        ? [1]
        : [1, 2, 3]
      ).map(() => html`<div class="skeleton"></div>`)}</div>`;
    const count = items.length;
    if (!count) return html`<p class="root state" part="state" tabindex="-1" lang=${locale} dir=${dir}>${this.t('testimonials.empty')}</p>`;
    return html`<div class="root" tabindex="-1" lang=${locale} dir=${dir} @keydown=${carousel ? this.onKey : nothing}>
<div class="track ${this.layout}" part="wall" role=${carousel ? 'group' : 'list'} aria-roledescription=${carousel ? this.t('testimonials.carousel') : nothing} aria-label=${this.t('testimonials.label')} tabindex=${carousel ? 0 : nothing} @scrollend=${this.onScrollEnd}>
${items.map(
  (
    t,
    i,
  ) => html`<div role=${carousel ? 'group' : 'listitem'} aria-roledescription=${carousel ? this.t('testimonials.slide') : nothing} aria-label=${this.t('testimonials.position', { index: i + 1, count })}><frontdesk-testimonial
.author=${t.author} .clientRole=${t.role} .rating=${t.rating} .date=${t.date} .avatar=${t.avatar} .source=${t.source} locale=${this.locale || locale} theme=${this.theme}
exportparts="card,rating,text,toggle,avatar,author,role,date,source">${t.text.split(/\s*\n\s*/).map((p) => html`<p dir="auto">${p}</p>`)}</frontdesk-testimonial></div>`,
)}</div>
${
  carousel
    ? html`<div class="controls" part="controls"><button class="btn secondary" aria-label=${this.t('testimonials.previous')} @click=${() => this.go(this.index - 1)}>‹</button
><span aria-live="polite">${this.t('testimonials.position', { index: this.index + 1, count })}</span><button class="btn secondary" aria-label=${this.t('testimonials.next')} @click=${() => this.go(this.index + 1)}>›</button></div>`
    : nothing
}
</div>`;
  }
}
