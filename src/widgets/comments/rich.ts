/**
 * Renders a comment's text (src/shared/richtext.ts) through Lit bindings only: every piece of
 * visitor text is a text binding, and the one attribute (`href`) is an http(s) URL by construction.
 */
import { html, nothing } from 'lit-html';
import { parseRichText, type RichNode } from '../../shared/richtext.js';

/**
 * The text as paragraphs; `dir="auto"` keeps a right-to-left comment from turning its neighbours.
 * `target`: where its links open (the owner's admin page opens them in a new tab, and stays).
 */
export const richText = (text: string, target?: '_blank') => {
  const node = (n: RichNode): unknown => {
    if (typeof n == 'string') return n;
    if (n.type == 'br') return html`<br />`;
    if (n.type == 'link') return html`<a href=${n.href} rel="nofollow ugc noopener" target=${target ?? nothing} part="link">${n.text}</a>`;
    const c = n.children.map(node);
    return n.type == 'strong' ? html`<strong>${c}</strong>` : n.type == 'em' ? html`<em>${c}</em>` : html`<code>${c}</code>`;
  };
  return parseRichText(text).map((p) => html`<p dir="auto">${p.map(node)}</p>`);
};
