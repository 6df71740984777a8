/**
 * Messages with placeholders and plurals, formatted through Intl: the one formatter the widgets,
 * the server's pages, the emails and the API errors share.
 *
 * A message is a string with `{name}` placeholders, or plural forms chosen by Intl.PluralRules
 * from the `count` parameter (`{one: '{count} comment', other: '{count} comments'}`; Arabic uses
 * zero, one, two, few, many and other). Numbers are formatted for the locale.
 */
export type Params = Record<string, string | number | undefined>;
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Entry = string | PluralForms;
export type Catalogue = Record<string, Entry>;

const formats = new Map<string, unknown>();

/** One Intl formatter per kind, locale and options: building one costs far more than using it. */
export function intl<T>(Format: new (locale: string, options: never) => T, locale: string, options: object = {}): T {
  const key = Format.name + locale + JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Format(locale, options as never));
  return formats.get(key) as T;
}

export function formatNumber(locale: string, value: number): string {
  return intl(Intl.NumberFormat, locale).format(value);
}

/** The text of `entry` with its placeholders filled; a placeholder without a value stays as written. */
export function formatMessage(locale: string, entry: Entry, params: Params = {}): string {
  const text = typeof entry == 'string' ? entry : (entry[intl(Intl.PluralRules, locale).select(Number(params.count))] ?? entry.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value == null ? whole : typeof value == 'number' ? formatNumber(locale, value) : value;
  });
}

/**
 * A message reference that travels as a string (through zod's issue messages, ServiceError and
 * the API's `fields`): its key, then `|` and JSON parameters when it has some. Translated at the
 * edge: by the widget for its own checks, by the server for its answers.
 */
export function issue(key: string, params?: Params): string {
  return params ? key + '|' + JSON.stringify(params) : key;
}

/** The key and parameters of a reference made by `issue`. */
export function readIssue(text: string): { key: string; params: Params } {
  const bar = text.indexOf('|');
  if (bar < 0) return { key: text, params: {} };
  try {
    return { key: text.slice(0, bar), params: JSON.parse(text.slice(bar + 1)) as Params };
  } catch {
    return { key: text, params: {} };
  }
}

/** The placeholders a message uses (every plural form's). */
export function placeholders(entry: Entry): Set<string> {
  const texts = typeof entry == 'string' ? [entry] : Object.values(entry);
  return new Set(texts.flatMap((t) => [...(t ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)));
}
