/**
 * The IOM operator page: a simplified Dynamics 365 model-driven app. The server renders the shell and the
 * current site map area (`?view=`); `app.js` posts the buttons' actions and re-fetches the area's fragment
 * every 2 seconds (not while a form is open).
 */
import type { FulfillmentOrderView, ReturnOrderView, SalesOrderView } from '../types';
import { escapeHtml } from './html';
import {
  renderFulfillmentOrderTable,
  renderPushPanel,
  renderReturnTable,
  type PushPanelState,
} from './list-views';

export const OPERATOR_PATH = '/sandbox/iom/operator';
export const OPERATOR_ASSETS = '/sandbox/iom';

/** The site map areas. */
export const OPERATOR_VIEWS = {
  'sales-orders': {
    title: 'Sales orders',
    hint: 'Orders the connector sent (Web API or intake provider). The list refreshes every 2 seconds.',
  },
  'fulfillment-orders': {
    title: 'Fulfillment orders',
    hint: 'Every fulfillment order with its lines and shipments. Act on them from their sales order.',
  },
  returns: { title: 'Returns', hint: 'Return orders received against shipped sales order lines.' },
  providers: {
    title: 'Providers',
    hint: 'Where IOM pushes sales order changes to the connector, and the last pushes.',
  },
} as const;

export type OperatorView = keyof typeof OPERATOR_VIEWS;

export function operatorViewOf(value: unknown): OperatorView {
  return typeof value === 'string' && value in OPERATOR_VIEWS ? (value as OperatorView) : 'sales-orders';
}

export interface OrderListState {
  view: OperatorView;
  salesOrders: SalesOrderView[];
  fulfillmentOrders: FulfillmentOrderView[];
  returnOrders: ReturnOrderView[];
  carriers: string[];
  /** All sales orders in the environment; `salesOrders` may be the most recent of them only. */
  totalOrders: number;
  push: PushPanelState;
}

