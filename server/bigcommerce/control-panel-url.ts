import { isLoopbackHost } from '../config';

/**
 * Where a store's BigCommerce control panel is, for links that open outside the app's iframe.
 *
 * BigCommerce documents no URL for an order's page in the control panel. The form used here,
 * `https://store-<hash>.mybigcommerce.com/manage/orders/<id>`, is the one public integrations link to
 * (others link to the order list filtered to the order, `…/manage/orders?keywords=<id>`). When the app
 * talks to a loopback BigCommerce (the sandbox), the simulator serves each store's control panel under
 * `<login origin>/store-<hash>/manage`.
 */
export function controlPanelUrl(storeHash: string, bcLoginUrl: string): string {
  const login = new URL(bcLoginUrl);
  const store = `store-${encodeURIComponent(storeHash)}`;
  return isLoopbackHost(login.hostname)
    ? `${login.origin}/${store}/manage`
    : `https://${store}.mybigcommerce.com/manage`;
}
