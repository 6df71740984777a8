/**
 * What every Frontdesk element shares: the common attributes (`api`, `locale`, `theme`), the API
 * base URL, typed events that bubble out of the shadow root, and the shared styles.
 */
import { LitElement, type PropertyDeclarations } from 'lit';
import { apiBase } from './api.js';
import { resolveLocale } from './locale.js';

export type Theme = 'light' | 'dark' | 'auto';

/**
 * The base class of every Frontdesk element (not an element itself). The attributes and CSS custom
 * properties documented here are every element's: custom-elements.json lists them under each one.
 * Custom properties cross the shadow boundary: set them on the element or on any ancestor.
 *
 * @cssprop [--frontdesk-accent=#0f766e] - buttons, links, stars, the focus ring (#5eead4 in the dark theme)
 * @cssprop [--frontdesk-text=#1f2933] - text (#e6edf3 in the dark theme)
 * @cssprop [--frontdesk-muted=#52606d] - secondary text: dates, durations, hints (#a3b1bf in the dark theme)
 * @cssprop [--frontdesk-surface=#ffffff] - the background of cards, inputs and options (#161b22 in the dark theme)
 * @cssprop [--frontdesk-border=#d3d9df] - borders and loading placeholders (#3a4450 in the dark theme)
 * @cssprop [--frontdesk-radius=10px] - the corner radius of cards and buttons (inputs use 60% of it)
 * @cssprop [--frontdesk-font=inherit] - the font family (by default, the page's own)
 */
export class FrontdeskElement extends LitElement {
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties: PropertyDeclarations = { api: {}, locale: {}, theme: { reflect: true } };
  /** The Frontdesk server's URL (`https://book.example.com`); by default the script tag's `data-api`, else the origin the script came from. */
  declare api?: string;
  /** BCP 47 language tag for dates and times; by default the nearest `lang` attribute, then the browser's language. */
  declare locale?: string;
  /**
   * `light` (the default), `dark`, or `auto` (follows the visitor's system setting).
   * @type {'light' | 'dark' | 'auto'}
   */
  theme: Theme = 'light';

  protected get apiUrl(): string {
    return apiBase(this.api);
  }

  protected get localeTag(): string {
    return resolveLocale(this, this.locale);
  }

  /** Dispatches a bubbling, composed event whose `detail` is the saved record. */
  protected emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }
}