export function renderOperatorPage(state: OrderListState): string {
  const view = OPERATOR_VIEWS[state.view];
  const links = (Object.keys(OPERATOR_VIEWS) as OperatorView[])
    .map(
      (key) =>
        `<li><a href="${OPERATOR_PATH}?view=${key}"${key === state.view ? ' aria-current="page"' : ''}>${escapeHtml(OPERATOR_VIEWS[key].title)}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)} · Intelligent Order Management (sandbox)</title>
<link rel="icon" href="${OPERATOR_ASSETS}/favicon.svg" type="image/svg+xml">
<style>${STYLES}</style>
</head>
<body>
<header class="topbar">
  <span class="waffle" aria-hidden="true"></span>
  <span class="product">Dynamics 365</span><span class="divider" aria-hidden="true">|</span>
  <span class="app">Intelligent Order Management (sandbox)</span>
</header>
<div class="shell">
  <nav class="sitemap" aria-label="Site map">
    <p class="area">Order management</p>
    <ul>${links}</ul>
  </nav>
  <main>
    <div class="commandbar" role="toolbar" aria-label="Commands">
      <button type="button" id="refresh">Refresh</button>
    </div>
    <h1>${escapeHtml(view.title)}</h1>
    <p class="hint">${escapeHtml(view.hint)}</p>
    <div id="status" role="status" aria-live="polite"></div>
    <div id="orders" data-assets="${OPERATOR_ASSETS}" data-view="${state.view}">${renderView(state)}</div>
  </main>
</div>
<script src="${OPERATOR_ASSETS}/app.js" defer></script>
</body>
</html>`;
}

/** The fragment of the current area that the script re-fetches. */
export function renderView(state: OrderListState): string {
  switch (state.view) {
    case 'fulfillment-orders':
      return renderFulfillmentOrderTable(state.fulfillmentOrders, state.salesOrders);
    case 'returns':
      return renderReturnTable(state.returnOrders, state.salesOrders);
    case 'providers':
      return renderPushPanel(state.push);
    case 'sales-orders':
      return renderOrderList(state);
  }
}

export function renderOrderList(state: OrderListState): string {
  if (state.salesOrders.length === 0) {
    return '<p class="empty">No sales orders yet. Orders appear here as soon as the connector creates them.</p>';
  }
  const shown = state.salesOrders.length;
  const note =
    state.totalOrders > shown
      ? `<p class="hint">Showing the ${shown} most recent of ${state.totalOrders} sales orders.</p>`
      : '';
  const lastPush = state.push.attempts.at(-1);
  const push = state.push.target
    ? `<p class="hint">Pushing changes to ${escapeHtml(state.push.target.url)}${lastPush ? `; last push: ${escapeHtml(lastPush.event)}, ${escapeHtml(!lastPush.settled ? 'sending…' : (lastPush.error ?? `HTTP ${lastPush.status ?? ''}`))}` : ''}.</p>`
    : '';
  return (
    note +
    push +
    [...state.salesOrders]
      .reverse()
      .map((order) => renderSalesOrder(order, state))
      .join('\n')
  );
}

const OPEN_ORDER_STATES: ReadonlySet<string> = new Set(['Active', 'Submitted']);
const CANCELLATION_REQUESTED = 'Cancellation requested';

function renderSalesOrder(order: SalesOrderView, state: OrderListState): string {
  const id = escapeHtml(order.salesOrderId);
  const title = `Sales order ${order.orderNumber}`;
  const fulfillments = state.fulfillmentOrders.filter((fo) => fo.salesOrderId === order.salesOrderId);
  const returns = state.returnOrders.filter((r) => r.salesOrderId === order.salesOrderId);
  const allocated = (lineId: string) =>
    fulfillments
      .flatMap((fo) => fo.lines)
      .filter((line) => line.salesOrderDetailId === lineId)
      .reduce((sum, line) => sum + line.quantity - line.quantityCancelled, 0);
  const open = OPEN_ORDER_STATES.has(order.state);
  const unallocated = order.lines
    .map((line) => ({ line, left: line.quantity - allocated(line.salesOrderDetailId) }))
    .filter((item) => item.left > 0);
  const canFulfill = open && unallocated.length > 0;
  const cancelRequested = order.iomStateReason === CANCELLATION_REQUESTED;
  const returnable = order.lines.filter((line) => line.quantityShipped - line.quantityReturned > 0);
  const returnFormId = `return-${id}`;
  const fulfillFormId = `fulfill-${id}`;
  const rows = order.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.sku ?? '(write-in)')}</td><td>${escapeHtml(line.description)}</td><td>${line.quantity}</td><td>${line.quantityShipped}</td><td>${line.quantityCancelled}</td><td>${line.quantityReturned}</td></tr>`,
    )
    .join('');
  const fulfillInputs = unallocated
    .map(({ line, left }) => {
      const inputId = `fulqty-${escapeHtml(line.salesOrderDetailId)}`;
      return `<div class="field"><label for="${inputId}">Quantity to fulfill: ${escapeHtml(line.sku ?? line.description)}</label><input id="${inputId}" name="line:${escapeHtml(line.salesOrderDetailId)}" type="number" min="0" max="${left}" step="1" value="${left}"></div>`;
    })
    .join('');
  const returnInputs = returnable
    .map((line) => {
      const inputId = `ret-${escapeHtml(line.salesOrderDetailId)}`;
      const max = line.quantityShipped - line.quantityReturned;
      return `<div class="field"><label for="${inputId}">Quantity to return: ${escapeHtml(line.sku ?? line.description)}</label><input id="${inputId}" name="line:${escapeHtml(line.salesOrderDetailId)}" type="number" min="0" max="${max}" step="1" value="0"></div>`;
    })
    .join('');
  const skuOfLine = (lineId: string) => {
    const line = order.lines.find((l) => l.salesOrderDetailId === lineId);
    return line?.sku ?? line?.description ?? lineId;
  };
  const returnList = returns
    .map(
      (r) =>
        `<li>${escapeHtml(r.name)} (${escapeHtml(r.receivedOn)}): ${r.lines.map((l) => `${l.quantity} × ${escapeHtml(skuOfLine(l.salesOrderDetailId))}`).join(', ')}</li>`,
    )
    .join('');
  return `<section class="card order" aria-labelledby="so-${id}">
  <div class="card-head"><h2 id="so-${id}">${escapeHtml(title)}</h2><span class="badge"><span class="visually-hidden">IOM state: </span>${escapeHtml(order.iomState)}</span></div>
  <dl class="facts">
    <div><dt>Name</dt><dd>${escapeHtml(order.name)}</dd></div>
    <div><dt>External order ID</dt><dd>${escapeHtml(order.externalOrderId ?? '—')}</dd></div>
    <div><dt>Customer</dt><dd>${escapeHtml(order.customerName ?? '—')}</dd></div>
    <div><dt>Status</dt><dd>${escapeHtml(order.state)} · ${escapeHtml(order.statusReason)}</dd></div>
    ${order.iomStateReason ? `<div><dt>IOM state reason</dt><dd>${escapeHtml(order.iomStateReason)}</dd></div>` : ''}
    <div><dt>Total</dt><dd>${order.totalAmount.toFixed(2)}</dd></div>
    <div><dt>Modified on</dt><dd>${escapeHtml(order.modifiedOn)}</dd></div>
  </dl>
  <table>
    <caption>Order lines</caption>
    <thead><tr><th scope="col">SKU</th><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Shipped</th><th scope="col">Cancelled</th><th scope="col">Returned</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
  <div class="actions">
    <button type="button" data-action="create-fulfillment-order" data-id="${id}"${canFulfill ? '' : ' disabled'}>Create fulfillment order</button>
    <button type="button" class="secondary" data-toggle="${fulfillFormId}" aria-expanded="false" aria-controls="${fulfillFormId}"${canFulfill ? '' : ' disabled'}>Fulfill some quantities</button>
    <button type="button" data-toggle="${returnFormId}" aria-expanded="false" aria-controls="${returnFormId}"${returnable.length > 0 ? '' : ' disabled'}>Receive return</button>
    <button type="button" class="danger" data-action="request-cancel" data-id="${id}"${open && !cancelRequested ? '' : ' disabled'}>Request cancellation</button>
    <button type="button" class="danger" data-action="confirm-cancel" data-id="${id}"${open ? '' : ' disabled'}>Confirm cancellation</button>
  </div>
  <form id="${fulfillFormId}" class="panel" data-action="create-fulfillment-order" data-id="${id}" aria-label="Fulfill some quantities of ${escapeHtml(order.orderNumber)}" hidden>
    ${fulfillInputs}
    <div class="panel-buttons"><button type="submit">Confirm fulfillment order</button><button type="button" class="secondary" data-toggle="${fulfillFormId}">Close</button></div>
  </form>
  <form id="${returnFormId}" class="panel" data-action="receive-return" data-id="${id}" aria-label="Receive return for ${escapeHtml(order.orderNumber)}" hidden>
    ${returnInputs}
    <div class="panel-buttons"><button type="submit">Confirm return</button><button type="button" class="secondary" data-toggle="${returnFormId}">Close</button></div>
  </form>
  ${returnList ? `<ul class="returns" aria-label="Returns of ${escapeHtml(order.orderNumber)}">${returnList}</ul>` : ''}
  ${fulfillments.map((fo) => renderFulfillmentOrder(fo, state.carriers)).join('\n')}
