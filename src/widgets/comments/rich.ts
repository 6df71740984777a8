/**
 * Renders a comment's text (src/shared/richtext.ts) through Lit bindings only: every piece of
 * visitor text is a text binding, and the one attribute (`href`) is an http(s) URL by construction.
 */
import { html } from 'lit';
import { parseRichText, type RichNode } from '../../shared/richtext.js';

const node = (n: RichNode): unknown =>
  typeof n == 'string'
    ? n
    : n.type == 'br'
      ? html`<br />`
      : n.type == 'link'
        ? html`<a href=${n.href} rel="nofollow ugc noopener" part="link">${n.text}</a>`
        : n.type == 'strong'
          ? html`<strong>${n.children.map(node)}</strong>`
          : n.type == 'em'
            ? html`<em>${n.children.map(node)}</em>`
            : html`<code>${n.children.map(node)}</code>`;

/** The text as paragraphs; `dir="auto"` keeps a right-to-left comment from turning its neighbours. */
export const richText = (text: string) => parseRichText(text).map((p) => html`<p dir="auto">${p.map(node)}</p>`);
