/**
 * What every page the server renders for visitors shares (the manage page, /book, /contact, /review):
 * the stylesheet (/booking.css: no inline style, so the strict CSP holds), the layout in the
 * visitor's language and direction, and the headers. Text goes in only through hono/html's
 * escaping template.
 */
import { html } from 'hono/html';
import { STRICT_CSP } from '../routes/assets.js';
import type { Translator } from '../i18n.js';

export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f7f9}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
@media (max-width:30rem){main{margin:0;border-width:0 0 1px;border-radius:0;padding:1rem}}
h1{font-size:1.4rem;margin:0 0 1rem}
.brand{margin:0 0 .75rem;font-weight:600;color:#57606a}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem;margin:0 0 1.5rem}
dt{color:#57606a}dd{margin:0}
.muted{color:#57606a}
.notice{padding:.75rem 1rem;border-radius:6px;background:#eef6ee;border:1px solid #7cb87c}
.error,.summary{padding:.75rem 1rem;border-radius:6px;background:#fff1f0;border:1px solid #d1242f}
.summary h2{margin:0 0 .25rem;font-size:1.05rem}.summary ul{margin:0;padding-inline-start:1.25rem}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
a{color:#0b57d0}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #a40e26;background:#fff;color:#a40e26;cursor:pointer;min-height:44px}
button.primary{border-color:#0b57d0;background:#0b57d0;color:#fff;font-weight:600}
button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible,.summary:focus{outline:3px solid #0b57d0;outline-offset:2px}
.services{list-style:none;padding:0;display:grid;gap:.5rem}.services a{display:block;padding:.75rem 1rem;border:1px solid #d0d7de;border-radius:6px;text-decoration:none}
.field{display:grid;gap:.25rem;margin:0 0 1rem}
label,legend{font-weight:600}
input[type=text],input[type=email],input[type=tel],textarea{width:100%;min-height:44px;padding:.5rem .75rem;border:1px solid #8c959f;border-radius:6px;font:inherit;color:inherit;background:inherit}
textarea{min-height:7rem}
[aria-invalid=true]{border-color:#d1242f;box-shadow:0 0 0 1px #d1242f}
.field-error{color:#b42318;font-weight:600;margin:0}
fieldset{border:0;padding:0;margin:0 0 1rem;min-width:0}
.week{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:center;margin:.5rem 0}
.day{margin:.75rem 0}.day legend{font-weight:600}
.times{display:flex;flex-wrap:wrap;gap:.5rem}
.times label{display:inline-flex;align-items:center;gap:.35rem;font-weight:400;padding:.4rem .7rem;border:1px solid #d0d7de;border-radius:6px;min-height:44px}
.times input{width:1.1rem;height:1.1rem;margin:0}
.hp,.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:1.2rem;height:1.2rem;margin:.2rem 0 0;flex:none}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22;border-color:#30363d}dt,.muted,.brand{color:#8b949e}a{color:#58a6ff}.notice{background:#12261e;border-color:#2ea043}.error,.summary{background:#2d1214;border-color:#f85149}.field-error{color:#ff8a80}button{background:#161b22;color:#ff7b72;border-color:#ff7b72}button.primary{background:#1f6feb;border-color:#1f6feb;color:#fff}.services a,.times label{border-color:#30363d}input[type=text],input[type=email],input[type=tel],textarea{border-color:#6e7681}}
`;

/**
 * A visitor's own pages (the manage page): private, never indexed, and their address (it holds the
 * token) never sent to another site. `same-origin` rather than `no-referrer`: under `no-referrer`
 * Chromium posts the page's own Cancel form with `Origin: null`.
 */
export const PAGE_HEADERS = {
  'Content-Security-Policy': STRICT_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Robots-Tag': 'noindex',
  'X-Content-Type-Options': 'nosniff',
};

/** The public pages (/book, /contact): a clinic's shareable booking link, so search engines may list them. */
export const PUBLIC_PAGE_HEADERS = {
  'Content-Security-Policy': STRICT_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Content-Type-Options': 'nosniff',
  Vary: 'Accept-Language',
};

/** The path the server is mounted at ('' unless FRONTDESK_PUBLIC_URL has a path). */
export function rootPath(publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).pathname.replace(/\/+$/, '') : '';
}

/** A whole page, in the translator's language and direction. */
export function layout(t: Translator, opts: { root: string; title: string; business: string; robots?: string }, body: unknown) {
  return html`<!doctype html>
<html lang="${t.locale}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="${opts.robots ?? 'noindex'}">
<link rel="icon" href="data:,">
<title>${opts.title} – ${opts.business}</title>
<link rel="stylesheet" href="${opts.root}/booking.css">
</head>
<body>
<main>
<p class="brand">${opts.business}</p>
${body}
</main>
</body>
</html>`;
}
