import type { BigCommerceOrder } from '../bigcommerce/order-schema';
import type { AppDeps } from '../deps';
import type { DataverseClient } from '../iom/dataverse-client';
import { mapSalesOrder, type MappingProblem, type SalesOrderDraft } from '../iom/sales-order-mapping';
import type { SalesOrderProfile } from '../iom/sales-order-profile';
import type { InboundSettings } from './store-settings';

export interface PreparedSalesOrder {
  draft: SalesOrderDraft;
  problems: MappingProblem[];
  /** References picked without an explicit setting, said on the timeline. */
  notes: string[];
  profile: SalesOrderProfile;
}

/**
 * Everything between a BigCommerce order and the exact body IOM gets: references (account, price list,
 * currency, unit, warehouse), SKU → product, the table's profile, then the pure mapping. The real
 * send and the preview both call this, so a preview shows exactly what would be sent.
 */
export async function prepareSalesOrder(
  deps: Pick<AppDeps, 'relay' | 'storage'>,
  client: DataverseClient,
  storeHash: string,
  order: BigCommerceOrder,
  settings: InboundSettings,
): Promise<PreparedSalesOrder> {
  const notes: string[] = [];
  const skus = order.consignments.shipping.flatMap((c) => c.line_items.map((l) => l.sku));
  const [refs, products, profile] = await Promise.all([
    deps.relay.references.references(client, order, settings, notes),
    deps.relay.references.products(client, deps.storage.mappings, storeHash, skus),
    deps.relay.profiles.get(client),
  ]);
  const { draft, problems } = mapSalesOrder({
    storeHash,
    order,
    settings,
    refs,
    products,
    externalOrderIdColumn: profile.externalOrderIdColumn,
  });
  return { draft, problems, notes, profile };
}
