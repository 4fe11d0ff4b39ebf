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

  function show(url) { frame.src = url; }

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
})();
`;
