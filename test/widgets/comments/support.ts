/** Helpers for the comments widget tests: seeding through the real server's public and owner APIs. */
import { fixture, html } from '@open-wc/testing';
import '../../../src/widgets/comments/define.js';
import type { FrontdeskComments } from '../../../src/widgets/comments/comments.js';
import { asOwner, until, type TestServer } from '../../support/browser.js';

export interface Posted {
  id: string;
  status: string;
}

/** Posts as a visitor would (a human's fill time), then approves it as the owner when asked. */
export async function seed(
  server: TestServer,
  comment: { thread: string; author: string; text: string; parentId?: string },
  approve = true,
): Promise<Posted> {
  const response = await fetch(`${server.url}/api/v1/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...comment, elapsedMs: 5000 }),
  });
  if (response.status != 201) throw new Error(`POST /comments: ${response.status} ${await response.text()}`);
  const saved = (await response.json()) as Posted;
  if (approve && saved.status != 'published') await asOwner(server, 'PATCH', `/comments/${saved.id}`, { status: 'published' });
  return saved;
}

/** The element, once its first page (or its error) is shown. */
export async function mount(
  server: TestServer,
  thread: string,
  attrs: { sort?: string; pageSize?: number } = {},
): Promise<FrontdeskComments> {
  const el = await fixture<FrontdeskComments>(
    html`<frontdesk-comments api=${server.url} thread=${thread} sort=${attrs.sort ?? 'oldest'} page-size=${attrs.pageSize ?? 20}></frontdesk-comments>`,
  );
  await until(() => !el.shadowRoot!.querySelector('[part=state][role=status]'), 5000, 'comments loaded');
  await el.updateComplete;
  return el;
}

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  Array.from(el.shadowRoot!.querySelectorAll<T>(selector));

/** What a reader sees of one comment's text: paragraphs apart by a blank line, line breaks as newlines. */
export function shownText(textPart: Element): string {
  return Array.from(textPart.querySelectorAll('p'))
    .map((p) =>
      Array.from(p.childNodes, (n) => (n.nodeName == 'BR' ? '\n' : n.nodeType == Node.COMMENT_NODE ? '' : n.textContent)).join(''),
    )
    .join('\n\n');
}

/** The authors in the order shown, replies after their comment. */
export const authors = (el: Element) => $$(el, '[part~=author]').map((a) => a.textContent);

/** Types into a field as a person would: the input event Lit listens to. */
export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

export const active = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;
