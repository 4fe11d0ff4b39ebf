import type { AppDeps } from '../deps';

/**
 * After a merchant maps IOM carrier `iomCarrier` (PUT /api/mappings/carrier/{iomCarrier}): queue again
 * the outbound jobs of the orders whose shipments were parked for it (attention code
 * `unmapped_carrier`), returning their order ids.
 *
 * A stub for now: the outbound task that parks those shipments is written with the integration, which
 * fills this in. It answers no orders.
 */
export async function requeueOutboundForCarrier(
  deps: AppDeps,
  storeHash: string,
  iomCarrier: string,
): Promise<number[]> {
  void deps;
  void storeHash;
  void iomCarrier;
  return [];
}
