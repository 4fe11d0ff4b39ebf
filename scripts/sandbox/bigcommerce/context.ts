import type { AppExtensionRegistry } from './app-extension-registry';
import type { Grants } from './grants';
import type { HookRegistry } from './hook-registry';
import type { ApiQuota } from './api-quota';
import type { StoreDirectory } from './store-directory';
import type { MetafieldStore } from './orders/metafield-store';
import type { OrderBook } from './orders/order-book';
import type { WebhookDispatcher } from './webhook-dispatcher';
import type { WriteCounter } from './write-counter';
import type { RecordedRequest, SandboxLink, SandboxNote, SimulatorKnobs, WebhookDelivery } from './types';

/** The app as registered in BigCommerce's Developer Portal. `appUrl` and `scopes` can change at run time,
 *  as a Developer Portal edit would. */
export interface AppRegistration {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Developer Portal account that registered the app (the `account_uuid` of /auth and the token response). */
  readonly accountUuid: string;
  appUrl: string;
  scopes: string;
}

/** Everything the simulator's routes and merchant actions share. */
export interface SimulatorContext {
  app: AppRegistration;
  stores: StoreDirectory;
  grants: Grants;
  hooks: HookRegistry;
  appExtensions: AppExtensionRegistry;
  quota: ApiQuota;
  orders: OrderBook;
  metafields: MetafieldStore;
  webhooks: WebhookDispatcher;
  /** Every webhook delivery attempt, oldest first (the most recent 10,000). */
  deliveries: WebhookDelivery[];
  knobs: SimulatorKnobs;
  requests: RecordedRequest[];
  /** Accepted API writes per store, by kind. */
  writes: WriteCounter;
  now: () => number;
  /** Sandbox facts shown on the control panel page. */
  notes: SandboxNote[];
  /** Extra side navigation items of the control panel. */
  links: SandboxLink[];
  /** Told after every request that may have changed state (the demo's state file saves then). */
  onStateChange?: () => void;
}
