import { CATALOG } from './orders/catalog';
import { DEFAULT_ADDRESS } from './orders/order-builder';
import { formatMoney } from './orders/money';

/** The control panel's Orders area: a Place order form, "Place 1,000 orders", and the recent orders with their
 *  status, shipments and an Action menu (ship by hand, and the apps' App Extensions for orders). */

const ADDRESS_FIELDS: Array<[key: string, label: string]> = [
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['street_1', 'Street'],
  ['city', 'City'],
  ['state', 'State'],
  ['zip', 'ZIP'],
  ['country_iso2', 'Country'],
];

const SECOND_ADDRESS: Record<string, string> = {
  ...(DEFAULT_ADDRESS as unknown as Record<string, string>),
  first_name: 'John',
  street_1: '12 Lake Road',
  zip: '78702',
};

export function renderOrdersSection(): string {
  const skuOptions = CATALOG.map(
    (c) =>
      `<option value="${c.sku}">${escapeHtml(`${c.sku} · ${c.name} · $${formatMoney(c.price).slice(0, -2)}`)}</option>`,
  ).join('');
  return `<section class="orders" aria-labelledby="place-order-title">
  <h2 id="place-order-title">Place an order</h2>
  <form id="order-form" aria-label="Place order">
    <template id="line-template">
      <div class="line">
        <select class="line-sku" aria-label="SKU">${skuOptions}</select>
        <input class="line-qty" type="number" min="1" max="1000" value="1" aria-label="Quantity">
        <select class="line-address" aria-label="Ship to"><option value="0">Address 1</option><option value="1">Address 2</option></select>
      </div>
    </template>
    <fieldset><legend>Lines</legend><div id="order-lines"></div>
      <button type="button" id="add-line" class="secondary">Add a line</button></fieldset>
    ${addressFieldset(1, DEFAULT_ADDRESS as unknown as Record<string, string>)}
    ${addressFieldset(2, SECOND_ADDRESS)}
    <fieldset><legend>Payment</legend>
      <div class="field"><label for="coupon-code">Coupon code</label><input id="coupon-code" type="text" spellcheck="false"></div>
      <div class="field"><label for="coupon-percent">Coupon percent</label><input id="coupon-percent" type="number" min="0" max="100" step="0.01"></div>
      <div class="field"><label for="payment-status">Payment status</label><select id="payment-status">
        <option value="captured">Captured (Awaiting Fulfillment)</option>
        <option value="pending">Pending (Awaiting Payment)</option>
        <option value="declined">Declined</option></select></div>
    </fieldset>
    <div class="buttons"><button type="submit" id="place-order">Place order</button>
      <button type="button" id="place-many" class="secondary">Place 1,000 orders</button></div>
  </form>
</section>
<section class="orders" aria-labelledby="recent-orders-title">
  <h2 id="recent-orders-title">Recent orders</h2>
  <table id="recent-orders" aria-label="Recent orders">
    <thead><tr><th scope="col">Order</th><th scope="col">Status</th><th scope="col">Total</th><th scope="col">Items</th><th scope="col">Shipped</th><th scope="col">Shipments</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
    <tbody></tbody>
  </table>
</section>`;
}

function addressFieldset(n: number, values: Record<string, string>): string {
  const fields = ADDRESS_FIELDS.map(
    ([key, label]) =>
      `<div class="field"><label for="addr${n}-${key}">${label} (address ${n})</label><input id="addr${n}-${key}" data-key="${key}" type="text" value="${escapeHtml(values[key] ?? '')}"></div>`,
  ).join('');
  return `<fieldset class="address" data-address="${n - 1}"><legend>Address ${n}${n > 1 ? ' (for lines shipped to it)' : ''}</legend>${fields}</fieldset>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const ORDERS_STYLES = `
.orders{margin:0 24px 24px;padding:12px 16px;background:#fff;border:1px solid #d9dce9;border-radius:4px}
.orders h2{margin:0 0 8px;font-size:18px}
.orders tr.focused td{background:#f0f3ff;box-shadow:inset 0 -1px 0 #3c64f4,inset 0 1px 0 #3c64f4}
.orders form{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
.orders fieldset{border:1px solid #d9dce9;border-radius:4px;display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end}
.orders .address input{width:110px}
.orders .line{display:flex;gap:6px;margin-bottom:6px}
.orders input,.orders select{font:inherit;padding:4px 6px;border:1px solid #d9dce9;border-radius:4px}
.orders .line-qty{width:70px}
button.secondary{background:#fff;color:#3c64f4}
#recent-orders{margin-top:12px;border-collapse:collapse;width:100%}
#recent-orders th,#recent-orders td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e6ef}
#recent-orders .shipment{display:block}
.action-menu{position:relative;display:inline-block}
.action-menu [role=menu]{position:absolute;right:0;z-index:2;min-width:200px;margin:4px 0 0;padding:4px 0;list-style:none;background:#fff;border:1px solid #d9dce9;border-radius:4px;box-shadow:0 2px 8px rgba(49,52,64,.2)}
.action-menu [role=menuitem]{display:block;width:100%;text-align:left;border:0;border-radius:0;background:#fff;color:#313440;font-weight:400;padding:6px 12px}
.action-menu [role=menuitem]:hover,.action-menu [role=menuitem]:focus{background:#f0f3ff;outline:none}
`;
