/**
 * What every Frontdesk element shares: the common attributes (`api`, `locale`, `theme`), the API
 * base URL, typed events that bubble out of the shadow root, and the shared styles.
 */
import { LitElement, type PropertyDeclarations } from 'lit';
import { apiBase } from './api.js';
import { resolveLocale } from './locale.js';

export type Theme = 'light' | 'dark' | 'auto';

export class FrontdeskElement extends LitElement {
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties: PropertyDeclarations = { api: {}, locale: {}, theme: { reflect: true } };
  /** The Frontdesk server to talk to; defaults to the origin the script was loaded from. */
  declare api?: string;
  /** BCP 47 locale; defaults to the page's `lang`, then the browser's. */
  declare locale?: string;
  /** `light` (default), `dark`, or `auto` (follows the visitor's system setting). */
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
