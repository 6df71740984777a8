/**
 * The languages Frontdesk speaks, and how a BCP 47 tag maps to one: `es-MX` speaks Spanish (and
 * formats dates the Mexican way), an unknown language speaks English, formatted as English.
 */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a tag ("es-MX" → "es"), or English. */
export function languageOf(tag: string | null | undefined): Language {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0] as Language;
  return LANGUAGES.includes(primary) ? primary : 'en';
}

/** The locale Intl formats with: the tag itself when its language is one we speak, else English. */
export function intlLocaleOf(tag: string | null | undefined): string {
  if (languageOf(tag) == 'en' && !/^en\b/i.test(tag ?? '')) return 'en';
  try {
    return Intl.getCanonicalLocales(tag!)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export const direction = (language: Language): 'ltr' | 'rtl' => (language == 'ar' ? 'rtl' : 'ltr');