</section>`;
}

const OPEN_STATES: ReadonlySet<string> = new Set(['New', 'Picked', 'Packed', 'Partially shipped']);

function renderFulfillmentOrder(fo: FulfillmentOrderView, carriers: readonly string[]): string {
  const id = escapeHtml(fo.fulfillmentOrderId);
  const formId = `ship-${id}`;
  const open = OPEN_STATES.has(fo.state);
  const rows = fo.lines
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.sku ?? '(write-in)')}</td><td>${escapeHtml(line.description)}</td><td>${line.quantity}</td><td>${line.quantityShipped}</td><td>${line.quantityCancelled}</td></tr>`,
    )
    .join('');
  const shipInputs = fo.lines
    .filter((line) => line.quantity - line.quantityShipped - line.quantityCancelled > 0)
    .map((line) => {
      const inputId = `shipqty-${escapeHtml(line.fulfillmentOrderDetailId)}`;
      const remaining = line.quantity - line.quantityShipped - line.quantityCancelled;
      return `<div class="field"><label for="${inputId}">Quantity to ship: ${escapeHtml(line.sku ?? line.description)}</label><input id="${inputId}" name="line:${escapeHtml(line.fulfillmentOrderDetailId)}" type="number" min="0" max="${remaining}" step="1" value="${remaining}"></div>`;
    })
    .join('');
  const skuOf = (detailId: string) => {
    const line = fo.lines.find((l) => l.fulfillmentOrderDetailId === detailId);
    return line?.sku ?? line?.description ?? detailId;
  };
  const shipments = fo.shipments
    .map(
      (s) =>
        `<li>${escapeHtml(s.carrier)} ${escapeHtml(s.trackingNumber)}: ${s.lines.map((l) => `${l.quantity} × ${escapeHtml(skuOf(l.fulfillmentOrderDetailId))}`).join(', ')}</li>`,
    )
    .join('');
  return `<section class="fulfillment" aria-labelledby="fo-${id}">
    <div class="card-head"><h3 id="fo-${id}">Fulfillment order ${escapeHtml(fo.name)}</h3><span class="badge"><span class="visually-hidden">State: </span>${escapeHtml(fo.state)}</span><span class="muted">${escapeHtml(fo.warehouse ?? '')}</span></div>
    <table>
      <caption>Fulfillment lines</caption>
      <thead><tr><th scope="col">SKU</th><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Shipped</th><th scope="col">Cancelled</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
    ${shipments ? `<ul class="shipments" aria-label="Shipments of ${escapeHtml(fo.name)}">${shipments}</ul>` : ''}
    ${open ? `<p class="hint">Several packages: ship each with its own carrier and tracking number, with the quantities in that package.</p>` : ''}
    <div class="actions">
      <button type="button" data-action="pick" data-id="${id}"${fo.state === 'New' ? '' : ' disabled'}>Pick</button>
      <button type="button" data-action="pack" data-id="${id}"${fo.state === 'Picked' ? '' : ' disabled'}>Pack</button>
      <button type="button" data-toggle="${formId}" aria-expanded="false" aria-controls="${formId}"${open ? '' : ' disabled'}>Ship</button>
      <button type="button" class="danger" data-action="cancel" data-id="${id}"${open ? '' : ' disabled'}>Cancel</button>
    </div>
    <form id="${formId}" class="panel" data-action="ship" data-id="${id}" aria-label="Ship ${escapeHtml(fo.name)}" hidden>
      <div class="field"><label for="carrier-${id}">Carrier</label><select id="carrier-${id}" name="carrier">${carriers.map((c) => `<option>${escapeHtml(c)}</option>`).join('')}</select></div>
      <div class="field"><label for="tracking-${id}">Tracking number</label><input id="tracking-${id}" name="trackingNumber" type="text" maxlength="100" required autocomplete="off"></div>
      ${shipInputs}
      <div class="panel-buttons"><button type="submit">Confirm shipment</button><button type="button" class="secondary" data-toggle="${formId}">Close</button></div>
    </form>
  </section>`;
}

