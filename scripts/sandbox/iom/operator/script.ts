/**
 * The operator page's browser script (served as `/sandbox/iom/app.js`). Plain JavaScript in a string so
 * the simulator needs no asset pipeline. Buttons post to `/sandbox/iom/actions/*`, which run the same
 * operator actions as `simulator.operator`; the current area (`?view=`) is re-fetched every 2 seconds
 * unless a form is open. A form posts its `line:<id>` quantities above 0 as `lines` and its other fields
 * by name.
 */
export const OPERATOR_SCRIPT = String.raw`'use strict';
(function () {
  var orders = document.getElementById('orders');
  var status = document.getElementById('status');
  var assets = orders.getAttribute('data-assets');
  var view = orders.getAttribute('data-view') || 'sales-orders';
  var shown = orders.innerHTML;
  var busy = false;

  function say(text, tone) {
    status.textContent = text;
    status.setAttribute('data-tone', tone || 'info');
  }

  function formOpen() {
    return orders.querySelector('form:not([hidden])') !== null;
  }

  function refresh(force) {
    if (busy || (!force && formOpen())) return Promise.resolve();
    return fetch(assets + '/orders?view=' + encodeURIComponent(view), { cache: 'no-store' })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (html === shown || (!force && formOpen())) return;
        orders.innerHTML = html;
        shown = html;
      })
      .catch(function (error) { say('The order list could not be refreshed: ' + error.message, 'error'); });
  }

  function act(action, payload) {
    busy = true;
    return fetch(assets + '/actions/' + action, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
      .then(function (response) { return response.json(); })
      .catch(function (error) { return { ok: false, message: 'The simulator did not answer: ' + error.message }; })
      .then(function (result) {
        busy = false;
        say(result.message, result.ok ? 'info' : 'error');
        return refresh(true);
      });
  }

  function toggle(formId) {
    var form = document.getElementById(formId);
    if (!form) return;
    form.hidden = !form.hidden;
    orders.querySelectorAll('[aria-controls="' + formId + '"]').forEach(function (button) {
      button.setAttribute('aria-expanded', String(!form.hidden));
    });
    var first = form.querySelector('input, select');
    if (!form.hidden && first) first.focus();
  }

  orders.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button || button.type === 'submit' || button.disabled) return;
    var formId = button.getAttribute('data-toggle');
    if (formId) return toggle(formId);
    var action = button.getAttribute('data-action');
    if (action) act(action, { id: button.getAttribute('data-id') });
  });

  orders.addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    var data = new FormData(form);
    var lines = [];
    var payload = { id: form.getAttribute('data-id') };
    data.forEach(function (value, name) {
      if (name.indexOf('line:') !== 0) payload[name] = value;
      else if (Number(value) > 0) lines.push({ id: name.slice(5), quantity: Number(value) });
    });
    if (form.querySelector('[name^="line:"]')) payload.lines = lines;
    toggle(form.id);
    act(form.getAttribute('data-action'), payload);
  });

  document.getElementById('refresh').addEventListener('click', function () { refresh(true); });
  setInterval(refresh, 2000);
})();
`;
