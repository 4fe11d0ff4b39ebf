import type { BigCommerceOrder } from '../bigcommerce/order-schema';
import type { InboundSettings } from '../relay/store-settings';
import type { MappingRepository } from '../storage/types';
import type { DataverseClient } from './dataverse-client';
import { lookupProductsBySku } from './master-data';

/** How long master data and product matches are reused before IOM is asked again. */
const CACHE_TTL_MS = 5 * 60 * 1000;

export interface OrderReferences {
  accountId: string | null;
  priceListId: string | null;
  currencyId: string | null;
  unitId: string | null;
  warehouseId: string | null;
}

export interface ProductRef {
  productId: string;
  unitId: string | null;
}

/** Timeline notes about references picked without an explicit setting (e.g. the only price list). */
export type ReferenceNotes = string[];

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * Resolves the IOM ids an order needs — account, price list, currency by ISO code, unit, warehouse —
 * and SKU → product (a merchant's mapping wins over the auto-match by `productnumber`). Everything
 * read from IOM is cached per environment for CACHE_TTL_MS, so a new order with known SKUs costs no
 * read at all. Missing SKUs are never cached: a product added in IOM is found by the next attempt.
 */
export class OrderReferenceResolver {
  private readonly cache = new Map<string, Cached<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  async references(
    client: DataverseClient,
    order: BigCommerceOrder,
    settings: InboundSettings,
    notes: ReferenceNotes,
  ): Promise<OrderReferences> {
    const env = client.connection.environmentUrl;
    const [priceListId, currencyId, accountId] = await Promise.all([
      settings.priceListId ??
        this.soleRow(client, env, 'pricelevels', 'pricelevelid', 'statecode eq 0', notes, 'price list'),
      this.currency(client, env, order.currency_code),
      this.account(client, env, order, settings, notes),
    ]);
    return {
      accountId,
      priceListId,
      currencyId,
      unitId: settings.unitId,
      warehouseId: settings.warehouseId,
    };
  }

  /** SKU → IOM product for every SKU of the order; absent = unmapped. */
  async products(
    client: DataverseClient,
    mappings: MappingRepository,
    storeHash: string,
    skus: readonly string[],
  ): Promise<Record<string, ProductRef>> {
    const env = client.connection.environmentUrl;
    const unique = [...new Set(skus.filter(Boolean))];
    const result: Record<string, ProductRef> = {};
    const toMatch: string[] = [];
    for (const sku of unique) {
      const override = await mappings.get(storeHash, 'sku', sku);
      if (override) {
        result[sku] = {
          productId: override.target,
          unitId: await this.productUnit(client, env, override.target),
        };
        continue;
      }
      const cached = this.fresh<ProductRef>(`${env}|sku|${sku}`);
      if (cached) result[sku] = cached;
      else toMatch.push(sku);
    }
    if (toMatch.length > 0) {
      const { found } = await lookupProductsBySku(client, toMatch);
      for (const [sku, match] of Object.entries(found)) {
        const ref = { productId: match.productId, unitId: match.defaultUnitId };
        this.put(`${env}|sku|${sku}`, ref);
        this.put(`${env}|unit|${match.productId}`, match.defaultUnitId);
        result[sku] = ref;
      }
    }
    return result;
  }

  /** Forget what was cached for an environment (e.g. after the merchant changed master data). */
  forget(environmentUrl: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${environmentUrl}|`)) this.cache.delete(key);
  }

  private async currency(client: DataverseClient, env: string, iso: string): Promise<string | null> {
    const key = `${env}|currency|${iso}`;
    const cached = this.fresh<string | null>(key);
    if (cached !== undefined) return cached;
    const rows = await client.call(
      'find currency by ISO code',
      (api) =>
        api.retrieveMultiple<{ transactioncurrencyid: string }>({
          collection: 'transactioncurrencies',
          select: ['transactioncurrencyid'],
          filter: `isocurrencycode eq '${iso.replace(/'/g, "''")}' and statecode eq 0`,
          top: 1,
        }),
      { idempotent: true },
    );
    const id = rows.value[0]?.transactioncurrencyid ?? null;
    if (id) this.put(key, id);
    return id;
  }

  private async account(
    client: DataverseClient,
    env: string,
    order: BigCommerceOrder,
    settings: InboundSettings,
    notes: ReferenceNotes,
  ): Promise<string | null> {
    if (settings.accountStrategy === 'default') {
      return (
        settings.defaultAccountId ??
        this.soleRow(client, env, 'accounts', 'accountid', 'statecode eq 0', notes, 'account')
      );
    }
    const email = order.billing_address.email?.trim().toLowerCase();
    if (!email) return settings.defaultAccountId;
    const key = `${env}|account|${email}`;
    const cached = this.fresh<string>(key);
    if (cached) return cached;
    const literal = email.replace(/'/g, "''");
    const rows = await client.call(
      'find customer account by e-mail',
      (api) =>
        api.retrieveMultiple<{ accountid: string }>({
          collection: 'accounts',
          select: ['accountid'],
          filter: `emailaddress1 eq '${literal}' and statecode eq 0`,
          top: 1,
        }),
      { idempotent: true },
    );
    let id = rows.value[0]?.accountid ?? null;
    if (!id) {
      const a = order.billing_address;
      const name = [a.first_name, a.last_name].filter(Boolean).join(' ').trim() || a.company || email;
      const created = await client.call(
        'create customer account',
        (api) =>
          api.create<Record<string, unknown>, { accountid: string }>({
            collection: 'accounts',
            data: {
              name,
              emailaddress1: email,
              address1_line1: a.street_1 || undefined,
              address1_city: a.city || undefined,
              address1_postalcode: a.zip || undefined,
              address1_country: a.country_iso2 || a.country || undefined,
            },
            returnRepresentation: true,
            select: ['accountid'],
          }),
        { idempotent: false },
      );
      id = created.accountid;
      notes.push(`Created IOM account "${name}" for ${email}.`);
    }
    this.put(key, id);
    return id;
  }

  /** The one active row of a table, when there is exactly one (a sensible default); else null. */
  private async soleRow(
    client: DataverseClient,
    env: string,
    collection: string,
    idColumn: string,
    filter: string,
    notes: ReferenceNotes,
    what: string,
  ): Promise<string | null> {
    const key = `${env}|sole|${collection}`;
    let id = this.fresh<string | null>(key);
    if (id === undefined) {
      const rows = await client.call(
        `list ${collection}`,
        (api) =>
          api.retrieveMultiple<Record<string, string>>({ collection, select: [idColumn], filter, top: 2 }),
        { idempotent: true },
      );
      id = rows.value.length === 1 ? (rows.value[0]?.[idColumn] ?? null) : null;
      this.put(key, id);
    }
    if (id) notes.push(`No ${what} is chosen in settings; used the environment's only ${what}.`);
    return id;
  }

  private async productUnit(client: DataverseClient, env: string, productId: string): Promise<string | null> {
    const key = `${env}|unit|${productId}`;
    const cached = this.fresh<string | null>(key);
    if (cached !== undefined) return cached;
    const rows = await client.call(
      'read product unit',
      (api) =>
        api.retrieveMultiple<{ _defaultuomid_value?: string | null }>({
          collection: 'products',
          select: ['_defaultuomid_value'],
          filter: `productid eq ${productId}`,
          top: 1,
        }),
      { idempotent: true },
    );
    const unit = rows.value[0]?._defaultuomid_value ?? null;
    this.put(key, unit);
    return unit;
  }

  private fresh<T>(key: string): T | undefined {
    const hit = this.cache.get(key);
    if (!hit || this.now() - hit.at >= CACHE_TTL_MS) return undefined;
    return hit.value as T;
  }

  private put(key: string, value: unknown): void {
    this.cache.set(key, { value, at: this.now() });
  }
}
