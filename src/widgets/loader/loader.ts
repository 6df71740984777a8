/**
 * dist/frontdesk.js, the one script a site pastes: a small classic script (it also runs as a module,
 * as Wix may load it) that defines each Frontdesk element the first time its tag is in the page,
 * whenever that is, and loads only that element's code, the chunks it shares with others, and the
 * languages its elements speak, all at once from the loader's own origin. Until then, each element
 * keeps the height it will have (one constructable stylesheet: nothing a strict CSP refuses) and
 * shows what was written inside it (a fallback link).
 *
 * The chunk names (content-hashed) are baked in at build time (rollup.config.mjs); the server that
 * serves this file writes in the owner's message replacements (routes/kit.ts).
 */
import { ALL, ALL_CHEAPER, ELEMENTS, FILES, IN_ALL, LANGUAGES } from 'frontdesk:kit';
import { RESERVE } from './reserve.js';

interface ElementChunk {
  /** An element's chunk: its class. */
  element?: CustomElementConstructor;
  /** The all-in-one file: every class by tag. */
  elements?: Record<string, CustomElementConstructor>;
  configure(settings: { api?: string | undefined; messages?: unknown }): void;
  addLanguage(language: string, messages: unknown): void;
}

/**
 * This script's URL: document.currentScript while a classic script runs; otherwise (a module, or a
 * builder that imports it) the first URL of a stack trace, which is this very file.
 */
function ownUrl(): string {
  const current = document.currentScript as HTMLScriptElement | null;
  return current?.src || /(https?:\/\/[^\s()]+?)(?::\d+){2}/.exec(new Error().stack ?? '')?.[1] || location.href;
}

const languageOf = (element: Element) =>
  (element.getAttribute('locale') || element.closest('[lang]')?.getAttribute('lang') || navigator.language).toLowerCase().split(/[-_]/)[0]!;

// One loader per page however often the script is included: the first defines a marker element
// (the custom element registry is shared by every copy, and is no global of ours).
if (!customElements.get('frontdesk-loader')) {
  customElements.define('frontdesk-loader', class extends HTMLElement {});
  const src = ownUrl();
  const script = (document.currentScript as HTMLScriptElement | null) ?? [...document.scripts].find((s) => s.src == src);
  const api = script?.dataset.api;
  let server: { messages?: unknown } = {};
  try {
    // Replaced by the Frontdesk server with its settings (JSON); served as a plain file, it stays {}.
    server = JSON.parse('__FRONTDESK_SERVER__');
  } catch {
    /* not served by the Frontdesk server */
  }

  const reserve = new CSSStyleSheet();
  reserve.replaceSync(RESERVE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, reserve];

  /** Loads `code` (a chunk's index, or the all-in-one file's name) and the languages `elements` speak, all at once, then defines `tags`. */
  const load = (tags: string[], code: (number | string)[], elements: Element[]) => {
    const languages = [...new Set(elements.map(languageOf))].filter((language) => LANGUAGES[language]);
    const files = [...code, ...languages.flatMap((language) => LANGUAGES[language]!)];
    // Every file at once: the browser fetches them in parallel, each module once.
    Promise.all(files.map((file) => import(new URL('kit/' + (FILES[file as number] ?? file), src).href))).then(
      (modules) => {
        const chunk = modules[0] as ElementChunk;
        chunk.configure({ api, messages: server.messages });
        for (const language of languages) chunk.addLanguage(language, modules[files.indexOf(LANGUAGES[language]![0]!)].default);
        for (const tag of tags) if (!customElements.get(tag)) customElements.define(tag, chunk.elements?.[tag] ?? chunk.element!);
      },
      () => {
        /* blocked or offline: what was written inside the element stays */
      },
    );
  };

  // Live collections: checking them after each batch of DOM changes costs next to nothing.
  const waiting = new Map(Object.keys(ELEMENTS).map((tag) => [tag, document.getElementsByTagName(tag)]));
  let first = true;
  const look = () => {
    const present = [...waiting].filter(([, found]) => found.length);
    const set = Object.keys(ELEMENTS).reduce((bits, tag, i) => bits | (waiting.get(tag)?.length ? 1 << i : 0), 0);
    if (first && (ALL_CHEAPER >> set) & 1) {
      // Several elements at once: the one file with all of them is smaller than their chunks.
      const tags = Object.keys(ELEMENTS).filter((_, i) => (IN_ALL >> i) & 1);
      load(
        tags,
        [ALL],
        present.flatMap(([, found]) => [...found]),
      );
      for (const tag of tags) waiting.delete(tag);
    } else {
      for (const [tag, found] of present) {
        waiting.delete(tag);
        load([tag], ELEMENTS[tag]!, [...found]);
      }
    }
    first &&= !present.length;
    if (!waiting.size) observer.disconnect();
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true });
  look();
}
