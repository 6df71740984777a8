/** The locale an element speaks: its `locale` attribute, the nearest `lang`, then the browser's. */
export function resolveLocale(host: Element, attribute?: string | null): string {
  const candidate = attribute || host.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

const formats = new Map<string, unknown>();

/** One Intl formatter per kind, locale and options: building one costs far more than using it (a list of 100 dates spent most of its time there). */
function intl<T>(Format: new (locale: string, options: never) => T, locale: string, options: object): T {
  const key = Format.name + locale + JSON.stringify(options);
  if (!formats.has(key)) formats.set(key, new Format(locale, options as never));
  return formats.get(key) as T;
}

export function formatDate(iso: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00') : new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return intl(Intl.DateTimeFormat, locale, options).format(date);
}

/** "3 days ago", in the element's locale: the largest unit that fits. */
export function relativeTime(iso: string, locale: string, now = Date.now()): string {
  let value = (new Date(iso).getTime() - now) / 60000;
  let unit: Intl.RelativeTimeFormatUnit = 'minute';
  for (const [next, size] of [['hour', 60], ['day', 24], ['week', 7], ['month', 4.35], ['year', 12]] as const) {
    if (Math.abs(value) < size) break;
    value /= size;
    unit = next;
  }
  return intl(Intl.RelativeTimeFormat, locale, { numeric: 'auto' }).format(Math.round(value), unit);
}

/** Initials for an avatar: "Katie F." → "KF". */
export function initials(name: string): string {
  const words = name.match(/\S+/g) ?? [];
  return (words.length > 1 ? [words[0]!, words.at(-1)!] : words).map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}
