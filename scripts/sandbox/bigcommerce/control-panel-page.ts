import { ORDERS_STYLES, renderOrdersSection } from './control-panel-orders';
import type { StoreView } from './store-directory';
import type { SandboxLink, SandboxNote } from './types';

export const CONTROL_PANEL_PATH = '/control-panel';
export const CONTROL_PANEL_ASSETS = '/sandbox/control-panel';

/** What the control panel's script needs to render; also the body of `GET /sandbox/control-panel/state`. */
export interface ControlPanelState {
  appName: string;
  stores: StoreView[];
  notes: SandboxNote[];
  /** Extra side navigation items that open in a new tab (e.g. the sandbox mail catcher). */
  links: SandboxLink[];
}

/** The two working areas of the control panel: the app's page (Apps) and the order list. */
export type ControlPanelView = 'apps' | 'orders';

export interface PageSelection {
  storeHash: string;
  userId: number;
  view: ControlPanelView;
}

/** BigCommerce's side navigation; only Orders and Apps lead somewhere in the sandbox. */
const NAV_ITEMS: Array<{ label: string; view?: ControlPanelView }> = [
  { label: 'Home' },
  { label: 'Orders', view: 'orders' },
  { label: 'Products' },
  { label: 'Customers' },
  { label: 'Storefront' },
  { label: 'Marketing' },
  { label: 'Analytics' },
  { label: 'Apps', view: 'apps' },
  { label: 'Settings' },
];

function renderNavItem(item: (typeof NAV_ITEMS)[number], selection: PageSelection): string {
  if (!item.view) return `<li class="inert">${item.label}</li>`;
  const current = item.view === selection.view;
  const href = `${CONTROL_PANEL_PATH}?view=${item.view}&amp;store=${encodeURIComponent(selection.storeHash)}`;
  return `<li${current ? ' class="current"' : ''}><a href="${href}" data-view="${item.view}"${current ? ' aria-current="page"' : ''}>${item.label}</a></li>`;
}

function renderLink(link: SandboxLink): string {
  return `<li><a href="${escapeHtml(link.url)}" target="_blank" rel="noopener">${escapeHtml(link.label)}<span class="visually-hidden"> (opens in a new tab)</span> <span aria-hidden="true">↗</span></a></li>`;
}

