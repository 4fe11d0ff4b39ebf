import { z } from 'zod';
import type { BigCommerceClient } from './api-client';

/** Order events the connector subscribes to (https://developer.bigcommerce.com/docs/integrations/webhooks/events). */
export const ORDER_WEBHOOK_SCOPES = [
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/order/archived',
  'store/order/refund/created',
] as const;

/** The custom header BigCommerce echoes on every delivery; its value is the store's webhook secret. */
export const WEBHOOK_SECRET_HEADER = 'X-IOM-Connector-Secret';

const hookSchema = z.object({
  id: z.number().int(),
  scope: z.string(),
  destination: z.string(),
  is_active: z.boolean().optional(),
  headers: z.record(z.string(), z.string()).nullable().optional(),
});

export type Webhook = z.infer<typeof hookSchema>;

const listSchema = z.object({
  data: z.array(hookSchema),
  meta: z
    .object({
      pagination: z.object({ current_page: z.number(), total_pages: z.number() }).partial().optional(),
    })
    .optional(),
});
const oneSchema = z.object({ data: hookSchema });
const anySchema = z.unknown();

export interface WebhookSyncResult {
  created: string[];
  updated: string[];
  deleted: number;
}

/** List every hook this app has on the store (hooks are visible only to the client that made them). */
export async function listWebhooks(client: BigCommerceClient): Promise<Webhook[]> {
  const hooks: Webhook[] = [];
  for (let page = 1; page <= 50; page++) {
    const { status, data } = await client.request('GET', '/v3/hooks', {
      query: { page, limit: 250 },
      schema: listSchema.or(z.undefined()),
    });
    if (status === 204 || !data) break;
    hooks.push(...data.data);
    const totalPages = data.meta?.pagination?.total_pages ?? 1;
    if (page >= totalPages || data.data.length === 0) break;
  }
  return hooks;
}

/**
 * Make the store's order webhooks exactly right, idempotently: for each scope one active hook to
 * `destination` carrying the secret header. Existing hooks are updated in place (a re-install or a
 * rotated secret never duplicates them); hooks of these scopes pointing elsewhere (an old APP_URL)
 * and duplicates are deleted.
 */
export async function syncOrderWebhooks(
  client: BigCommerceClient,
  target: { destination: string; secret: string },
): Promise<WebhookSyncResult> {
  const existing = await listWebhooks(client);
  const headers = { [WEBHOOK_SECRET_HEADER]: target.secret };
  const result: WebhookSyncResult = { created: [], updated: [], deleted: 0 };

  for (const scope of ORDER_WEBHOOK_SCOPES) {
    const ours = existing.filter((h) => h.scope === scope);
    const [keep, ...extra] = ours.filter((h) => h.destination === target.destination);
    const stale = [...extra, ...ours.filter((h) => h.destination !== target.destination)];
    for (const hook of stale) {
      await client.request('DELETE', `/v3/hooks/${hook.id}`, { schema: anySchema });
      result.deleted++;
    }
    if (keep) {
      const upToDate = keep.is_active !== false && keep.headers?.[WEBHOOK_SECRET_HEADER] === target.secret;
      if (!upToDate) {
        await client.request('PUT', `/v3/hooks/${keep.id}`, {
          body: { is_active: true, headers },
          schema: oneSchema,
        });
        result.updated.push(scope);
      }
    } else {
      await client.request('POST', '/v3/hooks', {
        body: { scope, destination: target.destination, is_active: true, headers },
        schema: oneSchema,
      });
      result.created.push(scope);
    }
  }
  return result;
}
