/**
 * Whatever visitors type stays text: a corpus of hostile comments and author names, posted through
 * the real server, rendered by <frontdesk-comments>; no handler ever runs, no element or attribute
 * comes from the input, every link is http(s) with rel="nofollow ugc noopener".
 */
import { expect } from '@open-wc/testing';
import { parseRichText, richTextContent } from '../../../src/shared/richtext.js';
import { cleanLine, cleanText } from '../../../src/shared/text.js';
import { startTestServer, stopTestServer, until, type TestServer } from '../../support/browser.js';
import { $, $$, mount, seed, shownText, type } from './support.js';

declare global {
  interface Window {
    __pwned?: boolean;
  }
}

const P = 'window.__pwned=true';
const JS = [
  'javascript',
  'JaVaScRiPt',
  'JAVASCRIPT',
  ' javascript',
  '\tjavascript',
  'java\tscript',
  'java\nscript',
  'java\rscript',
  'java\u0000script',
  '\u0001javascript',
  'java&#x09;script',
  '&#106;avascript',
  '&#x6A;&#x61;vascript',
  'javascript&colon;',
  'jav\u00ADascript',
  '\u200Bjavascript',
];

export const TEXTS: string[] = [
  `<script>${P}</script>`,
  `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
  `<style>*{display:none}</style><b>bold?</b>`,
  `<img src=x onerror="${P}">`,
  `<svg onload=${P}>`,
  `<svg><script>${P}</script></svg>`,
  `<iframe src="javascript:${P}"></iframe>`,
  `<iframe srcdoc="<script>parent.${P}</script>">`,
  `<a href="javascript:${P}">click me</a>`,
  `<details open ontoggle=${P}>`,
  `<body onload=${P}>`,
  `<input autofocus onfocus=${P}>`,
  `<object data="javascript:${P}"></object>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${P}">`,
  `<base href="javascript:/">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${P}>`,
  `"><img src=x onerror=${P}>`,
  `'><svg/onload=${P}>`,
  `</textarea><script>${P}</script>`,
  `</p></article><img src=x onerror=${P}>`,
  ...JS.map((s) => `${s}:${P}`),
  `data:text/html,<script>${P}</script>`,
  `DATA:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD10cnVlPC9zY3JpcHQ+`,
  ` data:image/svg+xml,<svg onload=${P}>`,
  `vbscript:msgbox(1)`,
  `VbScRiPt:msgbox(1)`,
  `[click](javascript:${P})`,
  `[x](data:text/html,<script>${P}</script>)`,
  `[ok](https://example.com/"onmouseover="${P})`,
  `![](x"onerror="${P})`,
  `![x](javascript:${P})`,
  `<https://example.com" onmouseover="${P}>`,
  `https://example.com/"onmouseover="${P}"`,
  `https://example.com/<img src=x onerror=${P}>`,
  `https://javascript:${P}@example.com/`,
  `\${${P}}`,
  '`${' + P + '}`',
  `{{constructor.constructor('${P}')()}}`,
  'lit$123$',
  '<?lit$1234567890$>',
  '<!--?lit$1234567890$-->',
  '$lit$ lit$98765$ <template><img src=x onerror=' + P + '></template>',
  '\u202Egnp.exe',
  'abc\u202Ejavascript:' + P,
  '\u2066\u2067\u2068isolates\u2069',
  `**<img src=x onerror=${P}>**`,
  `*<svg onload=${P}>*`,
  '`<script>' + P + '</script>`',
  'line one\n<img src=x onerror=' + P + '>\n\n<script>' + P + '</script>',
];

/** Author names: one line, at most 80 characters. */
export const AUTHORS: string[] = [
  `<script>${P}</script>`,
  `<img src=x onerror=${P}>`,
  `"><svg onload=${P}>`,
  `javascript:${P}`,
  `&#106;avascript:${P}`,
  `\${${P}}`,
  'lit$123$ <!--?lit$123$-->',
  '\u202Eevil\u202C Bob',
  `<a href=javascript:${P}>Ann</a>`,
  '**Bold** `code` https://example.com',
];

