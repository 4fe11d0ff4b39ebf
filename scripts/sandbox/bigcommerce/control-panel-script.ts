/**
 * The control panel's browser script (served as `/sandbox/control-panel/app.js`). Plain ES2020 kept in a
 * string so the simulator needs no asset pipeline and works the same from source and from a bundle.
 * Every button posts to a `/sandbox/control-panel/*` helper, which runs the same merchant action as the
 * simulator's test drivers, then shows the outcome in the status area.
 */
import { ORDERS_SCRIPT } from './control-panel-orders-script';

export const CONTROL_PANEL_SCRIPT = String.raw`'use strict';
(function () {
  var byId = function (id) { return document.getElementById(id); };
  var state = JSON.parse(byId('initial-state').textContent);
  var storeSelect = byId('store-select');
  var userSelect = byId('user-select');
  var deepLink = byId('deep-link');
  var frame = byId('app-frame');
  var status = byId('status');
  var buttons = {
    install: byId('install'),
    open: byId('open'),
    uninstall: byId('uninstall'),
    removeUser: byId('remove-user'),
  };

  function currentStore() {
    return state.stores.find(function (s) { return s.hash === storeSelect.value; }) || state.stores[0];
  }

  function say(text, tone) {
    status.textContent = text;
    status.dataset.tone = tone || 'info';
  }

  function render() {
    var store = currentStore();
    byId('nav-store-name').textContent = store.name;
    var badge = byId('install-state');
    badge.textContent = store.installed ? 'Installed' : 'Not installed';
    badge.classList.toggle('on', store.installed);
    var selected = Number(userSelect.value);
    userSelect.replaceChildren.apply(userSelect, store.users.map(function (u) {
      var label = u.email + (u.id === store.owner.id ? ' (owner)' : '');
      return new Option(label, String(u.id), false, u.id === selected);
    }));
    buttons.removeUser.disabled = Number(userSelect.value) === store.owner.id;
  }

  function refresh() {
    return fetch('/sandbox/control-panel/state')
      .then(function (response) { return response.json(); })
      .then(function (next) { state = next; render(); })
      .catch(function (error) { say('Could not refresh the control panel: ' + error.message, 'error'); });
  }

  function act(action, extra) {
    var payload = Object.assign({ store: storeSelect.value, user: Number(userSelect.value) }, extra || {});
    return fetch('/sandbox/control-panel/' + action, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
      .then(function (response) { return response.json(); })
      .catch(function (error) { return { ok: false, message: 'The simulator did not answer: ' + error.message }; });
  }

  // Every change of the frame counts, so a late answer of an automatic open never replaces a newer page.
  var frameSeq = 0;
  function show(url) {
    frameSeq++;
    frame.src = url;
  }

  var viewSections = { apps: byId('view-apps'), orders: byId('view-orders') };
  var currentView = viewSections.orders.hidden ? 'apps' : 'orders';

  // The side navigation's Apps and Orders: switch the area in place (the app's frame keeps its page).
  function showView(view, push) {
    if (!viewSections[view]) return;
    currentView = view;
    viewSections.apps.hidden = view !== 'apps';
    viewSections.orders.hidden = view !== 'orders';
    document.querySelectorAll('.app-only').forEach(function (el) { el.hidden = view !== 'apps'; });
    var title = view === 'orders' ? 'Orders' : state.appName;
    byId('page-title').textContent = title;
    var crumbs = byId('crumbs');
    crumbs.replaceChildren();
    (view === 'orders' ? ['Orders'] : ['Apps', state.appName]).forEach(function (text, i, all) {
      var li = document.createElement('li');
      li.textContent = text;
      if (i === all.length - 1) li.setAttribute('aria-current', 'page');
      crumbs.appendChild(li);
    });
    document.querySelectorAll('.side a[data-view]').forEach(function (a) {
      var here = a.dataset.view === view;
      a.parentElement.classList.toggle('current', here);
      if (here) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    if (push) {
      var query = new URLSearchParams({ view: view, store: storeSelect.value });
      history.pushState({ view: view }, '', location.pathname + '?' + query.toString());
    }
    if (view === 'apps' && frame.getAttribute('src') === 'about:blank') autoOpen();
    if (view === 'orders' && typeof refreshOrders === 'function') refreshOrders();
  }

  document.querySelectorAll('.side a[data-view]').forEach(function (a) {
    a.addEventListener('click', function (event) {
      event.preventDefault();
      showView(a.dataset.view, true);
    });
  });
  window.addEventListener('popstate', function () {
    showView(new URLSearchParams(location.search).get('view') === 'orders' ? 'orders' : 'apps', false);
  });

  // Like BigCommerce, the Apps page of an installed app opens the app by itself.
  function autoOpen() {
    var store = currentStore();
    if (currentView !== 'apps' || !store.installed) return;
    var seq = frameSeq;
    act('load-url').then(function (result) {
      if (seq !== frameSeq || currentView !== 'apps' || storeSelect.value !== store.hash) return;
      if (!result.ok) return say(result.message, 'error');
      say(result.message);
      show(result.url);
    });
  }

  // Open an app page at a path (an App Extension of the order list): the app's frame, in the Apps area.
  function openAppAt(path) {
    act('load-url', { path: path }).then(function (result) {
      if (!result.ok) return say(result.message, 'error');
      showView('apps', true);
      say(result.message);
      show(result.url);
    });
  }

  // The Copy buttons of the sandbox values: the clipboard, or a selection to copy by hand.
  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var value = button.dataset.copy;
      var label = button.getAttribute('aria-label').replace(/^Copy /, '');
      var done = function () {
        button.textContent = 'Copied';
        say('Copied the ' + label + ' to the clipboard.');
        setTimeout(function () { button.textContent = 'Copy'; }, 2000);
      };
      var byHand = function () {
        var range = document.createRange();
        range.selectNodeContents(button.previousElementSibling);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        say('Press Ctrl+C (or ⌘C) to copy the selected ' + label + '.');
      };
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(value).then(done, byHand);
      else byHand();
    });
  });

  // Set while the app's /auth answer is loading in the frame; the next frame load reports the outcome.
  var installing = null;

  buttons.install.addEventListener('click', function () {
    act('install').then(function (result) {
      if (!result.ok) return say(result.message, 'error');
      say(result.message);
      installing = storeSelect.value;
      show(result.url);
    });
  });

  buttons.open.addEventListener('click', function () {
    var path = deepLink.value.trim();
    act('load-url', path ? { path: path } : {}).then(function (result) {
      if (!result.ok) {
        show('about:blank');
        return say(result.message, 'error');
      }
      say(result.message);
      show(result.url);
    });
  });

  buttons.uninstall.addEventListener('click', function () {
    act('uninstall').then(function (result) {
      if (result.ok) show('about:blank');
      say(result.message, result.ok ? 'info' : 'error');
      return refresh();
    });
  });

  buttons.removeUser.addEventListener('click', function () {
    act('remove-user').then(function (result) {
      if (result.ok) show('about:blank');
      say(result.message, result.ok ? 'info' : 'error');
      return refresh();
    });
  });

  storeSelect.addEventListener('change', function () {
    show('about:blank');
    say('');
    render();
    autoOpen();
  });

  userSelect.addEventListener('change', function () {
    show('about:blank');
    render();
  });

  // The app's /auth answer lands in the frame; afterwards the store may count as installed.
  frame.addEventListener('load', function () {
    refresh().then(function () {
      if (!installing) return;
      var store = state.stores.find(function (s) { return s.hash === installing; });
      installing = null;
      if (store && store.installed) say(state.appName + ' is installed on ' + store.name + '.');
      else say('The install did not complete: the app explains why in the frame below.', 'error');
    });
  });
${ORDERS_SCRIPT}
  autoOpen();
})();
`;