/** The simulated control panel: server-rendered, then kept current by `app.js`. */
export function renderControlPanel(state: ControlPanelState, selection: PageSelection): string {
  const store = state.stores.find((s) => s.hash === selection.storeHash) ?? state.stores[0];
  if (!store) throw new Error('The control panel needs at least one store');
  const app = escapeHtml(state.appName);
  const stateJson = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${app} · BigCommerce control panel (sandbox)</title>
<link rel="icon" href="${CONTROL_PANEL_ASSETS}/favicon.svg" type="image/svg+xml">
<style>${STYLES}${ORDERS_STYLES}</style>
</head>
<body>
<nav class="side" aria-label="Control panel">
  <p class="brand">BigCommerce <span class="sandbox">sandbox</span></p>
  <p class="store-name" id="nav-store-name">${escapeHtml(store.name)}</p>
  <ul>${NAV_ITEMS.map((item) => renderNavItem(item, selection)).join('')}</ul>
  ${state.links.length ? `<p class="nav-heading">Sandbox</p><ul class="links">${state.links.map(renderLink).join('')}</ul>` : ''}
</nav>
<main class="main">
  <header>
    <nav aria-label="Breadcrumb"><ol class="crumbs" id="crumbs">${
      selection.view === 'orders'
        ? '<li aria-current="page">Orders</li>'
        : `<li>Apps</li><li aria-current="page">${app}</li>`
    }</ol></nav>
    <div class="title"><h1 id="page-title">${selection.view === 'orders' ? 'Orders' : app}</h1><span id="install-state" class="badge${store.installed ? ' on' : ''}">${
      store.installed ? 'Installed' : 'Not installed'
    }</span></div>
  </header>
  <section class="toolbar" aria-label="Merchant actions">
    ${field(
      'store-select',
      'Store',
      `<select id="store-select">${state.stores
        .map((s) => option(s.hash, `${s.name} (${s.hash})`, s.hash === store.hash))
        .join('')}</select>`,
    )}
    ${field(
      'user-select',
      'Signed in as',
      `<select id="user-select">${store.users
        .map((u) => option(String(u.id), userLabel(u, store), u.id === selection.userId))
        .join('')}</select>`,
    )}
    <div class="app-only field-group"${selection.view === 'apps' ? '' : ' hidden'}>
    ${field('deep-link', 'Deep link path', '<input id="deep-link" type="text" placeholder="/" spellcheck="false">')}
    <div class="buttons">
      <button type="button" id="install">Install app</button>
      <button type="button" id="open">Open app</button>
      <button type="button" id="uninstall">Uninstall</button>
      <button type="button" id="remove-user"${selection.userId === store.owner.id ? ' disabled' : ''}>Remove user</button>
    </div>
    </div>
  </section>
  <div id="status" role="status" aria-live="polite"></div>
  <div id="view-apps" class="view"${selection.view === 'apps' ? '' : ' hidden'}>
    ${state.notes.map(renderNote).join('')}
    <iframe id="app-frame" title="${app}" src="about:blank"></iframe>
  </div>
  <div id="view-orders" class="view"${selection.view === 'orders' ? '' : ' hidden'}>
    ${renderOrdersSection()}
  </div>
</main>
<script type="application/json" id="initial-state">${stateJson}</script>
<script src="${CONTROL_PANEL_ASSETS}/app.js" defer></script>
</body>
</html>`;
}

/** A collapsible panel of sandbox facts (label → value, each value with a Copy button), open by default. */
function renderNote(note: SandboxNote): string {
  const rows = note.rows
    .map(({ label, value, link }) => {
      const shown = link
        ? `<a href="${escapeHtml(value)}" target="_blank" rel="noopener">${escapeHtml(value)}</a>`
        : `<code>${escapeHtml(value)}</code> <button type="button" class="copy secondary" data-copy="${escapeHtml(value)}" aria-label="Copy ${escapeHtml(label)}">Copy</button>`;
      return `<dt>${escapeHtml(label)}</dt><dd>${shown}</dd>`;
    })
    .join('');
  return `<details class="note" open><summary>${escapeHtml(note.title)}</summary><dl>${rows}</dl></details>`;
}

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#34313f"/>' +
  '<path d="M4 4h5a2 2 0 0 1 0 4H4zm0 4h6a2 2 0 0 1 0 4H4z" fill="#fff"/></svg>';

/** A control with an explicit label, so its accessible name is the label alone. */
function field(id: string, label: string, control: string): string {
  return `<div class="field"><label for="${id}">${label}</label>${control}</div>`;
}

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

function userLabel(user: { id: number; email: string }, store: StoreView): string {
  return `${user.email}${user.id === store.owner.id ? ' (owner)' : ''}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;display:flex;min-height:100vh;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#313440;background:#f6f7f9}
.side{width:220px;flex:none;background:#34313f;color:#d9dce9;padding:16px 0}
.side .brand{margin:0 16px 4px;font-weight:700;color:#fff}
.side .sandbox{font-weight:400;font-size:11px;text-transform:uppercase;color:#a5a5c6;margin-left:4px}
.side .store-name{margin:0 16px 16px;color:#fff;font-size:13px}
.side ul{list-style:none;margin:0;padding:0}
.side li{padding:0}
.side li.inert{padding:8px 16px;color:#b8bbcc}
.side li a{display:block;padding:8px 16px;color:#d9dce9;text-decoration:none}
.side li a:hover,.side li a:focus-visible{background:#433f52;color:#fff}
.side li.current a{background:#3c64f4;color:#fff;font-weight:600}
.side .nav-heading{margin:16px 16px 4px;font-size:11px;text-transform:uppercase;color:#a5a5c6}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.field-group{display:flex;flex-wrap:wrap;align-items:flex-end;gap:12px 16px}
[hidden]{display:none!important}
.view{display:flex;flex-direction:column;flex:1}
button.copy{padding:1px 8px;font-size:12px;margin-left:6px}
.main{flex:1;display:flex;flex-direction:column;min-width:0}
header{background:#fff;border-bottom:1px solid #d9dce9;padding:12px 24px}
.crumbs{list-style:none;display:flex;gap:6px;margin:0;padding:0;color:#5e637a;font-size:13px}
.crumbs li+li::before{content:"\\203A";margin-right:6px}
.title{display:flex;align-items:center;gap:12px;margin-top:4px}
h1{margin:0;font-size:22px}
.badge{font-size:12px;font-weight:600;padding:2px 8px;border-radius:10px;background:#e4e6ef;color:#313440}
.badge.on{background:#d7f5e4;color:#1f6b3c}
.toolbar{display:flex;flex-wrap:wrap;align-items:flex-end;gap:12px 16px;padding:12px 24px;background:#fff;border-bottom:1px solid #d9dce9}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-size:12px;color:#5e637a}
.toolbar select,.toolbar input{font:inherit;padding:6px 8px;border:1px solid #d9dce9;border-radius:4px;min-width:180px;color:#313440}
.buttons{display:flex;gap:8px}
button{font:inherit;font-weight:600;padding:7px 14px;border-radius:4px;border:1px solid #3c64f4;background:#3c64f4;color:#fff;cursor:pointer}
button:disabled{opacity:.5;cursor:not-allowed}
#uninstall,#remove-user{background:#fff;color:#c4303b;border-color:#c4303b}
.note{margin:12px 24px 0;padding:8px 12px;background:#fff;border:1px solid #d9dce9;border-radius:4px}
.note summary{cursor:pointer;font-weight:600}
.note dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0 4px}
.note dt{color:#5e637a}
.note dd{margin:0;overflow-wrap:anywhere}
.note code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f7f9;padding:1px 4px;border-radius:3px}
#status{min-height:1.4em;padding:8px 24px;white-space:pre-wrap}
#status[data-tone=error]{color:#c4303b}
iframe{flex:1;min-height:560px;margin:0 24px 24px;border:1px solid #d9dce9;border-radius:4px;background:#fff}
`;
