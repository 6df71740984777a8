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

export class FrontdeskElement extends ReactiveElement {
  // Plain `static properties` rather than decorators: each decorator call costs bytes in the kit.
  static override properties: PropertyDeclarations = { api: {}, locale: {}, theme: { reflect: true } };
  /** The Frontdesk server to talk to; defaults to the origin the script was loaded from. */
  declare api?: string;
  /** BCP 47 locale; defaults to the page's `lang`, then the browser's. */
  declare locale?: string;
  /** `light` (default), `dark`, or `auto` (follows the visitor's system setting). */
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
