import express, { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { ValidationError, describeIssues } from '../../errors';
import { lookupProductsBySku } from '../../iom/master-data';
import { productsById, type IomProduct } from '../../iom/product-catalog';
import {
  CarrierMappingValidationError,
  SHIPPING_PROVIDERS,
  carrierKey,
  carrierMappingRecord,
  carrierNameSchema,
  carrierOverrideOf,
  defaultCarrier,
  defaultCarriers,
  parseCarrierTarget,
  resolveCarrier,
  type CarrierOverride,
} from '../../relay/carrier-map';
import { requeueOutboundForCarrier } from '../../relay/outbound-requeue';
import { requeueOrders } from '../../relay/requeue';
import { parseSkuImport, skuMappingsCsv } from '../../relay/sku-mapping-csv';
import type { MappingRecord } from '../../storage/types';
import type {
  CarrierMappingPutResponse,
  CarrierMappingResponse,
  CarrierMappingsResponse,
  CarrierMappingView,
  SkuMappingResponse,
  SkuMappingView,
} from '../api-types';
import type { SkuAutoMatchResponse, SkuImportResponse, SkuMappingsPageResponse } from '../mappings-api-types';
import { locals, sessionOf } from '../locals';
import { requirePermission } from '../permissions';
import { INTERACTIVE_IOM, requireIomConnection } from './attention';

/** Mappings read per page of the table, and at most for an export or a search. */
const PAGE = 100;
const MAX_MAPPINGS = 10_000;
/** Recent orders whose SKUs the auto-match report looks at. */
const AUTO_MATCH_ORDERS = 500;

const skuParam = z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters');
const skuBody = z.object({
  productId: z.guid({
    error: 'must be the IOM product id (a GUID, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301)',
  }),
});

/** SKU ↔ IOM product and IOM carrier → BigCommerce carrier mappings. Mounted under /api. */
export function mappingRoutes(deps: AppDeps): Router {
  const router = Router();
  const manage = (action: string) => requirePermission(deps, 'manage', action);

  /** The IOM products of these mappings, or why they could not be read (IOM not connected, down). */
  const productsOf = async (
    storeHash: string,
    mappings: readonly MappingRecord[],
  ): Promise<{ products: Map<string, IomProduct>; error: string | null }> => {
    if (mappings.length === 0) return { products: new Map(), error: null };
    const connection = await deps.storage.connections.get(storeHash);
    if (!connection) return { products: new Map(), error: 'IOM is not connected.' };
    try {
      const client = deps.iom.clientFor(connection, INTERACTIVE_IOM);
      return {
        products: await productsById(
          client,
          mappings.map((m) => m.target),
        ),
        error: null,
      };
    } catch (error) {
      return {
        products: new Map(),
        error: `IOM's products could not be read: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  };

  const allSkuMappings = async (storeHash: string): Promise<MappingRecord[]> => {
    const all: MappingRecord[] = [];
    let after: string | null = null;
    do {
      const page = await deps.storage.mappings.list(storeHash, 'sku', { limit: 500, after });
      all.push(...page.items);
      after = page.next;
    } while (after !== null && all.length < MAX_MAPPINGS);
    return all;
  };

  router.get('/mappings/sku', async (req, res) => {
    const { store } = sessionOf(res);
    const after = typeof req.query.after === 'string' ? req.query.after : null;
    const q = typeof req.query.q === 'string' ? req.query.q.trim().toLowerCase() : '';
    let page: { items: MappingRecord[]; next: string | null };
    if (q) {
      // A search looks at every mapping's SKU (mappings are few; the store has no text index).
      const all = await allSkuMappings(store.hash);
      page = { items: all.filter((m) => m.source.toLowerCase().includes(q)).slice(0, PAGE), next: null };
    } else {
      page = await deps.storage.mappings.list(store.hash, 'sku', { limit: PAGE, after });
    }
    const { products, error } = await productsOf(store.hash, page.items);
    const body: SkuMappingsPageResponse = {
      mappings: page.items.map(skuView),
      next: page.next,
      products: Object.fromEntries(products),
      productsError: error,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.get('/mappings/sku/auto', async (_req, res) => {
    const { store } = sessionOf(res);
    const connection = await requireIomConnection(deps, store.hash);
    const counts = new Map<string, number>();
    let scanned = 0;
    let after: string | null = null;
    do {
      const page = await deps.storage.orderLinks.list(store.hash, { limit: 250, after });
      for (const link of page.items) {
        scanned += 1;
        const skus = new Set([
          ...(link.lineLinks ?? []).map((l) => l.sku),
          ...(link.attention?.code === 'unmapped_sku' ? (link.attention.skus ?? []) : []),
        ]);
        for (const sku of skus) if (sku) counts.set(sku, (counts.get(sku) ?? 0) + 1);
      }
      after = page.next;
    } while (after !== null && scanned < AUTO_MATCH_ORDERS);
    const unmappedSkus: string[] = [];
    let mapped = 0;
    for (const sku of counts.keys()) {
      if (await deps.storage.mappings.get(store.hash, 'sku', sku)) mapped += 1;
      else unmappedSkus.push(sku);
    }
    const { found, missing } =
      unmappedSkus.length > 0
        ? await lookupProductsBySku(deps.iom.clientFor(connection, INTERACTIVE_IOM), unmappedSkus)
        : { found: {}, missing: [] };
    const body: SkuAutoMatchResponse = {
      matched: Object.entries(found)
        .map(([sku, match]) => ({
          sku,
          product: { productId: match.productId.toLowerCase(), name: match.name, productNumber: sku },
          orders: counts.get(sku) ?? 0,
        }))
        .sort((a, b) => a.sku.localeCompare(b.sku)),
      unmatched: missing
        .map((sku) => ({ sku, orders: counts.get(sku) ?? 0 }))
        .sort((a, b) => b.orders - a.orders || a.sku.localeCompare(b.sku)),
      mapped,
      ordersScanned: scanned,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.get('/mappings/sku/export', async (_req, res) => {
    const { store } = sessionOf(res);
    const mappings = await allSkuMappings(store.hash);
    const { products } = await productsOf(store.hash, mappings);
    res
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Disposition', 'attachment; filename="sku-mappings.csv"')
      .type('text/csv; charset=utf-8')
      .send(skuMappingsCsv(mappings, products));
  });

  router.post(
    '/mappings/sku/import',
    manage('import SKU mappings'),
    express.text({ type: ['text/csv', 'text/plain'], limit: '1mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string')
        throw new ValidationError(
          'The import is not valid: send the CSV file as the body with Content-Type: text/csv (header sku,iom_product_id,iom_product_number).',
        );
      const { store } = sessionOf(res);
      const connection = await requireIomConnection(deps, store.hash);
      const rows = await parseSkuImport(deps.iom.clientFor(connection, INTERACTIVE_IOM), req.body);
      const now = deps.clock().toISOString();
      for (const row of rows)
        await deps.storage.mappings.put({
          storeHash: store.hash,
          kind: 'sku',
          source: row.sku,
          target: row.productId,
          updatedAt: now,
        });
      const skus = new Set(rows.map((r) => r.sku));
      const requeued = await requeueOrders(
        deps,
        store.hash,
        'needs_attention',
        (l) => l.attention?.code === 'unmapped_sku' && (l.attention.skus ?? []).some((s) => skus.has(s)),
        'mapping',
      );
      locals(res).log.info({ imported: rows.length, requeued: requeued.length }, 'sku mappings imported');
      const body: SkuImportResponse = { imported: rows.length, requeued };
      res.json(body);
    },
  );

  router.put('/mappings/sku/:sku', async (req, res) => {
    const { store } = sessionOf(res);
    const sku = parseSku(req.params.sku);
    const parsed = skuBody.safeParse(req.body);
    if (!parsed.success)
      throw new ValidationError(`The SKU mapping is not valid: ${describeIssues(parsed.error.issues)}.`);
    const now = deps.clock();
    const mapping: MappingRecord = {
      storeHash: store.hash,
      kind: 'sku',
      source: sku,
      target: parsed.data.productId.toLowerCase(),
      updatedAt: now.toISOString(),
    };
    await deps.storage.mappings.put(mapping);
    const requeued = await requeueOrders(
      deps,
      store.hash,
      'needs_attention',
      (l) => l.attention?.code === 'unmapped_sku' && (l.attention.skus ?? []).includes(sku),
      'mapping',
    );
    locals(res).log.info({ sku, requeued: requeued.length }, 'sku mapped');
    const body: SkuMappingResponse = { mapping: skuView(mapping), requeued };
    res.json(body);
  });

  router.delete('/mappings/sku/:sku', async (req, res) => {
    const { store } = sessionOf(res);
    await deps.storage.mappings.delete(store.hash, 'sku', parseSku(req.params.sku));
    res.status(204).end();
  });

  router.get('/mappings/carrier', async (req, res) => {
    const { store } = sessionOf(res);
    const after = typeof req.query.after === 'string' ? req.query.after : null;
    const page = await deps.storage.mappings.list(store.hash, 'carrier', { limit: PAGE, after });
    const body: CarrierMappingsResponse = {
      defaults: defaultCarriers(),
      overrides: page.items.flatMap((m) => carrierOverrideOf(m) ?? []).map(carrierView),
      shippingProviders: [...SHIPPING_PROVIDERS],
      next: page.next,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.get('/mappings/carrier/:iomCarrier', async (req, res) => {
    const { store } = sessionOf(res);
    const iomCarrier = parseCarrierName(req.params.iomCarrier);
    const mapping = await deps.storage.mappings.get(store.hash, 'carrier', carrierKey(iomCarrier));
    const override = mapping ? carrierOverrideOf(mapping) : null;
    const body: CarrierMappingResponse = {
      iomCarrier,
      resolved: await resolveCarrier(deps, store.hash, iomCarrier),
      default: defaultCarrier(iomCarrier),
      override: override ? carrierView(override) : null,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.put('/mappings/carrier/:iomCarrier', manage('map IOM carriers'), async (req, res) => {
    const { store } = sessionOf(res);
    const iomCarrier = parseCarrierName(req.params.iomCarrier);
    const parsed = parseCarrierTarget(req.body);
    if (!parsed.target) throw new CarrierMappingValidationError(parsed.errors);
    const record = carrierMappingRecord(store.hash, iomCarrier, parsed.target, deps.clock());
    await deps.storage.mappings.put(record);
    const requeued = await requeueOutboundForCarrier(deps, store.hash, iomCarrier);
    locals(res).log.info({ iomCarrier, requeued: requeued.length }, 'carrier mapped');
    const body: CarrierMappingPutResponse = {
      mapping: carrierView({ iomCarrier, ...parsed.target, updatedAt: record.updatedAt }),
      requeued,
    };
    res.json(body);
  });

  router.delete('/mappings/carrier/:iomCarrier', manage('map IOM carriers'), async (req, res) => {
    const { store } = sessionOf(res);
    const iomCarrier = parseCarrierName(req.params.iomCarrier);
    await deps.storage.mappings.delete(store.hash, 'carrier', carrierKey(iomCarrier));
    res.status(204).end();
  });

  return router;
}

function parseSku(raw: unknown): string {
  const parsed = skuParam.safeParse(raw);
  if (!parsed.success)
    throw new ValidationError(`The SKU ${parsed.error.issues[0]?.message ?? 'is not valid'}.`);
  return parsed.data;
}

function parseCarrierName(raw: unknown): string {
  const parsed = carrierNameSchema.safeParse(raw);
  if (!parsed.success)
    throw new CarrierMappingValidationError([
      { field: 'iomCarrier', message: parsed.error.issues[0]?.message ?? 'is not valid' },
    ]);
  return parsed.data;
}

function carrierView(override: CarrierOverride): CarrierMappingView {
  return {
    iomCarrier: override.iomCarrier,
    trackingCarrier: override.trackingCarrier,
    shippingProvider: override.shippingProvider,
    updatedAt: override.updatedAt,
  };
}

function skuView(mapping: MappingRecord): SkuMappingView {
  return { sku: mapping.source, productId: mapping.target, updatedAt: mapping.updatedAt };
}
