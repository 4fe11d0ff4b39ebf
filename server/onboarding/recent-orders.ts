import { listOrders } from '../bigcommerce/orders';
import { orderCreatedMs } from '../bigcommerce/order-schema';
import { storeClient } from '../bigcommerce/store-client';
import type { AppDeps } from '../deps';
import type { RecentOrderView } from '../http/onboarding-api-types';
import type { StoreRecord } from '../storage/types';

/** How many orders the onboarding preview offers to pick from. */
export const RECENT_ORDERS_LIMIT = 5;

/** The store's newest BigCommerce orders (GET /v2/orders, highest id first), for the first preview. */
export async function recentOrders(
  deps: Pick<AppDeps, 'config' | 'logger' | 'relay' | 'metrics'>,
  store: StoreRecord,
  limit = RECENT_ORDERS_LIMIT,
): Promise<RecentOrderView[]> {
  const orders = await listOrders(storeClient(deps, store), { page: 1, limit, sort: 'id:desc' });
  return orders.map((order) => ({
    id: order.id,
    createdAt: new Date(orderCreatedMs(order)).toISOString(),
    customerEmail: order.billing_address.email,
    total: order.total_inc_tax,
    currency: order.currency_code,
    status: order.status,
    statusId: order.status_id,
  }));
}
