/**
 * The element's language (model: Shoelace's LocalizeController): its `locale` attribute, else the
 * nearest `lang`, else the browser's; `es-MX` speaks Spanish with Mexican dates, an unknown
 * language English. Gives the messages (`t`), the Intl locale and the direction (Arabic is right
 * to left), and holds the element's first render until its language has loaded (no flash of English).
 */
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element/reactive-controller.js';
import type { WidgetKey } from '../../shared/i18n/en.js';
import { formatMessage, type Params, readIssue } from '../../shared/i18n/format.js';
import { direction, intlLocaleOf, type Language, languageOf } from '../../shared/i18n/languages.js';
import { loadLanguage, lookup } from '../base/i18n.js';

export class LocalizeController implements ReactiveController {
  /** The language of the messages. */
  language: Language = 'en';
  /** The locale Intl formats dates, times and numbers with. */
  locale = 'en';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement & { locale?: string | undefined }) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.resolve();
  }

  get dir(): 'ltr' | 'rtl' {
    return direction(this.language);
  }

  /** Works out the language again; resolves once its messages are here (undefined: already). */
  resolve(): Promise<void> | undefined {
    const host = this.host;
    const tag = host.locale || host.closest('[lang]')?.getAttribute('lang') || navigator.language;
    this.language = languageOf(tag);
    this.locale = intlLocaleOf(tag);
    return loadLanguage(this.language);
  }

  /** The message `key`, its placeholders filled (numbers formatted for the locale). */
  t(key: WidgetKey, params?: Params): string {
    const entry = lookup(this.language, key);
    return entry == null ? key : formatMessage(this.locale, entry, params);
  }

  /**
   * The message `key` with placeholders filled by template parts (a name in <bdi>, a badge): an
   * array of strings and those parts, for a Lit template.
   */
  parts(key: WidgetKey, values: Record<string, unknown>, params: Params = {}): unknown[] {
    const names = Object.keys(values);
    const text = this.t(key, { ...params, ...Object.fromEntries(names.map((name, i) => [name, `\u0000${i}\u0000`])) });
    return text.split('\u0000').map((piece, i) => (i % 2 ? values[names[+piece]!] : piece));
  }

  /**
   * A message that came as a reference (the shared schemas' checks: `key|{params}`), translated;
   * text that is no reference (the server's answer, already in this language) is shown as it is.
   */
  text(message: string): string {
    const { key, params } = readIssue(message);
    const entry = lookup(this.language, key);
    return entry == null ? message : formatMessage(this.locale, entry, params);
  }
}
