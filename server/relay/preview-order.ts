import { readOrder } from '../bigcommerce/orders';
import { storeClient } from '../bigcommerce/store-client';
import type { AppDeps } from '../deps';
import { AppError, NotFoundError } from '../errors';
import type { PreviewResponse } from '../http/api-types';
import type { StoreRecord } from '../storage/types';
import { prepareSalesOrder } from './prepare-sales-order';
import { readSettings, skipReason } from './store-settings';

/**
 * For any BigCommerce order: the exact sales-order body the relay would send and every problem that
 * would stop it, without writing anything anywhere (one BigCommerce read, IOM reads only).
 */
export async function previewOrder(
  deps: AppDeps,
  store: StoreRecord,
  orderId: number,
): Promise<PreviewResponse> {
  const connection = await deps.storage.connections.get(store.hash);
  if (!connection) {
    throw new AppError(
      409,
      'not_connected',
      'Connect IOM first (IOM Connector › IOM connection): the preview reads IOM’s products and defaults.',
      {
        retriable: false,
      },
    );
  }
  const order = await readOrder(storeClient(deps, store), orderId);
  if (!order) throw new NotFoundError(`Order ${orderId} does not exist in BigCommerce.`);
  const settings = readSettings(await deps.storage.settings.get(store.hash));
  const client = deps.iom.clientFor(connection, { maxWaitMs: 5_000, timeoutMs: 10_000, maxAttempts: 2 });
  const { draft, problems, notes } = await prepareSalesOrder(deps, client, store.hash, order, settings);
  const skip = skipReason(order, { ...settings, syncEnabled: true });
  return {
    orderId,
    statusId: order.status_id,
    skipReason: skip,
    externalOrderId: draft.externalOrderId,
    body: draft.body,
    problems: problems.map((p) => ({
      code: p.code,
      message: p.message,
      fix: p.fix,
      ...('sku' in p ? { sku: p.sku } : {}),
      ...('setting' in p ? { setting: p.setting } : {}),
    })),
    totals: draft.totals,
    sendable: problems.length === 0 && skip === null,
    notes,
  };
}
