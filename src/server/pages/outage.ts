/**
 * The page a browser gets, instead of the API's JSON, when the store cannot be reached while it asks for
 * one of the pages without JavaScript (/book, a manage link, /review): the catalogue's "briefly
 * unavailable, nothing you typed is lost", in the visitor's language, with Retry for a page it asked for
 * (after a form it sent, Back keeps what was typed).
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AppContext } from '../context.js';
import { header } from '../http/headers.js';
import { requestTranslator } from '../i18n.js';
import { RETRY_AFTER_SECONDS } from '../store/health.js';
import { layout, PAGE_HEADERS, rootPath } from './layout.js';

/** A browser asking for a page (not the API, not a script's fetch). */
export function wantsPage(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && /\btext\/html\b/.test(header(c, 'accept') ?? '');
}

export async function outagePage(c: Context, ctx: AppContext): Promise<Response> {
  const t = requestTranslator(c);
  const message = t.t('error.unavailable');
  const retry = c.req.method === 'GET' ? html`<p><a href="${c.req.path}${new URL(c.req.url).search}">${t.t('common.retry')}</a></p>` : '';
  const page = await layout(
    t,
    { root: rootPath(ctx.publicUrl), title: message, business: ctx.config.business.name },
    html`<h1>${message}</h1>
${retry}`,
  );
  return c.html(page, 503, { ...PAGE_HEADERS, 'Retry-After': String(RETRY_AFTER_SECONDS) });
}
