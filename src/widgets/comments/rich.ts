/**
 * Renders a comment's text (src/shared/richtext.ts) through Lit bindings only: every piece of
 * visitor text is a text binding, and the one attribute (`href`) is an http(s) URL by construction.
 */
import { html } from 'lit-html';
import { parseRichText, type RichNode } from '../../shared/richtext.js';

const node = (n: RichNode): unknown => {
  if (typeof n == 'string') return n;
  if (n.type == 'br') return html`<br />`;
  if (n.type == 'link') return html`<a href=${n.href} rel="nofollow ugc noopener" part="link">${n.text}</a>`;
  const c = n.children.map(node);
  return n.type == 'strong' ? html`<strong>${c}</strong>` : n.type == 'em' ? html`<em>${c}</em>` : html`<code>${c}</code>`;
};

/** The text as paragraphs; `dir="auto"` keeps a right-to-left comment from turning its neighbours. */
export const richText = (text: string) => parseRichText(text).map((p) => html`<p dir="auto">${p.map(node)}</p>`);
