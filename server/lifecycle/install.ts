import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { callbackUrls } from '../config';
import type { AppDeps } from '../deps';
import { ensureStoreSchedules } from '../relay/schedules';
import { ValidationError, describeIssues } from '../errors';
import { BigCommerceClient } from '../bigcommerce/api-client';
import { registerOrderExtension, registeredStores } from '../bigcommerce/app-extensions';
import { exchangeCode } from '../bigcommerce/oauth';
import { syncOrderWebhooks } from '../bigcommerce/webhooks';
import type { IssuedSession } from '../security/session-token';
import { roleOnLoad } from './roles';

const authQuerySchema = z.object({
  code: z.string({ error: 'is missing' }).min(1, 'is empty'),
  scope: z.string({ error: 'is missing' }),
  context: z
    .string({ error: 'is missing' })
    .regex(/^stores\/[a-z0-9]{1,32}$/, 'must look like "stores/{store_hash}"'),
  account_uuid: z.string().optional(),
});

export interface InstallResult {
  storeHash: string;
  userId: number;
  session: IssuedSession;
}

/**
 * GET /auth (https://developer.bigcommerce.com/docs/integrations/apps/guide/auth): exchange the code, make the order webhooks right with the
 * store's secret, then save the store (one token per store hash) and its users. Nothing is saved
 * unless the exchange and the webhook registration both succeeded. Then, with the scope granted, the
 * order action menu item (App Extension) is registered once; its failure only logs a hint.
 */
export async function install(deps: AppDeps, query: unknown): Promise<InstallResult> {
  const parsed = authQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new ValidationError(
      `The install link is incomplete (${describeIssues(parsed.error.issues)}). Start the install again from the BigCommerce control panel.`,
    );
  }
  const { config, storage, logger } = deps;
  const urls = callbackUrls(config.appUrl);
  const token = await exchangeCode(parsed.data, { ...config.bigcommerce, redirectUri: urls.auth });
  const storeHash = token.context.slice('stores/'.length);
  const log = logger.child({ storeHash, userId: token.user.id });

  const existing = await storage.stores.get(storeHash);
  const webhookSecret = existing?.webhookSecret ?? randomBytes(32).toString('base64url');
  const client = new BigCommerceClient({
    apiUrl: config.bigcommerce.apiUrl,
    storeHash,
    accessToken: token.access_token,
    logger: log,
    onResponse: deps.metrics.responseObserver('bigcommerce'),
  });
  const hooks = await syncOrderWebhooks(client, { destination: urls.webhooks, secret: webhookSecret });

  const now = deps.clock();
  await storage.stores.saveInstall(
    {
      hash: storeHash,
      accessToken: token.access_token,
      scope: token.scope,
      ownerId: token.owner.id,
      ownerEmail: token.owner.email,
      webhookSecret,
    },
    now,
  );
  await storage.users.upsert(
    { storeHash, userId: token.owner.id, email: token.owner.email, role: 'owner' },
    now,
  );
  const installer =
    token.user.id === token.owner.id
      ? await storage.users.get(storeHash, token.owner.id)
      : await storage.users.upsert(
          {
            storeHash,
            userId: token.user.id,
            email: token.user.email,
            role: (stored) => roleOnLoad(stored, false),
          },
          now,
        );
  if (!installer) throw new Error(`user ${token.user.id} vanished right after it was saved`);

  await ensureStoreSchedules(deps, storeHash);
  // The order action menu item is a convenience: its failure never fails the install (retried at load).
  await registerOrderExtension({
    client,
    grantedScope: token.scope,
    log,
    known: registeredStores(deps.storage),
    force: true,
  });
  log.info(
    {
      reinstall: existing !== null,
      scope: token.scope,
      hooksCreated: hooks.created.length,
      hooksUpdated: hooks.updated.length,
    },
    'store installed',
  );
  const session = await deps.sessions.issue(
    { storeHash, userId: installer.userId, sessionVersion: installer.sessionVersion },
    now,
  );
  return { storeHash, userId: installer.userId, session };
}
