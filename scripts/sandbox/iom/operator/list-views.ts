/**
 * The operator page's other site map areas: every fulfillment order (with its shipments), every return,
 * and Providers (where the connector push is configured, with the last push attempts).
 */
import type { FulfillmentOrderView, PushAttempt, ReturnOrderView, SalesOrderView } from '../types';
import { escapeHtml } from './html';

export interface PushPanelState {
  target: { url: string; storeHash: string } | null;
  attempts: PushAttempt[];
}

/** Pushes shown on the Providers page, newest first. */
const PUSHES_SHOWN = 20;

function orderNumberOf(salesOrders: readonly SalesOrderView[], salesOrderId: string): string {
  return salesOrders.find((o) => o.salesOrderId === salesOrderId)?.orderNumber ?? salesOrderId;
}

export function renderFulfillmentOrderTable(
  fulfillmentOrders: readonly FulfillmentOrderView[],
  salesOrders: readonly SalesOrderView[],
): string {
  if (fulfillmentOrders.length === 0)
    return '<p class="empty">No fulfillment orders yet. Create one from a sales order.</p>';
  const rows = [...fulfillmentOrders]
    .reverse()
    .map((fo) => {
      const skuOf = (detailId: string) => {
        const line = fo.lines.find((l) => l.fulfillmentOrderDetailId === detailId);
        return line?.sku ?? line?.description ?? detailId;
      };
      const lines = fo.lines
        .map(
          (l) =>
            `${escapeHtml(l.sku ?? l.description)}: ${l.quantity} (shipped ${l.quantityShipped}, cancelled ${l.quantityCancelled})`,
        )
        .join('<br>');
      const shipments =
        fo.shipments
          .map(
            (s) =>
              `${escapeHtml(s.carrier)} ${escapeHtml(s.trackingNumber)}: ${s.lines.map((l) => `${l.quantity} × ${escapeHtml(skuOf(l.fulfillmentOrderDetailId))}`).join(', ')}`,
          )
          .join('<br>') || '—';
      return `<tr><th scope="row">${escapeHtml(fo.name)}</th><td>${escapeHtml(orderNumberOf(salesOrders, fo.salesOrderId))}</td><td>${escapeHtml(fo.state)}</td><td>${escapeHtml(fo.warehouse ?? '—')}</td><td>${lines}</td><td>${shipments}</td></tr>`;
    })
    .join('');
  return `<section class="card" aria-label="All fulfillment orders"><table>
  <caption>Fulfillment orders, newest first</caption>
  <thead><tr><th scope="col">Fulfillment order</th><th scope="col">Sales order</th><th scope="col">State</th><th scope="col">Warehouse</th><th scope="col">Lines</th><th scope="col">Shipments</th></tr></thead>
  <tbody>${rows}</tbody>
</table></section>`;
}

export function renderReturnTable(
  returnOrders: readonly ReturnOrderView[],
  salesOrders: readonly SalesOrderView[],
): string {
  if (returnOrders.length === 0)
    return '<p class="empty">No returns yet. Receive one from a shipped sales order.</p>';
  const rows = [...returnOrders]
    .reverse()
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.name)}</th><td>${escapeHtml(orderNumberOf(salesOrders, r.salesOrderId))}</td><td>${escapeHtml(r.receivedOn)}</td><td>${r.lines.map((l) => `${l.quantity} × ${escapeHtml(l.sku ?? l.salesOrderDetailId)}`).join(', ')}</td></tr>`,
    )
    .join('');
  return `<section class="card" aria-label="All returns"><table>
  <caption>Return orders, newest first</caption>
  <thead><tr><th scope="col">Return order</th><th scope="col">Sales order</th><th scope="col">Received</th><th scope="col">Lines</th></tr></thead>
  <tbody>${rows}</tbody>
</table></section>`;
}

export function renderPushPanel(push: PushPanelState): string {
  const target = push.target
    ? `<dl class="facts"><div><dt>Push URL</dt><dd>${escapeHtml(push.target.url)}</dd></div><div><dt>Store hash</dt><dd>${escapeHtml(push.target.storeHash)}</dd></div></dl>`
    : '<p class="hint">No push target: operator actions are not pushed to the connector.</p>';
  const attempts = push.attempts.slice(-PUSHES_SHOWN).reverse();
  const rows = attempts
    .map((a) => {
      const result = !a.settled ? 'sending…' : a.error ? `failed: ${a.error}` : `HTTP ${a.status ?? ''}`;
      return `<tr><td>${escapeHtml(a.occurredAt)}</td><td>${escapeHtml(a.event)}</td><td>${escapeHtml(a.salesOrderId)}</td><td>${escapeHtml(a.url)}</td><td>${escapeHtml(result)}</td></tr>`;
    })
    .join('');
  const history =
    attempts.length === 0
      ? '<p class="hint">No pushes yet.</p>'
      : `<table><caption>Last pushes, newest first</caption><thead><tr><th scope="col">Occurred at</th><th scope="col">Event</th><th scope="col">Sales order ID</th><th scope="col">URL</th><th scope="col">Result</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section class="card" aria-labelledby="push-head">
  <div class="card-head"><h2 id="push-head">Connector push</h2><span class="badge">${push.target ? 'On' : 'Off'}</span></div>
  <p class="hint">Like an IOM provider action or a Power Automate flow: every operator action that changes a sales order is POSTed to the connector, signed with the secret (header X-IOM-Connector-Signature).</p>
  ${target}
  <div class="actions">
    <button type="button" data-toggle="push-form" aria-expanded="false" aria-controls="push-form">Configure push</button>
    <button type="button" class="danger" data-action="clear-push" data-id="push"${push.target ? '' : ' disabled'}>Turn push off</button>
  </div>
  <form id="push-form" class="panel" data-action="configure-push" data-id="push" aria-label="Configure push" hidden>
    <div class="field"><label for="push-url">Push URL</label><input id="push-url" name="url" type="url" required autocomplete="off" placeholder="https://connector.example/iom/push" value="${escapeHtml(push.target?.url ?? '')}"></div>
    <div class="field"><label for="push-secret">Signing secret</label><input id="push-secret" name="secret" type="password" required minlength="8" autocomplete="off"></div>
    <div class="field"><label for="push-store">Store hash</label><input id="push-store" name="storeHash" type="text" required autocomplete="off" value="${escapeHtml(push.target?.storeHash ?? '')}"></div>
    <div class="panel-buttons"><button type="submit">Save push target</button><button type="button" class="secondary" data-toggle="push-form">Close</button></div>
  </form>
  ${history}
</section>`;
}
