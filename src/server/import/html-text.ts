/**
 * An exported comment's HTML as the plain text every comment is stored as (shared/richtext.ts reads
 * it): paragraphs and line breaks kept, an http(s) link kept as its address (after its words when
 * they differ), everything else as the text a reader saw. No markup survives: a tag is dropped, an
 * entity becomes its character, and `<script>`/`<style>` (never shown) lose their content too. A link
 * to anything but http(s) (`javascript:`, `data:`) keeps only its words.
 *
 * One forward scan, no regular expression that can backtrack over the input.
 */
import { cleanText } from '../../shared/text.js';

const HIDDEN = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'head', 'title']);
const BLOCK = new Set([
  'p',
  'div',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tr',
  'hr',
  'section',
  'article',
  'figure',
]);

// prettier-ignore
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
  eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á', ccedil: 'ç', ntilde: 'ñ', ouml: 'ö', uuml: 'ü', auml: 'ä',
  szlig: 'ß', deg: '°', middot: '·', bull: '•', euro: '€', pound: '£', times: '×', iexcl: '¡', iquest: '¿',
};

/** Decodes character references (`&amp;`, `&#233;`, `&#x1F600;`); an unknown one stays as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = '';
  let i = 0;
  for (let amp; (amp = s.indexOf('&', i)) >= 0;) {
    out += s.slice(i, amp);
    const semi = s.indexOf(';', amp + 1);
    const name = semi > amp && semi - amp <= 12 ? s.slice(amp + 1, semi) : '';
    let char: string | undefined;
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (Number.isInteger(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) char = String.fromCodePoint(code);
    } else if (name) char = NAMED[name];
    if (char === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += char;
      i = semi + 1;
    }
  }
  return out + s.slice(i);
}

/** The http(s) address of an `href`, written so that the comment text reads it as one link; null for any other scheme. */
export function safeHref(raw: string): string | null {
  const value = decodeEntities(raw).trim();
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The `>` that ends the tag whose text starts at `from` (one inside a quoted attribute value does not); -1 if none. */
function tagEnd(html: string, from: number): number {
  let quote = '';
  for (let i = from; i < html.length; i++) {
    const c = html[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // A quote opens a value only after `=` (spaces allowed): "a < b's" is text, not a tag.
      let j = i - 1;
      while (j >= from && /\s/.test(html[j]!)) j--;
      if (html[j] === '=') quote = c;
    } else if (c === '>') return i;
    else if (c === '<' && i > from) return -1;
  }
  return -1;
}

/** The value of attribute `name` in a start tag's attribute text, if present. */
function attribute(tag: string, name: string): string | undefined {
  const lower = tag.toLowerCase();
  for (let from = 0; ;) {
    const at = lower.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = lower[at - 1];
    if (before !== undefined && !/[\s/]/.test(before)) continue;
    let j = from;
    while (j < tag.length && /\s/.test(tag[j]!)) j++;
    if (tag[j] !== '=') continue;
    j++;
    while (j < tag.length && /\s/.test(tag[j]!)) j++;
    const quote = tag[j];
    if (quote === '"' || quote === "'") {
      const end = tag.indexOf(quote, j + 1);
      return tag.slice(j + 1, end < 0 ? tag.length : end);
    }
    let end = j;
    while (end < tag.length && !/[\s>]/.test(tag[end]!)) end++;
    return tag.slice(j, end);
  }
}

/**
 * The text of an HTML fragment. `keepNewlines`: a line break in the source is a line break (WordPress
 * stores comments so, adding paragraphs when it shows them); otherwise whitespace is HTML's (Disqus).
 */
export function htmlToText(html: string, opts: { keepNewlines?: boolean } = {}): string {
  let out = '';
  let hidden = '';
  let link: { href: string | null; start: number } | undefined;
  // Set after an address: text that follows must not glue onto it (punctuation may: the reader drops it).
  let afterLink = false;
  const text = (raw: string) => {
    let t = decodeEntities(raw).replace(/\r\n?/g, '\n');
    t = opts.keepNewlines ? t.replace(/[^\S\n]+/g, ' ') : t.replace(/\s+/g, ' ');
    if (afterLink && t) {
      if (/^[^\s.,;:!?)]/.test(t)) out += ' ';
      afterLink = false;
    }
    out += t;
  };
  const breakLine = (paragraph: boolean) => {
    afterLink = false;
    out = out.replace(/[^\S\n]+$/, '');
    out += paragraph ? '\n\n' : '\n';
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      if (!hidden) text(html.slice(i));
      break;
    }
    if (!hidden) text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = tagEnd(html, lt + 1);
    const inner = gt < 0 ? '' : html.slice(lt + 1, gt);
    const name = /^\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(inner)?.[1]?.toLowerCase();
    if (gt < 0 || !name) {
      // Not a tag ("a < b"): the character is text.
      if (!hidden) text('<');
      i = lt + 1;
      continue;
    }
    i = gt + 1;
    const closing = inner.startsWith('/');
    if (hidden) {
      if (closing && name === hidden) hidden = '';
      continue;
    }
    if (HIDDEN.has(name)) {
      if (!closing && !inner.endsWith('/')) hidden = name;
      continue;
    }
    if (name === 'br') breakLine(false);
    else if (BLOCK.has(name)) breakLine(true);
    else if (name === 'img' && !closing) {
      const alt = attribute(inner, 'alt');
      if (alt) text(alt);
    } else if (name === 'a') {
      if (!closing) {
        link = { href: safeHref(attribute(inner, 'href') ?? ''), start: out.length };
      } else if (link) {
        const words = out.slice(link.start).trim();
        if (link.href) {
          const plain = words.replace(/\/+$/, '') === link.href.replace(/\/+$/, '');
          out = out.slice(0, link.start) + (plain || !words ? link.href : `${out.slice(link.start)} (${link.href})`);
          afterLink = true;
        }
        link = undefined;
      }
    }
  }
  if (link?.href) {
    const words = out.slice(link.start).trim();
    out = out.slice(0, link.start) + (words ? `${out.slice(link.start)} (${link.href})` : link.href);
  }
  return cleanText(
    out
      .split('\n')
      // Text around a dropped element (a script, a style) kept a space on each side: one is enough.
      .map((line) => line.trim().replace(/ {2,}/g, ' '))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n'),
  );
}
