/**
 * Jest's jsdom environment, plus Node's own fetch (undici) so components talk HTTP over real sockets to a
 * real app in the test (startHarness). A relative path (`/api/orders`) is sent to the app whose origin
 * the test set with `setApiOrigin` (test/helpers/render-page.tsx).
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // The server code a test starts beside the page (the harness) must load its Node builds, not the
    // browser ones (dynamics-web-api's browser build is ESM).
    this.customExportConditions = ['node', 'node-addons'];
    const g = this.global;
    const nodeFetch = globalThis.fetch;
    g.fetch = (input, init) => {
      // A URL or Request may come from either realm: read it by shape, not with instanceof.
      const url = typeof input === 'string' ? input : typeof input.href === 'string' ? input.href : input.url;
      const origin = g.__API_ORIGIN__;
      if (url.startsWith('/') && !origin) {
        throw new Error(
          `fetch(${url}): call setApiOrigin(harness.appUrl) before rendering a page that reads the API.`,
        );
      }
      return nodeFetch(url.startsWith('/') ? `${origin}${url}` : url, init);
    };
    // Node's timers too: the app's runtime unref()s its timers, which jsdom's numeric ids cannot do.
    for (const name of [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'Buffer',
      'Request',
      'Response',
      'Headers',
      'AbortController',
      'AbortSignal',
      'TextEncoder',
      'TextDecoder',
      'ReadableStream',
      'structuredClone',
    ]) {
      if (globalThis[name]) g[name] = globalThis[name];
    }
  }
}

module.exports = JsdomWithFetch;
