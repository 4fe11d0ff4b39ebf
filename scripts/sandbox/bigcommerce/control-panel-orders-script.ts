/**
 * The Orders section's part of the control panel script (plain ES2020, runs inside the main script's
 * closure: `byId`, `say`, `storeSelect` are in scope). Posts to the simulator-private order helpers.
 */
export const ORDERS_SCRIPT = String.raw`
  var orderForm = byId('order-form');
  var lineTemplate = byId('line-template');
  var orderLines = byId('order-lines');
  var ordersBody = document.querySelector('#recent-orders tbody');
  // The order a link to /store-<hash>/manage/orders/<id> asked for: its row is marked and scrolled to once.
  var focusOrder = new URLSearchParams(location.search).get('order');
  var focusScrolled = false;

  function addLine() {
    var row = lineTemplate.content.firstElementChild.cloneNode(true);
    var n = orderLines.children.length + 1;
    row.querySelector('.line-sku').setAttribute('aria-label', 'SKU, line ' + n);
    row.querySelector('.line-qty').setAttribute('aria-label', 'Quantity, line ' + n);
    row.querySelector('.line-address').setAttribute('aria-label', 'Ship to, line ' + n);
    orderLines.appendChild(row);
  }

  function readAddress(index) {
    var address = {};
    document.querySelectorAll('fieldset.address[data-address="' + index + '"] input').forEach(function (input) {
      address[input.dataset.key] = input.value.trim();
    });
    return address;
  }

  function orderFromForm() {
    var lines = Array.prototype.map.call(orderLines.children, function (row) {
      return {
        sku: row.querySelector('.line-sku').value,
        quantity: Number(row.querySelector('.line-qty').value),
        address: Number(row.querySelector('.line-address').value),
      };
    });
    var usesSecond = lines.some(function (l) { return l.address === 1; });
    var order = {
      lines: lines,
      addresses: usesSecond ? [readAddress(0), readAddress(1)] : [readAddress(0)],
      paymentStatus: byId('payment-status').value,
    };
    var code = byId('coupon-code').value.trim();
    var percent = byId('coupon-percent').value;
    if (code) order.coupon = { code: code, percent: Number(percent) };
    return order;
  }

  function post(action, payload) {
    return fetch('/sandbox/control-panel/' + action, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
      .then(function (response) { return response.json(); })
      .catch(function (error) { return { ok: false, message: 'The simulator did not answer: ' + error.message }; });
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text;
    return td;
  }

  function refreshOrders() {
    return fetch('/sandbox/control-panel/orders?store=' + encodeURIComponent(storeSelect.value))
      .then(function (response) { return response.json(); })
      .then(function (result) {
        ordersBody.replaceChildren.apply(ordersBody, (result.orders || []).map(function (o) {
          var tr = document.createElement('tr');
          [ '#' + o.id, o.status, o.total + ' ' + o.currency, String(o.items), String(o.shipped) ].forEach(function (t) { tr.appendChild(cell(t)); });
          if (focusOrder !== null && String(o.id) === focusOrder) {
            tr.className = 'focused';
            tr.setAttribute('aria-current', 'true');
          }
          var shipments = document.createElement('td');
          (o.shipments || []).forEach(function (s) {
            var line = document.createElement(s.link ? 'a' : 'span');
            line.className = 'shipment';
            line.textContent = (s.tracking || '(no tracking)') + (s.carrier ? ' · ' + s.carrier : '') + ' · ' + s.items;
            if (s.link) { line.href = s.link; line.target = '_blank'; line.rel = 'noopener'; }
            shipments.appendChild(line);
          });
          tr.appendChild(shipments);
          tr.appendChild(cell(o.created));
          var actions = document.createElement('td');
          var items = [];
          if (o.shipped < o.items) {
            items.push({
              label: 'Ship by hand',
              name: 'Ship order ' + o.id + ' by hand',
              run: function () {
                post('ship-order', { store: storeSelect.value, orderId: o.id }).then(function (result) {
                  say(result.message, result.ok ? 'info' : 'error');
                  return refreshOrders();
                });
              },
            });
          }
          (result.extensions || []).forEach(function (extension) {
            items.push({
              label: extension.label,
              name: extension.label,
              // As BigCommerce does: the template's \${id} becomes the order id, then the app loads at that url.
              run: function () { openAppAt(extension.url.split('\${id}').join(String(o.id))); },
            });
          });
          if (items.length) actions.appendChild(actionMenu(o.id, items));
          tr.appendChild(actions);
          return tr;
        }));
        var focused = ordersBody.querySelector('tr.focused');
        if (focused && !focusScrolled) {
          focusScrolled = true;
          focused.scrollIntoView({ block: 'center' });
        }
      })
      .catch(function (error) { say('Could not list the orders: ' + error.message, 'error'); });
  }

  // The row's Action menu (a menu button: Enter/Space/ArrowDown open it, Escape closes it).
  function actionMenu(orderId, items) {
    var wrap = document.createElement('div');
    wrap.className = 'action-menu';
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'secondary';
    toggle.textContent = 'Actions';
    toggle.setAttribute('aria-label', 'Actions for order ' + orderId);
    toggle.setAttribute('aria-haspopup', 'menu');
    toggle.setAttribute('aria-expanded', 'false');
    var menu = document.createElement('ul');
    menu.setAttribute('role', 'menu');
    menu.setAttribute('aria-label', 'Actions for order ' + orderId);
    menu.hidden = true;
    var close = function (focusToggle) {
      menu.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      if (focusToggle) toggle.focus();
    };
    items.forEach(function (item) {
      var li = document.createElement('li');
      li.setAttribute('role', 'none');
      var button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.textContent = item.label;
      if (item.name !== item.label) button.setAttribute('aria-label', item.name);
      button.addEventListener('click', function () { close(false); item.run(); });
      li.appendChild(button);
      menu.appendChild(li);
    });
    toggle.addEventListener('click', function () {
      var opening = menu.hidden;
      document.querySelectorAll('.action-menu [role=menu]').forEach(function (m) { m.hidden = true; });
      menu.hidden = !opening;
      toggle.setAttribute('aria-expanded', String(opening));
      if (opening) menu.querySelector('[role=menuitem]').focus();
    });
    menu.addEventListener('keydown', function (event) {
      var entries = Array.prototype.slice.call(menu.querySelectorAll('[role=menuitem]'));
      var at = entries.indexOf(document.activeElement);
      if (event.key === 'Escape') { event.preventDefault(); close(true); }
      else if (event.key === 'ArrowDown') { event.preventDefault(); entries[(at + 1) % entries.length].focus(); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); entries[(at - 1 + entries.length) % entries.length].focus(); }
    });
    wrap.appendChild(toggle);
    wrap.appendChild(menu);
    return wrap;
  }

  document.addEventListener('click', function (event) {
    if (event.target.closest && event.target.closest('.action-menu')) return;
    document.querySelectorAll('.action-menu [role=menu]').forEach(function (m) { m.hidden = true; });
    document.querySelectorAll('.action-menu [aria-expanded=true]').forEach(function (b) { b.setAttribute('aria-expanded', 'false'); });
  });

  byId('add-line').addEventListener('click', addLine);

  orderForm.addEventListener('submit', function (event) {
    event.preventDefault();
    post('place-order', { store: storeSelect.value, order: orderFromForm() }).then(function (result) {
      say(result.message, result.ok ? 'info' : 'error');
      return refreshOrders();
    });
  });

  byId('place-many').addEventListener('click', function () {
    say('Placing 1,000 orders…');
    post('place-orders', { store: storeSelect.value, count: 1000 }).then(function (result) {
      say(result.message, result.ok ? 'info' : 'error');
      return refreshOrders();
    });
  });

  storeSelect.addEventListener('change', refreshOrders);
  addLine();
  refreshOrders();
  // Shipments and statuses the app writes show up while the list is on screen (sandbox convenience: the
  // real control panel shows them on the next page load). Not while the merchant is using a row's menu.
  setInterval(function () {
    var section = byId('view-orders');
    if (!section || section.hidden || document.hidden) return;
    if (ordersBody.contains(document.activeElement)) return;
    refreshOrders();
  }, 2000);
`;
