import { z } from 'zod';
import type { ServiceLimits } from './dataverse/service-protection';
import type { IomKnobs } from './types';

/** Fixed defaults, so the demo can show the seeded app registration on screen. */
export const DEFAULT_TENANT_ID = '5c2f6b4e-9d3a-4f1e-8b7c-0a1d2e3f4a5b';
export const DEFAULT_CLIENT_ID = 'b7e4c2a9-3f6d-4e1b-9a8c-7d5e6f0a1b2c';
export const DEFAULT_CLIENT_SECRET = 'Sbx8Q~iom-sandbox.client-secret.not-for-production';

export interface IomSimulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Service protection limits per application user; defaults 6000 requests / 300000 ms, 52 concurrent. */
  limits?: { requestsPerWindow?: number; windowMs?: number; maxConcurrent?: number };
  /**
   * IOM tables or columns this environment names differently, by the simulator's own names:
   * `{ 'msdyn_fulfillmenttracking': 'contoso_shipmenttracking' }` renames a table (and its `<table>id`
   * key and `<table>s` entity set), `{ 'msdyn_fulfillmenttracking.msdyn_trackingnumber': 'contoso_waybill' }`
   * a column. Only msdyn_* tables and their columns; fixed for the simulator's lifetime.
   */
  renames?: Record<string, string>;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  limits: ServiceLimits;
  renames: Record<string, string>;
}

const optionsSchema = z.object({
  port: z.int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  tenantId: z.uuid().default(DEFAULT_TENANT_ID),
  clientId: z.uuid().default(DEFAULT_CLIENT_ID),
  clientSecret: z.string().min(8).default(DEFAULT_CLIENT_SECRET),
  limits: z
    .object({
      requestsPerWindow: z.int().positive().default(6000),
      windowMs: z.int().positive().default(300_000),
      maxConcurrent: z.int().positive().default(52),
    })
    .default({ requestsPerWindow: 6000, windowMs: 300_000, maxConcurrent: 52 }),
  renames: z.record(z.string(), z.string()).default({}),
});

export function resolveOptions(options: IomSimulatorOptions | undefined): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`Invalid IOM simulator options: ${z.prettifyError(parsed.error)}`);
  return {
    ...parsed.data,
    tenantId: parsed.data.tenantId.toLowerCase(),
    clientId: parsed.data.clientId.toLowerCase(),
  };
}

export function defaultKnobs(): IomKnobs {
  return {
    latencyMs: 0,
    errorRate: 0,
    timeoutRate: 0,
    iomInstalled: true,
    changeTracking: { salesorder: true, msdyn_fulfillmentorder: true, msdyn_returnorder: true },
    changeTrackingExpiryDays: 7,
    alternateKeyOnExternalOrderId: true,
    alternateKeyIndexStatus: 'Active',
    privileges: {
      readSalesOrders: true,
      createSalesOrders: true,
      writeSalesOrders: true,
      customizeEntities: true,
    },
    applicationUserExists: true,
    forceStatus: {},
    tokenLifetimeSeconds: 3599,
    otherEnvironmentUrls: [],
  };
}

/** Restores the defaults in place: callers hold on to the knobs object. */
export function resetKnobs(knobs: IomKnobs): void {
  const defaults = defaultKnobs();
  Object.assign(knobs, defaults);
  knobs.changeTracking = defaults.changeTracking;
  knobs.privileges = defaults.privileges;
  knobs.forceStatus = defaults.forceStatus;
  knobs.otherEnvironmentUrls = defaults.otherEnvironmentUrls;
}
