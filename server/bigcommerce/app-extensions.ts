import { z } from 'zod';
import type { Logger } from '../logger';
import type { BigCommerceClient } from './api-client';

/**
 * The app's App Extension (https://developer.bigcommerce.com/docs/integrations/apps/app-extensions): an
 * item in each order's action menu in the control panel that opens that order's page in the app.
 * BigCommerce fills `${id}` and sends the result as the load payload's `url`, which the app opens first.
 * Registered per store through the GraphQL Admin API, at most two per app per model.
 */

/** The OAuth scope ("App Extensions: manage") the app asks for to register it. */
export const APP_EXTENSIONS_SCOPE = 'store_app_extensions_manage';

/** The template BigCommerce fills with the order id: the app's order page. */
export const ORDER_EXTENSION_URL = '/orders/${id}';

/** At most 25 characters, as BigCommerce recommends for menu labels. */
export const ORDER_EXTENSION_LABEL = {
  defaultValue: 'View in IOM Connector',
  locales: [{ value: 'View in IOM Connector', localeCode: 'en-US' }],
};

const LIST_QUERY = `query AppExtensions {
  store { appExtensions { edges { node { id model url } } } }
}`;

const CREATE_MUTATION = `mutation CreateAppExtension($input: CreateAppExtensionInput!) {
  appExtension {
    createAppExtension(input: $input) {
      appExtension { id context model url label { defaultValue } }
    }
  }
}`;

const errorsSchema = z.array(z.object({ message: z.string() })).optional();
const listSchema = z.object({
  data: z
    .object({
      store: z.object({
        appExtensions: z.object({
          edges: z.array(
            z.object({ node: z.object({ id: z.string(), model: z.string(), url: z.string() }) }),
          ),
        }),
      }),
    })
    .nullish(),
  errors: errorsSchema,
});
const createSchema = z.object({
  data: z
    .object({
      appExtension: z
        .object({
          createAppExtension: z.object({ appExtension: z.object({ id: z.string() }) }).nullable(),
        })
        .nullable(),
    })
    .nullish(),
  errors: errorsSchema,
});

export type AppExtensionOutcome =
  { kind: 'created'; id: string } | { kind: 'present'; id: string } | { kind: 'no_scope' };

/** BigCommerce answered with GraphQL errors (HTTP 200): not retried on the spot, tried again at next load. */
export class AppExtensionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppExtensionError';
  }
}

export function hasAppExtensionsScope(grantedScope: string): boolean {
  return grantedScope.split(/\s+/).includes(APP_EXTENSIONS_SCOPE);
}

/**
 * Make sure the store has the order extension, exactly once: list the app's extensions and create it
 * only when none opens the order page. Without the scope nothing is sent.
 */
export async function ensureOrderExtension(
  client: BigCommerceClient,
  grantedScope: string,
): Promise<AppExtensionOutcome> {
  if (!hasAppExtensionsScope(grantedScope)) return { kind: 'no_scope' };
  const listed = await graphql(client, { query: LIST_QUERY }, listSchema);
  const existing = listed.data?.store.appExtensions.edges
    .map((e) => e.node)
    .find((n) => n.model === 'ORDERS' && n.url === ORDER_EXTENSION_URL);
  if (existing) return { kind: 'present', id: existing.id };
  const input = { context: 'LINK', model: 'ORDERS', url: ORDER_EXTENSION_URL, label: ORDER_EXTENSION_LABEL };
  const created = await graphql(client, { query: CREATE_MUTATION, variables: { input } }, createSchema);
  const id = created.data?.appExtension?.createAppExtension?.appExtension.id;
  if (!id) throw new AppExtensionError('BigCommerce created no app extension and named no error.');
  return { kind: 'created', id };
}

async function graphql<T extends { errors?: Array<{ message: string }> | undefined }>(
  client: BigCommerceClient,
  body: { query: string; variables?: Record<string, unknown> },
  schema: z.ZodType<T>,
): Promise<T> {
  const { data } = await client.request('POST', '/graphql', { body, schema });
  if (data.errors?.length) throw new AppExtensionError(data.errors.map((e) => e.message).join('; '));
  return data;
}

/** One log line for a registration that did not happen, with what to do; the next load tries again. */
export function logAppExtensionFailure(log: Logger, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  log.warn(
    { reason },
    `the order action menu item (App Extension) is not registered yet: ${reason} It is tried again when the app is next opened.`,
  );
}

/**
 * Stores whose extension this process has seen registered, so a load costs no GraphQL call once it is
 * known; kept per logger's owner (one per runtime) and forgotten on re-install.
 */
const knownRegistered = new WeakMap<object, Set<string>>();

export function registeredStores(owner: object): Set<string> {
  let stores = knownRegistered.get(owner);
  if (!stores) {
    stores = new Set();
    knownRegistered.set(owner, stores);
  }
  return stores;
}

/**
 * On install (`force`: always check) and on load (only while this process has not seen it registered):
 * ensure the extension, never throwing. A failure is one warning with the remedy; the next load retries.
 */
export async function registerOrderExtension(opts: {
  client: BigCommerceClient;
  grantedScope: string;
  log: Logger;
  known: Set<string>;
  force: boolean;
}): Promise<AppExtensionOutcome | null> {
  const { client, grantedScope, log, known } = opts;
  if (!hasAppExtensionsScope(grantedScope)) {
    if (opts.force)
      log.info(
        `the order action menu item (App Extension) is skipped: the app was not granted ${APP_EXTENSIONS_SCOPE}; add the scope "App Extensions: manage" in the Developer Portal and the merchant re-approves the app.`,
      );
    return { kind: 'no_scope' };
  }
  if (!opts.force && known.has(client.storeHash)) return null;
  try {
    const outcome = await ensureOrderExtension(client, grantedScope);
    known.add(client.storeHash);
    if (outcome.kind === 'created')
      log.info({ appExtensionId: outcome.id }, 'order action menu item (App Extension) registered');
    return outcome;
  } catch (error) {
    known.delete(client.storeHash);
    logAppExtensionFailure(log, error);
    return null;
  }
}
