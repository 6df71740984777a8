/**
 * A comment's text as a small tree, never as HTML: paragraphs (split on blank lines), line breaks,
 * http(s) links, **bold**, *italic* and `code`. The widget and the admin page render the tree
 * through Lit's escaping bindings, so no markup a visitor types ever becomes markup.
 *
 * Linear time: each closing delimiter is found with one forward search, a search that fails is
 * remembered (so a run of unclosed openers does not rescan the rest), and nesting is at most two
 * levels deep. No regular expression runs over visitor text.
 */
export type RichNode =
  | string
  | { type: 'br' }
  | { type: 'link'; href: string; text: string }
  | { type: 'strong' | 'em' | 'code'; children: RichNode[] };

/** One paragraph: a list of inline nodes. */
export type RichParagraph = RichNode[];

const MARKS: Record<string, 'strong' | 'em' | 'code'> = { '**': 'strong', '*': 'em', '`': 'code' };
const TRAILING = '.,;:!?\'"*_';
const URL_END = ' \t\n<>"`';

/** Splits on blank lines; single line breaks become `br` nodes. */
export function parseRichText(text: string): RichParagraph[] {
  const paragraphs: RichParagraph[] = [];
  let current: RichParagraph = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (!line.trim()) {
      if (current.length) paragraphs.push(current);
      current = [];
      continue;
    }
    if (current.length) current.push({ type: 'br' });
    parseInline(line, 0, current);
  }
  if (current.length) paragraphs.push(current);
  return paragraphs;
}

function isWordChar(ch: string | undefined): boolean {
  return !!ch && /[\p{L}\p{N}_]/u.test(ch);
}

/** An http(s) URL starting at `i`, or its length 0. Only these two schemes, written literally. */
function urlLength(s: string, i: number): number {
  const head = s.slice(i, i + 8).toLowerCase();
  const scheme = head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : 0;
  if (!scheme || isWordChar(s[i - 1])) return 0;
  let end = i + scheme;
  let open = 0;
  let close = 0;
  while (end < s.length && !URL_END.includes(s[end]!)) {
    if (s[end] === '(') open++;
    if (s[end] === ')') close++;
    end++;
  }
  // Trailing punctuation belongs to the sentence; a closing bracket only when unbalanced.
  for (;;) {
    const last = s[end - 1]!;
    if (TRAILING.includes(last)) end--;
    else if (last === ')' && close > open) (close--, end--);
    else break;
  }
  return end - i > scheme ? end - i : 0;
}

function parseInline(s: string, depth: number, out: RichNode[] = []): RichNode[] {
  const unclosed: Record<string, number> = {};
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) out.push(text);
    text = '';
  };
  while (i < s.length) {
    const ch = s[i]!;
    const mark = ch === '`' ? '`' : ch === '*' ? (s[i + 1] === '*' ? '**' : '*') : '';
    if (mark && depth < 2 && !(unclosed[mark]! <= i)) {
      const start = i + mark.length;
      const close = s.indexOf(mark, start);
      if (close < 0) unclosed[mark] = i;
      const inner = close < 0 ? '' : s.slice(start, close);
      if (inner.trim()) {
        flush();
        const type = MARKS[mark]!;
        out.push({ type, children: type === 'code' ? [inner] : parseInline(inner, depth + 1) });
        i = close + mark.length;
        continue;
      }
      text += mark;
      i = start;
      continue;
    }
    const length = ch === 'h' || ch === 'H' ? urlLength(s, i) : 0;
    if (length) {
      flush();
      const url = s.slice(i, i + length);
      out.push({ type: 'link', href: url, text: url });
      i += length;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** The plain text a tree shows (what a reader sees, markup characters removed). */
export function richTextContent(paragraphs: RichParagraph[]): string {
  const inline = (n: RichNode): string =>
    typeof n === 'string' ? n : n.type === 'br' ? '\n' : n.type === 'link' ? n.text : n.children.map(inline).join('');
  return paragraphs.map((p) => p.map(inline).join('')).join('\n\n');
}
