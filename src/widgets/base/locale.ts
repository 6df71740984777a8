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

/** "3 days ago", in the element's locale. */
export function relativeTime(iso: string, locale: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const format = intl(Intl.RelativeTimeFormat, locale, { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(0, 'minute');
}

/** Initials for an avatar: "Katie F." → "KF". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((w) => Array.from(w)[0]!.toUpperCase()).join('') || '?';
}
