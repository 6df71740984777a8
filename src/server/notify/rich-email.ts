/**
 * A comment's text in an email, as the widget shows it (src/shared/richtext.ts): in HTML, its
 * paragraphs, line breaks, bold, italics, code and links, every piece of it escaped by `html`;
 * in plain text, what a reader sees, without the `**` and backticks typed around it.
 */
import { parseRichText, richTextContent, type RichNode } from '../../shared/richtext.js';
import { html, type Html } from './html.js';

const node = (n: RichNode): Html | string => {
  if (typeof n == 'string') return n;
  if (n.type == 'br') return html`<br>`;
  if (n.type == 'link') return html`<a href="${n.href}" rel="nofollow ugc noopener">${n.text}</a>`;
  const c = n.children.map(node);
  return n.type == 'strong' ? html`<strong>${c}</strong>` : n.type == 'em' ? html`<em>${c}</em>` : html`<code>${c}</code>`;
};

/** The text's paragraphs as HTML. */
export function richHtml(text: string): Html {
  return html`${parseRichText(text).map((p) => html`<p dir="auto" style="margin:0 0 8px">${p.map(node)}</p>`)}`;
}

/** The text as a reader sees it, for the plain-text part. */
export function richPlain(text: string): string {
  return richTextContent(parseRichText(text));
}
