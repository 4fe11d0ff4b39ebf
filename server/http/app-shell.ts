/**
 * The two HTML documents the server renders for the control-panel iframe. Pure string functions, no I/O.
 *
 * - renderAppShell: the page that boots the React client. It holds no executable inline script (the CSP is
 *   `script-src 'self'`); the session bootstrap travels as inert JSON in a `type="application/json"` element.
 * - renderMessagePage: a branded explanation that needs no JavaScript, for when install or load fails.
 */
import type { AppBootstrap } from './api-types';

const APP_NAME = 'IOM Connector';
const FAVICON_HREF = '/static/favicon.svg';
const SCRIPT_SRC = '/static/app.js';

/** BigDesign's look without BigDesign: its palette, with a system font stack. */
const palette = {
  text: '#313440',
  muted: '#5E637A',
  background: '#F6F7FC',
  primary: '#3C64F4',
  primaryHover: '#2852EB',
  border: '#D9DCE9',
} as const;
const FONT_STACK = `-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON that is safe as the content of a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 can only
 * occur inside JSON strings, where their `\uXXXX` escapes parse back to the same characters. So the
 * content can never close the element (`</script>`), open a comment (`<!--`) or break a JS parser.
 */
function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function pageTitle(title: string): string {
  return title === APP_NAME ? APP_NAME : `${title} · ${APP_NAME}`;
}

function documentHead(title: string, css: string): string {
  return [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(pageTitle(title))}</title>`,
    `<link rel="icon" href="${FAVICON_HREF}" type="image/svg+xml">`,
    `<style>${css}</style>`,
  ].join('\n');
}

const SHELL_CSS = [
  `html,body{margin:0;background:${palette.background};color:${palette.text}}`,
  `body{font-family:${FONT_STACK}}`,
  `.boot,.noscript{max-width:36rem;margin:3rem auto;padding:0 1rem;text-align:center;color:${palette.muted};line-height:1.5}`,
].join('');

/** The page that starts the client, with the session bootstrap embedded as inert JSON. */
export function renderAppShell(bootstrap: AppBootstrap, opts: { title?: string }): string {
  const title = opts.title ?? APP_NAME;
  return `<!doctype html>
<html lang="en">
<head>
${documentHead(title, SHELL_CSS)}
<script id="app-bootstrap" type="application/json">${toScriptJson(bootstrap)}</script>
<script src="${SCRIPT_SRC}" defer></script>
</head>
<body>
<noscript><p class="noscript">${APP_NAME} needs JavaScript. Turn JavaScript on for this site, then reopen the app from Apps in your BigCommerce control panel.</p></noscript>
<div id="root"><p class="boot">Loading ${APP_NAME}…</p></div>
</body>
</html>
`;
}

export interface MessagePage {
  title: string;
  message: string;
  /** Secondary detail, e.g. a request reference for support. */
  detail?: string;
  tone: 'error' | 'success' | 'info';
  /** A link styled as a button. `href` must be root-relative (`/…`) or an http(s) URL. */
  action?: { label: string; href: string };
}

const tones: Readonly<Record<MessagePage['tone'], { color: string; tint: string; glyph: string }>> = {
  error: {
    color: '#DB3643',
    tint: '#FFF0F1',
    glyph: '<path d="M12 7v6" /><circle cx="12" cy="16.5" r="0.6" fill="currentColor" />',
  },
  success: { color: '#208831', tint: '#EEFCF0', glyph: '<path d="M7.5 12.5l3 3 6-6.5" />' },
  info: {
    color: '#3C64F4',
    tint: '#F0F3FF',
    glyph: '<path d="M12 11v6" /><circle cx="12" cy="7.5" r="0.6" fill="currentColor" />',
  },
};

const BRAND_MARK_SVG =
  '<svg aria-hidden="true" width="28" height="28" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3C64F4"/>' +
  '<path d="M8 12.5h15.5l-4.5-4.5M24 19.5H8.5l4.5 4.5" fill="none" stroke="#FFFFFF" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>';

const MESSAGE_CSS = [
  `*{box-sizing:border-box}`,
  `html,body{margin:0;background:${palette.background};color:${palette.text}}`,
  `body{font-family:${FONT_STACK};font-size:16px;line-height:1.5;padding:3rem 1rem}`,
  `.card{max-width:36rem;margin:0 auto;background:#FFFFFF;border-radius:4px;box-shadow:0 1px 6px rgba(49,52,64,.2);padding:2rem}`,
  `.brand{display:flex;align-items:center;gap:.5rem;font-weight:600;color:${palette.muted};padding-bottom:1rem;border-bottom:1px solid ${palette.border};margin-bottom:1.5rem}`,
  `.icon{display:flex;align-items:center;justify-content:center;width:3rem;height:3rem;border-radius:50%;margin-bottom:1rem}`,
  `.icon svg{width:1.75rem;height:1.75rem;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}`,
  `h1{font-size:1.5rem;font-weight:400;line-height:2rem;margin:0 0 .5rem}`,
  `p{margin:0 0 1rem;overflow-wrap:anywhere}`,
  `.detail{color:${palette.muted};font-size:.875rem}`,
  `.button{display:inline-block;background:${palette.primary};color:#FFFFFF;text-decoration:none;font-weight:600;border-radius:4px;padding:.5rem 1rem;line-height:1.5rem}`,
  `.button:hover{background:${palette.primaryHover}}`,
  `.button:focus-visible{outline:3px solid #9EB3FC;outline-offset:2px}`,
  `@media (max-width:719px){body{padding:0}.card{border-radius:0;box-shadow:none;min-height:100vh;padding:1.5rem 1rem}}`,
].join('');

function assertSafeHref(href: string): void {
  const rootRelative = href.startsWith('/') && !href.startsWith('//');
  if (!rootRelative && !/^https?:\/\//i.test(href)) {
    throw new RangeError(
      `renderMessagePage: action.href must be root-relative or http(s), got ${JSON.stringify(href)}`,
    );
  }
}

/** A complete, styled page without JavaScript; every piece of text is HTML-escaped. */
export function renderMessagePage(page: MessagePage): string {
  const tone = tones[page.tone];
  const lines = [`<h1>${escapeHtml(page.title)}</h1>`, `<p>${escapeHtml(page.message)}</p>`];
  if (page.detail !== undefined) lines.push(`<p class="detail">${escapeHtml(page.detail)}</p>`);
  if (page.action) {
    assertSafeHref(page.action.href);
    lines.push(
      `<a class="button" href="${escapeHtml(page.action.href)}">${escapeHtml(page.action.label)}</a>`,
    );
  }
  return `<!doctype html>
<html lang="en">
<head>
${documentHead(page.title, `${MESSAGE_CSS}.icon{color:${tone.color};background:${tone.tint}}`)}
</head>
<body>
<main class="card">
<header class="brand">${BRAND_MARK_SVG}<span>${APP_NAME}</span></header>
<div class="icon"><svg aria-hidden="true" viewBox="0 0 24 24">${tone.glyph}</svg></div>
${lines.join('\n')}
</main>
</body>
</html>
`;
}
