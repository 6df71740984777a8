/**
 * What every Frontdesk element shares: the common attributes (`api`, `locale`, `theme`), its language (LocalizeController: messages, direction, Intl locale), typed events that
 * bubble out of the shadow root, and the one way to report an error (`fail`).
 */
import { type PropertyDeclarations, ReactiveElement } from './reactive.js';
import type { WidgetKey } from '../../shared/i18n/en.js';
import type { Params } from '../../shared/i18n/format.js';
import { LocalizeController } from '../controllers/localize.js';
import type { ApiError } from './api.js';
import type { FrontdeskEventMap } from './events.js';

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
export class FrontdeskElement extends ReactiveElement {
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties: PropertyDeclarations = { api: {}, locale: {}, theme: { reflect: true } };
  /** The Frontdesk server's URL (`https://book.example.com`); by default the script tag's `data-api`, else the origin the script came from. */
  declare api?: string;
  /**
   * BCP 47 language tag for the element's text, dates and times (`es`, `es-MX`, `ar`…); by default the
   * nearest `lang` attribute, then the browser's language. A regional tag falls back to its language, an unknown one to English.
   */
  declare locale?: string;
  /**
   * `light` (the default), `dark`, or `auto` (follows the visitor's system setting).
   * @type {'light' | 'dark' | 'auto'}
   */
  theme: Theme = 'light';

  protected readonly l10n = new LocalizeController(this);

  /** The message `key` in the element's language. */
  protected t(key: WidgetKey, params?: Params): string {
    return this.l10n.t(key, params);
  }

  /** Renders only once the element's language is here: never a flash of English first. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.l10n.resolve();
  }

  /** Dispatches a bubbling, composed event. */
  protected emit<K extends keyof FrontdeskEventMap>(name: K, detail: FrontdeskEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** The message to show for a failed call: the server's (in our language), else ours. */
  protected messageOf(error: ApiError): string {
    return error.message || this.t(error.status ? 'error.generic' : 'error.network');
  }

  /** Reports a failed call to the page: `frontdesk-error` with `{code, message, status}`; returns the message. */
  protected fail(error: ApiError): string {
    const message = this.messageOf(error);
    this.emit('frontdesk-error', { code: error.code, message, status: error.status });
    return message;
  }
}
