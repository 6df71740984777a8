/**
 * A comment's text as a small tree, never as HTML: paragraphs (split on blank lines), line breaks,
 * http(s) links, **bold**, *italic* and `code`. The widget and the admin page render the tree
 * through Lit's escaping bindings, so no markup a visitor types ever becomes markup.
 *
 * Linear time: each closing delimiter is found with one forward search, a search that fails is
 * remembered (so a run of unclosed openers does not rescan the rest), and nesting is at most two
 * levels deep. The one regular expression that finds markers and URLs cannot backtrack.
 */
export type RichNode =
  string | { type: 'br' } | { type: 'link'; href: string; text: string } | { type: 'strong' | 'em' | 'code'; children: RichNode[] };

/** One paragraph: a list of inline nodes. */
export type RichParagraph = RichNode[];

/** Splits on blank lines; single line breaks become `br` nodes. */
export function parseRichText(text: string): RichParagraph[] {
  const paragraphs: RichParagraph[] = [];
  let current: RichParagraph = [];
  for (const line of text.split(/\r\n?|\n/)) {
    if (line.trim()) {
      if (current.length) current.push({ type: 'br' });
      parseInline(line, 0, current);
    } else if (current.length) {
      paragraphs.push(current);
      current = [];
    }
  }
  if (current.length) paragraphs.push(current);
  return paragraphs;
}

/**
 * Inline nodes of one line. The next marker or http(s) URL is found by one global regular
 * expression that cannot backtrack; text between nodes is kept as typed, in one string.
 */
function parseInline(s: string, depth: number, out: RichNode[] = []): RichNode[] {
  const token = /\*\*?|`|([\p{L}\p{N}_]?)(https?:\/\/[^\s<>"`]+)/giu;
  const unclosed: Record<string, number> = {};
  let last = 0;
  const push = (node: RichNode, start: number, end: number) => {
    if (start > last) out.push(s.slice(last, start));
    out.push(node);
    last = token.lastIndex = end;
  };
  for (let m; (m = token.exec(s));) {
    const [t, inWord, url] = m;
    const i = m.index;
    if (!url) {
      // A marker: its node runs to the next same marker, unless that is absent or the inside blank.
      if (depth > 1 || unclosed[t]! <= i) continue;
      const close = s.indexOf(t, i + t.length);
      if (close < 0) unclosed[t] = i;
      const inner = close < 0 ? '' : s.slice(i + t.length, close);
      const type = t == '`' ? 'code' : t[1] ? 'strong' : 'em';
      // Emphasis hugs its words, as in Markdown: "5* and worth it, 5*" and "2 * 3" stay as typed.
      if (inner.trim() && (type == 'code' || inner.trim() == inner))
        push({ type, children: type == 'code' ? [inner] : parseInline(inner, depth + 1) }, i, close + t.length);
    } else if (!inWord) {
      // Trailing punctuation belongs to the sentence; a closing bracket only when unbalanced.
      let end = url.length;
      let brackets = url.split(')').length - url.split('(').length;
      for (let c; (c = url[end - 1]!), `.,;:!?'*_`.includes(c) || (c == ')' && brackets-- > 0);) end--;
      const href = url.slice(0, end);
      if (end > (url[4] == ':' ? 7 : 8)) push({ type: 'link', href, text: href }, i, i + end);
      else token.lastIndex = i + 1;
    }
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** The plain text a tree shows (what a reader sees, markup characters removed). */
export function richTextContent(paragraphs: RichParagraph[]): string {
  const inline = (n: RichNode): string =>
    typeof n === 'string' ? n : n.type === 'br' ? '\n' : n.type === 'link' ? n.text : n.children.map(inline).join('');
  return paragraphs.map((p) => p.map(inline).join('')).join('\n\n');
}