describe('frontdesk-comments with hostile input', () => {
  let server: TestServer;
  const thread = '/hostile';
  const expected: { author: string; text: string; replyTo?: string }[] = [];

  before(async () => {
    window.__pwned = undefined;
    server = await startTestServer({ comments: { moderation: 'post' } });
    let last = '';
    for (const [i, text] of TEXTS.entries()) {
      const author = AUTHORS[i % AUTHORS.length]!;
      last = (await seed(server, { thread, author, text })).id;
      expected.push({ author, text });
    }
    // Replies under the last comment, and a reply to that reply: "Replying to {hostile name}".
    const r1 = await seed(server, { thread, author: AUTHORS[1]!, text: TEXTS[3]!, parentId: last });
    await seed(server, { thread, author: AUTHORS[2]!, text: TEXTS[0]!, parentId: r1.id });
    expected.push({ author: AUTHORS[1]!, text: TEXTS[3]! }, { author: AUTHORS[2]!, text: TEXTS[0]!, replyTo: AUTHORS[1]! });
  });

  after(() => stopTestServer(server));

  function assertInert(el: HTMLElement): void {
    const root = el.shadowRoot!;
    expect(
      root.querySelectorAll('script, style, img, svg, iframe, object, embed, math, meta, base, details, input[autofocus], template, body')
        .length,
    ).to.equal(0);
    for (const node of root.querySelectorAll('*')) {
      for (const attr of node.getAttributeNames()) expect(attr.startsWith('on'), `${node.localName}[${attr}]`).to.equal(false);
    }
    for (const text of root.querySelectorAll('[part~=text] *')) expect(['p', 'br', 'a', 'strong', 'em', 'code']).to.include(text.localName);
    for (const a of root.querySelectorAll('a')) {
      expect(a.getAttribute('href')).to.match(/^https?:\/\//i);
      expect(['http:', 'https:']).to.include(new URL(a.href).protocol);
      expect(a.rel.split(' ')).to.include.members(['nofollow', 'ugc', 'noopener']);
    }
    expect(document.querySelectorAll('script:not([type=module]), img, iframe, object').length, 'nothing reached the page').to.equal(0);
  }

  it('renders every comment and name as the text that was typed, and no handler runs', async () => {
    const el = await mount(server, thread, { pageSize: 100 });
    const articles = $$(el, 'article');
    expect(articles.length).to.equal(expected.length);
    articles.forEach((article, i) => {
      const want = expected[i]!;
      const stored = cleanText(want.text);
      const shown = shownText(article.querySelector('[part~=text]')!);
      expect(shown, JSON.stringify(want.text)).to.equal(richTextContent(parseRichText(stored)));
      // Markup-free payloads come back exactly as stored: the parser hides nothing.
      if (!/[*`]|\n\s*\n/.test(stored)) expect(shown).to.equal(stored);
      expect(article.querySelector('[part~=author]')!.textContent).to.equal(cleanLine(want.author));
      if (want.replyTo) expect(article.textContent).to.contain(`Replying to ${cleanLine(want.replyTo)}`);
    });
    // The markdown that is allowed still works, inside hostile text.
    expect($$(el, '[part~=text] strong').length).to.be.greaterThan(0);
    expect($$(el, '[part~=text] code').length).to.be.greaterThan(0);
    expect($$(el, '[part~=text] a').length).to.be.greaterThan(0);
    await new Promise((r) => setTimeout(r, 300)); // time for any image error or load handler to fire
    assertInert(el);
    expect(window.__pwned).to.equal(undefined);
  });

  it('stays inert when a visitor posts hostile text through the form', async () => {
    const el = await mount(server, thread, { pageSize: 100 });
    const posted = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('frontdesk-comment-posted', (e) => resolve(e as CustomEvent), { once: true }),
    );
    const author = `"><img src=x onerror=${P}>`;
    const text = `<script>${P}</script>\njavascript:${P}\n![](x"onerror="${P})`;
    type($(el, '#c-author') as HTMLInputElement, author);
    type($(el, '#c-text') as HTMLTextAreaElement, text);
    await new Promise((r) => setTimeout(r, 2100)); // a person's fill time: faster posts are dropped
    $(el, 'form [part=submit]')!.click();
    const event = await posted;
    expect(event.detail).to.include({ status: 'published', author, text });
    await until(() => $$(el, 'article').length == expected.length + 1, 5000, 'the new comment');
    const last = $$(el, 'article').at(-1)!;
    expect(shownText(last.querySelector('[part~=text]')!)).to.equal(text);
    expect(last.querySelector('[part~=author]')!.textContent).to.equal(author);
    await new Promise((r) => setTimeout(r, 300));
    assertInert(el);
    expect(window.__pwned).to.equal(undefined);
  });
});
