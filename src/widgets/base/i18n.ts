/**
 * The widgets' messages: English is built into each element's chunk (every element adds its own
 * group); another language is a chunk of its own (src/widgets/locales/), loaded when an element
 * first needs it. The owner's replacements (config `messages`) come from the server with the
 * loader (base/settings.ts), so a site's text is the same in the widgets as on the server's pages.
 */
import { type Catalogue, type Entry } from '../../shared/i18n/format.js';
import type { Language } from '../../shared/i18n/languages.js';
import { settings } from './settings.js';

type Catalogues = Partial<Record<Language, Catalogue>>;

const english: Catalogue = {};
const catalogues: Catalogues = { en: english };

/** Adds an element's English messages (each element module does, once). */
export function addEnglish(messages: Catalogue): void {
  Object.assign(english, messages);
}

/**
 * The messages an element carries in its own chunk for the other languages (only the testimonial form's:
 * src/shared/i18n/<language>-testimonial-form.ts), so the language chunks of pages without it stay small.
 */
export const carried: Catalogues = {};

/** Makes a language's messages available (a language chunk, loaded by the loader or by loadLanguage). */
export function addLanguage(language: Language, messages: Catalogue): void {
  catalogues[language] = messages;
}

// One chunk per language: Rollup splits each import() into its own file.
const chunks: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalogue }>> = {
  es: () => import('../locales/es.js'),
  fr: () => import('../locales/fr.js'),
  de: () => import('../locales/de.js'),
  pt: () => import('../locales/pt.js'),
  ar: () => import('../locales/ar.js'),
};
const loading = new Map<Language, Promise<void>>();

/** Loads `language` unless it is here already (then undefined: nothing to wait for). A failed load leaves English. */
export function loadLanguage(language: Language): Promise<void> | undefined {
  if (catalogues[language]) return undefined;
  let pending: Promise<void> | undefined = loading.get(language);
  if (!pending) {
    pending = chunks[language as Exclude<Language, 'en'>]()
      .then((chunk) => addLanguage(language, chunk.default))
      .catch(() => void loading.delete(language));
    loading.set(language, pending);
  }
  return pending;
}

/** A message in `language`: the owner's text, else ours, else English. */
export function lookup(language: Language, key: string): Entry | undefined {
  const owner = settings.messages;
  return owner?.[language]?.[key] ?? catalogues[language]?.[key] ?? carried[language]?.[key] ?? owner?.en?.[key] ?? english[key];
}