export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#002050"/>' +
  '<path d="M4 3l8 5-8 5z" fill="#fff"/></svg>';

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "Segoe UI","Segoe UI Web (West European)",system-ui,-apple-system,Roboto,sans-serif;color:#242424;background:#f3f2f1}
.topbar{display:flex;align-items:center;gap:10px;height:48px;padding:0 16px;background:#002050;color:#fff}
.waffle{width:16px;height:16px;background:radial-gradient(circle,#fff 1.5px,transparent 2px) 0 0/5.33px 5.33px}
.product{font-weight:600}.divider{opacity:.6}.app{font-weight:400}
.shell{display:flex;min-height:calc(100vh - 48px)}
.sitemap{width:210px;flex:none;background:#fff;border-right:1px solid #e1dfdd;padding:12px 0}
.sitemap .area{margin:0 16px 8px;font-size:12px;font-weight:600;color:#605e5c;text-transform:uppercase}
.sitemap ul{list-style:none;margin:0;padding:0}
.sitemap li a{display:block;padding:8px 16px;color:#323130;text-decoration:none}
.sitemap li a:hover{background:#f3f2f1}
.sitemap li a[aria-current]{background:#edebe9;border-left:3px solid #0f6cbd;font-weight:600}
main{flex:1;min-width:0;padding:0 24px 24px}
.commandbar{display:flex;gap:4px;padding:8px 0;border-bottom:1px solid #e1dfdd;margin-bottom:12px}
h1{font-size:20px;font-weight:600;margin:8px 0 4px}
.hint{margin:0 0 8px;color:#605e5c}
#status{min-height:1.45em;margin-bottom:8px}
#status[data-tone=error]{color:#a4262c}
.empty{padding:24px;background:#fff;border:1px solid #e1dfdd;border-radius:4px;color:#605e5c}
.card{background:#fff;border:1px solid #e1dfdd;border-radius:4px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card.order:has(h2:target){border-color:#0f6cbd;box-shadow:0 0 0 2px #0f6cbd}
.card-head{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
h2{font-size:16px;margin:0}h3{font-size:14px;margin:0}
.badge{font-size:12px;font-weight:600;padding:2px 8px;border-radius:10px;background:#deecf9;color:#004578}
.muted{color:#605e5c;font-size:12px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.facts{display:flex;flex-wrap:wrap;gap:4px 24px;margin:10px 0}
.facts div{display:flex;gap:6px}.facts dt{color:#605e5c}.facts dd{margin:0;font-weight:600}
table{border-collapse:collapse;width:100%;margin:8px 0}
caption{text-align:left;font-size:12px;color:#605e5c;padding-bottom:4px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #edebe9}
th{font-weight:600;color:#605e5c;font-size:12px}
.fulfillment{border-left:3px solid #0f6cbd;background:#faf9f8;padding:10px 12px;margin:12px 0 0}
.shipments,.returns{margin:4px 0;padding-left:18px}
.actions,.panel-buttons{display:flex;gap:8px;flex-wrap:wrap;margin-top:8px}
button{font:inherit;padding:5px 14px;border-radius:2px;border:1px solid #0f6cbd;background:#0f6cbd;color:#fff;cursor:pointer}
button.secondary,.commandbar button{background:#fff;color:#242424;border-color:#8a8886}
button.danger{background:#fff;color:#a4262c;border-color:#a4262c}
button:disabled{opacity:.45;cursor:not-allowed}
.panel{margin-top:10px;padding:12px;border:1px solid #c8c6c4;border-radius:4px;background:#fff;display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
.panel[hidden]{display:none}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-size:12px;color:#605e5c}
.field input,.field select{font:inherit;padding:4px 6px;border:1px solid #8a8886;border-radius:2px;min-width:120px}
`;
