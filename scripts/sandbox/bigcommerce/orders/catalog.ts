import { parseMoney, type Money } from './money';

/** A sellable variant of the simulated store's catalog. */
export interface CatalogItem {
  sku: string;
  productId: number;
  variantId: number;
  name: string;
  /** Price before tax, in 1/10000 units. */
  price: Money;
  /** Weight in pounds, as a decimal string. */
  weight: string;
}

const item = (
  sku: string,
  productId: number,
  variantId: number,
  name: string,
  price: string,
  weight: string,
): CatalogItem => ({ sku, productId, variantId, name, price: parseMoney(price), weight });

/**
 * Every simulated store sells the same small catalog. All SKUs but GIFT-CARD-BOX match products of the IOM
 * simulator; the T-shirts (and the mugs) are variants of one product each.
 */
export const CATALOG: readonly CatalogItem[] = [
  item('MUG-GRY', 111, 201, 'Coffee Mug - Grey', '12.0000', '0.8000'),
  item('MUG-WHT', 111, 202, 'Coffee Mug - White', '12.0000', '0.8000'),
  item('TSHIRT-BLK-S', 112, 203, 'T-Shirt - Black / S', '19.9900', '0.3000'),
  item('TSHIRT-BLK-M', 112, 204, 'T-Shirt - Black / M', '19.9900', '0.3200'),
  item('TSHIRT-BLK-L', 112, 205, 'T-Shirt - Black / L', '21.4900', '0.3400'),
  item('TSHIRT-WHT-M', 112, 206, 'T-Shirt - White / M', '19.9900', '0.3200'),
  item('POSTER-A2-CITY', 113, 207, 'Poster A2 - City', '24.5000', '0.4000'),
  item('POSTER-A3-SEA', 114, 208, 'Poster A3 - Sea', '16.7500', '0.3000'),
  item('TOTE-NAT', 115, 209, 'Tote Bag - Natural', '14.9500', '0.2500'),
  item('GIFT-CARD-BOX', 116, 210, 'Gift box', '4.9900', '0.1000'),
];

export const CATALOG_SKUS = CATALOG.map((c) => c.sku) as [string, ...string[]];

export function catalogItem(sku: string): CatalogItem | undefined {
  return CATALOG.find((c) => c.sku === sku);
}
