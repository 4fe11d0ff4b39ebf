import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { listenHttp } from '../shared/http-server';
import { ApiQuota } from './api-quota';
import type { SimulatorContext } from './context';
import { CONTROL_PANEL_PATH } from './control-panel-page';
import { Grants } from './grants';
import { HookRegistry } from './hook-registry';
import * as merchant from './merchant-actions';
import { parseAppUrl, parseScopes, resolveOptions, type BigCommerceSimulatorOptions } from './options';
import { createSimulatorApp } from './simulator-app';
import { StoreDirectory } from './store-directory';
import type {
  AppCallbackResult,
  OpenAppResult,
  RecordedRequest,
  SandboxUser,
  SignPayloadOptions,
  SimulatorKnobs,
  WebhookRecord,
} from './types';

export type { BigCommerceSimulatorOptions } from './options';
export { DEFAULT_APP_SCOPES, DEFAULT_STORES } from './options';
export { SandboxActionError } from './store-directory';
export type {
  AppCallbackResult,
  OpenAppResult,
  RecordedRequest,
  SandboxStoreSeed,
  SandboxUser,
  SignPayloadOptions,
  SimulatorKnobs,
  WebhookRecord,
} from './types';

export interface BigCommerceSimulator {
  /** Base URL: serves as both BC_LOGIN_URL (POST /oauth2/token) and BC_API_URL (/stores/{hash}/v3/...). */
  url: string;
  /** The simulated control panel page. */
  controlPanelUrl: string;
  /** The app may only know its port after the simulator started. */
  setAppUrl(appUrl: string): void;
  /** Mints a one-time code; returns the `${appUrl}/auth?code=..&scope=..&context=..&account_uuid=..` URL. */
  beginInstall(storeHash: string, userId?: number): string;
  /** A signed_payload_jwt exactly as BigCommerce makes it (also for removed users, for negative tests). */
  signPayload(storeHash: string, userId: number, opts?: SignPayloadOptions): Promise<string>;
  /** `${appUrl}/load?signed_payload_jwt=...`; throws unless the app is installed and the user has access. */
  loadUrl(storeHash: string, userId: number, url?: string): Promise<string>;
  /** What "Open app" does: a load URL, or after a scope change a fresh install (/auth) URL. */
  openApp(storeHash: string, userId: number, url?: string): Promise<OpenAppResult>;
  /** Calls the app's /uninstall server-to-server, then deletes the app's hooks and revokes the token. */
  uninstall(storeHash: string, userId?: number): Promise<AppCallbackResult>;
  /** Calls /remove_user server-to-server; the user loses access. */
  removeUser(storeHash: string, userId: number): Promise<AppCallbackResult>;
  addUser(storeHash: string, user: SandboxUser): void;
  /** Ownership of the store moves to a user who has access (the former owner stays a user). */
  transferOwnership(storeHash: string, userId: number): void;
  /** A scope change: the next install grants the new scopes and a new token; the old token then stops working. */
  setAppScopes(scopes: string): void;
  knobs: SimulatorKnobs;
  inspect: {
    hooks(storeHash: string): WebhookRecord[];
    currentToken(storeHash: string): string | null;
    /** Every request received, oldest first (the most recent 10,000). */
    requests: RecordedRequest[];
  };
  close(): Promise<void>;
}

const userSchema = z.object({ id: z.int().positive(), email: z.email() });
const userIdSchema = z.int().positive();
const signOptionsSchema = z
  .object({
    url: z.string().startsWith('/').optional(),
    expiresInSec: z.int().optional(),
    notBeforeOffsetSec: z.int().optional(),
  })
  .optional();

/** Starts the BigCommerce simulator on `host:port` (default 127.0.0.1, an ephemeral port). */
export async function startBigCommerceSimulator(
  options: BigCommerceSimulatorOptions,
): Promise<BigCommerceSimulator> {
  const resolved = resolveOptions(options);
  const ctx: SimulatorContext = {
    app: {
      name: 'IOM Connector',
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      accountUuid: randomUUID(),
      appUrl: resolved.appUrl,
      scopes: resolved.appScopes,
    },
    stores: new StoreDirectory(resolved.stores),
    grants: new Grants(),
    hooks: new HookRegistry(),
    quota: new ApiQuota(),
    knobs: { latencyMs: 0, tokenEndpointFailure: null, apiFailure: null, apiRequestsPerWindow: 150 },
    requests: [],
    notes: resolved.notes,
    now: resolved.now,
  };
  const { url, close } = await listenHttp(createSimulatorApp(ctx), resolved.port, resolved.host);

  return {
    url,
    controlPanelUrl: `${url}${CONTROL_PANEL_PATH}`,
    setAppUrl: (appUrl) => {
      ctx.app.appUrl = parseAppUrl(appUrl);
    },
    beginInstall: (storeHash, userId) =>
      merchant.beginInstall(ctx, storeHash, userId === undefined ? undefined : userIdSchema.parse(userId)),
    signPayload: (storeHash, userId, opts) =>
      merchant.signPayload(ctx, storeHash, userIdSchema.parse(userId), signOptionsSchema.parse(opts)),
    loadUrl: (storeHash, userId, deepLink) =>
      merchant.loadUrl(ctx, storeHash, userIdSchema.parse(userId), deepLink),
    openApp: (storeHash, userId, deepLink) =>
      merchant.openApp(ctx, storeHash, userIdSchema.parse(userId), deepLink),
    uninstall: (storeHash, userId) =>
      merchant.uninstall(ctx, storeHash, userId === undefined ? undefined : userIdSchema.parse(userId)),
    removeUser: (storeHash, userId) => merchant.removeUser(ctx, storeHash, userIdSchema.parse(userId)),
    addUser: (storeHash, user) => ctx.stores.addUser(storeHash, userSchema.parse(user)),
    transferOwnership: (storeHash, userId) =>
      ctx.stores.transferOwnership(storeHash, userIdSchema.parse(userId)),
    setAppScopes: (scopes) => {
      ctx.app.scopes = parseScopes(scopes);
    },
    knobs: ctx.knobs,
    inspect: {
      hooks: (storeHash) => ctx.hooks.allForStore(storeHash),
      currentToken: (storeHash) => ctx.grants.currentToken(storeHash)?.token ?? null,
      requests: ctx.requests,
    },
    close,
  };
}
