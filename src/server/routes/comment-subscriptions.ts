/**
 * The links in reply emails (services/comment-subscriptions.ts):
 * GET/POST /comments/subscriptions/confirm?token= and GET/POST /comments/subscriptions/unsubscribe?token=.
 *
 * A GET only shows a page with one button, which POSTs: mail scanners and link previews fetch the
 * links in an email, and must neither confirm an address nor unsubscribe it. The POST acts. An
 * unsubscribe POST is RFC 8058's one-click unsubscribe too: a mail client posts
 * `List-Unsubscribe=One-Click` to the List-Unsubscribe URL, with no cookie and no Origin, and needs
 * no other step. A browser (Accept: text/html) gets a page back, a program JSON.
 */
import { type Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../context.js';
import { errorResponse } from '../http/errors.js';
import { header } from '../http/headers.js';
import { acceptedLanguage, type OwnerMessages, type Translator, translator } from '../i18n.js';
import { layout, PAGE_HEADERS, rootPath } from '../pages/layout.js';
import * as subscriptions from '../services/comment-subscriptions.js';

type Link = 'confirm' | 'unsubscribe';

/** The path of a link, under the API (the emails put the server's public origin before it). */
export const SUBSCRIPTION_PATHS: Record<Link, string> = {
  confirm: '/api/v1/comments/subscriptions/confirm',
  unsubscribe: '/api/v1/comments/subscriptions/unsubscribe',
};

const TEXT = {
  confirm: {
    ask: 'replies.confirmPageText',
    button: 'replies.confirmButton',
    done: 'replies.confirmed',
    title: 'replies.confirmPageTitle',
  },
  unsubscribe: {
    ask: 'replies.unsubscribePageText',
    button: 'replies.unsubscribeButton',
    done: 'replies.unsubscribed',
    title: 'replies.unsubscribePageTitle',
  },
} as const;

export function subscriptionRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const { db } = ctx.store;
  const root = rootPath(ctx.publicUrl);
  const business = ctx.config.business.name;
  // In the commenter's language, as the email with the link was; the browser's for a link we did not make.
  const t = (c: Context, language: string | undefined): Translator =>
    translator(language || acceptedLanguage(header(c, 'accept-language')), ctx.config.messages as OwnerMessages);

  function page(c: Context, link: Link, language: string | undefined, state: 'ask' | 'done' | 'unknown', status: 200 | 404 = 200) {
    const tr = t(c, language);
    const text = TEXT[link];
    const action = `${root}${SUBSCRIPTION_PATHS[link]}?token=${encodeURIComponent(c.req.query('token') ?? '')}`;
    const body =
      state === 'unknown'
        ? html`<h1>${tr.t('replies.linkNotFoundTitle')}</h1>
<p>${tr.t('replies.linkNotFound', { business })}</p>`
        : state === 'done'
          ? html`<h1>${tr.t(text.title)}</h1>
<p class="notice" role="status">${tr.t(text.done)}</p>`
          : html`<h1>${tr.t(text.title)}</h1>
<p>${tr.t(text.ask)}</p>
<form method="post" action="${action}"><button class="primary" type="submit">${tr.t(text.button)}</button></form>`;
    return c.html(layout(tr, { root, title: tr.t(text.title), business }, body), status, PAGE_HEADERS);
  }

  const wantsPage = (c: Context) => /\btext\/html\b/.test(header(c, 'accept') ?? '');

  for (const link of ['confirm', 'unsubscribe'] as const) {
    app.get(SUBSCRIPTION_PATHS[link].replace('/api/v1', ''), async (c) => {
      const language = await subscriptions.linkLanguage(db, link, c.req.query('token'));
      return page(c, link, language, language !== undefined ? 'ask' : 'unknown', language !== undefined ? 200 : 404);
    });

    app.post(SUBSCRIPTION_PATHS[link].replace('/api/v1', ''), async (c) => {
      const token = c.req.query('token');
      const language = wantsPage(c) ? await subscriptions.linkLanguage(db, link, token) : undefined;
      const done = link === 'confirm' ? await subscriptions.confirm(db, token) : await subscriptions.unsubscribe(db, token);
      if (wantsPage(c)) return page(c, link, language, done ? 'done' : 'unknown', done ? 200 : 404);
      if (!done) return errorResponse(c, 'not_found', 'This link is not one this server made, or its address was erased.');
      return c.json({ status: link === 'confirm' ? 'confirmed' : 'unsubscribed' });
    });
  }

  return app;
}
