import type { Config } from '../config';

/**
 * Where a merchant opens the app from an e-mail: the control panel's My Apps page (the app only opens
 * inside the control panel, with BigCommerce's signed payload). In the sandbox, the simulated control
 * panel of the BigCommerce simulator.
 */
export function appLinkFor(
  config: Pick<Config, 'allowLoopbackTargets' | 'bigcommerce'>,
  storeHash: string,
): string {
  if (config.allowLoopbackTargets) {
    return `${config.bigcommerce.loginUrl}/control-panel?store=${encodeURIComponent(storeHash)}`;
  }
  return `https://store-${encodeURIComponent(storeHash)}.mybigcommerce.com/manage/marketplace/apps/my-apps`;
}
