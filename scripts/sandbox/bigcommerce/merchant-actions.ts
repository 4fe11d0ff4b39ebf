import { callApp } from './app-callbacks';
import type { SimulatorContext } from './context';
import { signPayloadJwt } from './signing';
import { SandboxActionError, type StoreView } from './store-directory';
import type { AppCallbackResult, OpenAppResult, SignPayloadOptions } from './types';

/**
 * What a merchant's clicks in the control panel make BigCommerce do. The control panel's buttons and the
 * simulator's test drivers both call these, so tests exercise exactly what a person would.
 */

/** "Install app": BigCommerce mints a one-time code and sends the merchant's browser to the app's /auth. */
export function beginInstall(ctx: SimulatorContext, storeHash: string, userId?: number): string {
  const store = ctx.stores.get(storeHash);
  const user = ctx.stores.activeUser(storeHash, userId ?? store.owner.id);
  const grant = ctx.grants.mintCode(storeHash, user.id, ctx.app.scopes, ctx.now());
  const query = new URLSearchParams({
    code: grant.code,
    scope: grant.scope,
    context: `stores/${storeHash}`,
    account_uuid: ctx.app.accountUuid,
  });
  return `${ctx.app.appUrl}/auth?${query.toString()}`;
}

export async function signPayload(
  ctx: SimulatorContext,
  storeHash: string,
  userId: number,
  options?: SignPayloadOptions,
): Promise<string> {
  const store = ctx.stores.get(storeHash);
  return signPayloadJwt(
    {
      clientId: ctx.app.clientId,
      clientSecret: ctx.app.clientSecret,
      storeHash,
      user: ctx.stores.knownUser(storeHash, userId),
      owner: store.owner,
      now: ctx.now(),
    },
    options,
  );
}

/** The /load URL for a user who has access to a store where the app is installed. */
export async function loadUrl(
  ctx: SimulatorContext,
  storeHash: string,
  userId: number,
  url?: string,
): Promise<string> {
  requireInstalled(ctx, storeHash);
  ctx.stores.activeUser(storeHash, userId);
  if (url !== undefined && !url.startsWith('/'))
    throw new SandboxActionError(422, 'The deep link must start with "/"');
  const jwt = await signPayload(ctx, storeHash, userId, { url });
  return `${ctx.app.appUrl}/load?${new URLSearchParams({ signed_payload_jwt: jwt }).toString()}`;
}

/**
 * "Open app". After a scope change BigCommerce does not load the app: it asks the merchant to accept the
 * new scopes and sends a fresh /auth callback instead (https://developer.bigcommerce.com/docs/integrations/apps/guide/auth).
 */
export async function openApp(
  ctx: SimulatorContext,
  storeHash: string,
  userId: number,
  url?: string,
): Promise<OpenAppResult> {
  const store = requireInstalled(ctx, storeHash);
  if (store.grantedScope !== ctx.app.scopes)
    return { kind: 'auth', url: beginInstall(ctx, storeHash, userId) };
  return { kind: 'load', url: await loadUrl(ctx, storeHash, userId, url) };
}

/** "Uninstall": tell the app, then (whatever it answers) delete its hooks and app extensions and revoke its token. */
export async function uninstall(
  ctx: SimulatorContext,
  storeHash: string,
  userId?: number,
): Promise<AppCallbackResult> {
  const store = requireInstalled(ctx, storeHash);
  const actor = ctx.stores.activeUser(storeHash, userId ?? store.owner.id);
  const jwt = await signPayload(ctx, storeHash, actor.id);
  const result = await callApp(ctx.app.appUrl, 'uninstall', jwt);
  ctx.hooks.deleteAll({ storeHash, clientId: ctx.app.clientId });
  ctx.appExtensions.deleteAll(storeHash, ctx.app.clientId);
  ctx.grants.revoke(storeHash);
  ctx.stores.markUninstalled(storeHash);
  return result;
}

/**
 * "Remove user": the owner takes a user's access away; BigCommerce tells the app with the removed user in
 * the payload's `user` claim. Sandbox choice: only offered while the app is installed, since only then
 * does BigCommerce call the app.
 */
export async function removeUser(
  ctx: SimulatorContext,
  storeHash: string,
  userId: number,
): Promise<AppCallbackResult> {
  requireInstalled(ctx, storeHash);
  ctx.stores.removeUser(storeHash, userId);
  const jwt = await signPayload(ctx, storeHash, userId);
  return callApp(ctx.app.appUrl, 'remove_user', jwt);
}

function requireInstalled(ctx: SimulatorContext, storeHash: string): StoreView {
  const store = ctx.stores.get(storeHash);
  if (!store.installed) {
    throw new SandboxActionError(
      409,
      `${ctx.app.name} is not installed on ${store.name}. Install the app first.`,
    );
  }
  return store;
}
