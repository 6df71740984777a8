/**
 * The server's side of the message catalogue (src/shared/i18n): every language's messages, the
 * owner's replacements (config `messages`, checked at start), and a translator for a request (its
 * Accept-Language) or a booking (the language it was made in). The owner's own emails and the
 * admin page stay in English.
 */
import type { Context } from 'hono';
import * as ar from '../shared/i18n/ar.js';
import * as arForm from '../shared/i18n/ar-testimonial-form.js';
import * as de from '../shared/i18n/de.js';
import * as deForm from '../shared/i18n/de-testimonial-form.js';
import { en, type MessageKey } from '../shared/i18n/en.js';
import * as es from '../shared/i18n/es.js';
import * as esForm from '../shared/i18n/es-testimonial-form.js';
import { type Catalogue, type Entry, formatMessage, type Params, placeholders, readIssue } from '../shared/i18n/format.js';
import * as fr from '../shared/i18n/fr.js';
import * as frForm from '../shared/i18n/fr-testimonial-form.js';
import { direction, intlLocaleOf, type Language, LANGUAGES, languageOf } from '../shared/i18n/languages.js';
import * as pt from '../shared/i18n/pt.js';
import * as ptForm from '../shared/i18n/pt-testimonial-form.js';
import { header } from './http/headers.js';

export const CATALOGUES: Record<Language, Catalogue> = {
  en,
  es: { ...es.widgets, ...esForm.testimonialForm, ...es.server },
  fr: { ...fr.widgets, ...frForm.testimonialForm, ...fr.server },
  de: { ...de.widgets, ...deForm.testimonialForm, ...de.server },
  pt: { ...pt.widgets, ...ptForm.testimonialForm, ...pt.server },
  ar: { ...ar.widgets, ...arForm.testimonialForm, ...ar.server },
};

/** The owner's replacements: by language, then key. */
export type OwnerMessages = Partial<Record<string, Record<string, Entry>>>;

/**
 * What is wrong with the owner's `messages`, one line per problem naming the key: a language we
 * do not speak, a key that does not exist, a placeholder the message does not have, plural forms
 * the language does not use.
 */
export function messageProblems(messages: OwnerMessages): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  for (const [language, entries] of Object.entries(messages)) {
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      problems.push({ path: [language], message: `is not a language Frontdesk speaks (${LANGUAGES.join(', ')})` });
      continue;
    }
    const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
    for (const [key, entry] of Object.entries(entries ?? {})) {
      const original = (en as Catalogue)[key];
      if (original === undefined) {
        problems.push({ path: [language, key], message: 'is not a message key (see docs/messages.md)' });
        continue;
      }
      const allowed = placeholders(original);
      const unknown = [...placeholders(entry)].filter((name) => !allowed.has(name));
      if (unknown.length) {
        const known = allowed.size ? `: use ${[...allowed].map((n) => `{${n}}`).join(', ')}` : ': this message has none';
        problems.push({ path: [language, key], message: `has unknown placeholders ${unknown.map((n) => `{${n}}`).join(', ')}${known}` });
      }
      if (typeof entry === 'object') {
        const wrong = Object.keys(entry).filter((form) => !forms.includes(form));
        if (typeof original === 'string')
          problems.push({ path: [language, key], message: 'must be text (this message has no plural forms)' });
        else if (wrong.length)
          problems.push({
            path: [language, key],
            message: `has plural forms ${language} does not use: ${wrong.join(', ')} (it uses ${forms.join(', ')})`,
          });
        else if (!entry.other) problems.push({ path: [language, key], message: 'needs an "other" form' });
      }
    }
  }
  return problems;
}

export interface Translator {
  language: Language;
  /** The locale Intl formats with (the tag asked for, when its language is one we speak). */
  locale: string;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, params?: Params): string;
  /** A message reference (`key|{params}`, from the shared schemas) translated; other text as it is. */
  text(message: string): string;
}

/** A translator for a BCP 47 tag (`es-MX` speaks Spanish; an unknown language, English), with the owner's replacements. */
export function translator(tag: string | null | undefined, owner: OwnerMessages = {}): Translator {
  const language = languageOf(tag);
  const locale = intlLocaleOf(tag);
  const lookup = (key: string): Entry | undefined =>
    owner[language]?.[key] ?? CATALOGUES[language][key] ?? owner.en?.[key] ?? en[key as MessageKey];
  return {
    language,
    locale,
    dir: direction(language),
    t: (key, params) => formatMessage(locale, lookup(key) ?? key, params),
    text(message) {
      const { key, params } = readIssue(message);
      const entry = lookup(key);
      return entry === undefined ? message : formatMessage(locale, entry, params);
    },
  };
}

/** The first language of an Accept-Language header that we speak (by quality), else English. */
export function acceptedLanguage(value: string | undefined): string {
  const tags = (value ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean) ?? 1);
      return { tag: tag!.trim(), q };
    })
    .filter((t) => t.tag && t.tag !== '*' && t.q > 0)
    .sort((a, b) => b.q - a.q);
  return tags.find((t) => languageOf(t.tag) !== 'en' || /^en\b/i.test(t.tag))?.tag ?? 'en';
}

/** The translator for a request: its Accept-Language, with the owner's replacements. */
export function requestTranslator(c: Context, owner?: OwnerMessages): Translator {
  return translator(acceptedLanguage(header(c, 'accept-language')), owner ?? (c.get('messages') as OwnerMessages | undefined));
}

declare module 'hono' {
  interface ContextVariableMap {
    /** The owner's message replacements (config `messages`), for errors translated at the edge. */
    messages: OwnerMessages;
  }
}
