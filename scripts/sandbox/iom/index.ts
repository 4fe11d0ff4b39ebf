/**
 * Entra ID + Dataverse / Intelligent Order Management simulator: the connector talks HTTP to it exactly
 * as to Microsoft (msal-node for tokens, the Dataverse Web API, IOM's intake provider trigger), and a
 * person (or a browser test) plays the IOM operator on its operator page.
 *
 * One origin serves every part: `authorityHost` and `environmentUrl` are both the simulator's base URL
 * (the Entra paths start with a tenant id, the Web API's with /api/data).
 */
import { randomBytes } from 'node:crypto';
import { listenHttp } from '../shared/http-server';
import type { IomContext } from './context';
import { AlternateKeyRegistry } from './dataverse/alternate-keys';
import { ENTITY_DEFINITIONS } from './dataverse/entities';
import { EntityStore } from './dataverse/entity-store';
import type { DataverseEnvironment } from './dataverse/environment';
import { RenamedStore, schemaRenames } from './dataverse/renames';
import { Schema } from './dataverse/schema';
import { ServiceProtection } from './dataverse/service-protection';
import { expireChangeTracking, resetChangeTracking } from './dataverse/change-tracking';
import { createDirectory } from './entra/directory';
import { TokenSigner } from './entra/token-signer';
import { stableGuid } from './ids';
import { IntakeFlow } from './intake/intake-flow';
import { fulfillmentOrderViews, returnOrderViews, salesOrderViews } from './iom/views';
import { createOperator } from './operator/operator-api';
import { OPERATOR_PATH } from './operator/page';
import { defaultKnobs, resetKnobs, resolveOptions, type IomSimulatorOptions } from './options';
import { PushNotifier } from './push';
import { SEED_CATALOG, seedRows } from './seed';
import { createSimulatorApp } from './simulator-app';
import type {
  FulfillmentOrderView,
  IomKnobs,
  IomOperator,
  IomSeedCatalog,
  PushAttempt,
  PushTarget,
  RecordedRequest,
  ReturnOrderView,
  SalesOrderView,
} from './types';

export { IomOperatorError } from './iom/iom-rows';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
  type IomSimulatorOptions,
} from './options';
export { PUSH_SIGNATURE_HEADER, signPushBody } from './push';
export { EXPIRED_TOKEN_MESSAGE } from './dataverse/change-tracking';
export { SEED_CATALOG } from './seed';
export type {
  ChangeTrackingKnobs,
  EntityKeyIndexStatus,
  FulfillmentLineView,
  FulfillmentOrderView,
  FulfillmentState,
  IomKnobs,
  IomOperator,
  IomSeedCatalog,
  OperatorLineQuantity,
  PrivilegeKnobs,
  PushAttempt,
  PushEvent,
  PushTarget,
  RecordedRequest,
  ReturnOrderView,
  SalesOrderLineView,
  SalesOrderState,
  SalesOrderView,
  ShipmentInput,
  ShipmentView,
} from './types';

export interface IomSimulator {
  /** Base URL of the whole simulator. */
  url: string;
  /** Entra host: token endpoint at `${authorityHost}/${tenantId}/oauth2/v2.0/token`, OpenID configuration at
   *  `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`. */
  authorityHost: string;
  /** The Dataverse environment URL (no trailing slash): Web API at `${environmentUrl}/api/data/v9.2/`;
   *  token scope `${environmentUrl}/.default`. */
  environmentUrl: string;
  /** The IOM operator page. */
  operatorUrl: string;
  /** The intake provider's HTTP trigger URL, `sig` included, like a Power Automate trigger URL. */
  intakeUrl: string;
  credentials: { tenantId: string; clientId: string; clientSecret: string };
  /** The seeded master data (account, price list, currencies, unit, products by SKU, warehouses, carriers). */
  catalog: IomSeedCatalog;
  /** Mutable at runtime; `reset()` restores the defaults. */
  knobs: IomKnobs;
  inspect: {
    /** Every request received, oldest first (client secrets masked). */
    requests: RecordedRequest[];
    /** How many requests reached the token endpoint. */
    tokenRequests(): number;
    salesOrders(): SalesOrderView[];
    fulfillmentOrders(): FulfillmentOrderView[];
    returnOrders(): ReturnOrderView[];
    /** Every push attempt (newest last, at most 200): status code or error, body and signature. */
    pushes(): PushAttempt[];
  };
  /** What the operator page's buttons do. */
  operator: IomOperator;
  /**
   * Puts the application user under a service protection penalty of `seconds`, as if it had exceeded a
   * limit: Web API requests are refused with 429 and `Retry-After`, and one sent early restarts the penalty.
   */
  throttle(seconds: number): void;
  /**
   * Revokes the app registration's client secret and returns the new one, as when an admin deletes or
   * rotates the secret in the Azure portal. Tokens issued before stay valid until they expire.
   */
  rotateClientSecret(): string;
  /**
   * Moves the simulator's clock (`modifiedon`, delta token dates and their expiry, access token expiry,
   * push times) forward by `ms` (negative moves it back). `reset()` puts it back to the real time.
   */
  advanceClock(ms: number): void;
  /** Makes every delta token issued so far invalid: following one is refused as expired. */
  expireChangeTracking(): void;
  /**
   * Sets (or with null clears) where operator actions push sales order changes; a bad target throws.
   * Each push is `POST url` with `{storeHash, salesOrderId, event, occurredAt}` and
   * `X-IOM-Connector-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (see `signPushBody`).
   */
  configurePush(target: PushTarget | null): void;
  /** Resolves once every push sent so far has been answered or has failed. */
  pushesSettled(): Promise<void>;
  /** Back to the seeded state: rows, alternate keys, knobs, limits, intake dedupe, recorded requests,
   *  the original client secret, the real clock, issued delta tokens, no push target and no pushes. */
  reset(): void;
  close(): Promise<void>;
}

const FIRST_ORDER_NUMBER = 1000;

/** Starts the simulator on `host:port` (default 127.0.0.1, an ephemeral port). */
export async function startIomSimulator(options?: IomSimulatorOptions): Promise<IomSimulator> {
  const resolved = resolveOptions(options);
  const knobs = defaultKnobs();
  const clock = { offsetMs: 0 };
  const now = () => Date.now() + clock.offsetMs;
  const schema = new Schema(ENTITY_DEFINITIONS, () => knobs.iomInstalled);
  const store = new EntityStore(schema, now);
  const renames = schemaRenames(ENTITY_DEFINITIONS, resolved.renames);
  store.load(seedRows());
  const orderNumbers = { last: FIRST_ORDER_NUMBER };
  const env: DataverseEnvironment = {
    schema,
    store,
    keys: new AlternateKeyRegistry(knobs, schema),
    knobs,
    now,
    organizationId: stableGuid(`organization:${resolved.tenantId}`),
    businessUnitId: stableGuid(`businessunit:${resolved.tenantId}`),
    nextOrderNumber: () => {
      orderNumbers.last += 1;
      const suffix = randomBytes(6)
        .toString('base64url')
        .replace(/[^A-Za-z0-9]/g, '7')
        .slice(0, 6)
        .toUpperCase();
      return `ORD-${String(orderNumbers.last).padStart(5, '0')}-${suffix}`;
    },
  };
  // The Web API sees the renamed tables and columns; the IOM operator and the intake flow keep the
  // simulator's own names (dataverse/renames.ts).
  const webApiEnv: DataverseEnvironment = renames
    ? {
        ...env,
        schema: new Schema(renames.definitions(ENTITY_DEFINITIONS), () => knobs.iomInstalled),
        store: new RenamedStore(store, renames),
      }
    : env;
  const ctx: IomContext = {
    urls: { url: '', authorityHost: '', environmentUrl: '' },
    directory: createDirectory(resolved.tenantId, resolved.clientId, resolved.clientSecret),
    signer: await TokenSigner.create(),
    knobs,
    env,
    webApiEnv,
    limiter: new ServiceProtection(resolved.limits, now),
    intake: new IntakeFlow(),
    push: new PushNotifier(now),
    requests: [],
    counters: { tokenRequests: 0 },
    applicationUserId: stableGuid(`systemuser:application-user:${resolved.clientId}`),
    now,
  };
  const operator = createOperator(env, (salesOrderId, event) => ctx.push.notify(salesOrderId, event));
  const { url, close } = await listenHttp(createSimulatorApp(ctx, operator), resolved.port, resolved.host);
  ctx.urls = { url, authorityHost: url, environmentUrl: url };

  return {
    url,
    authorityHost: url,
    environmentUrl: url,
    operatorUrl: `${url}${OPERATOR_PATH}`,
    intakeUrl: `${url}${ctx.intake.triggerPathAndQuery()}`,
    credentials: {
      tenantId: resolved.tenantId,
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
    },
    catalog: SEED_CATALOG,
    knobs,
    inspect: {
      requests: ctx.requests,
      tokenRequests: () => ctx.counters.tokenRequests,
      salesOrders: () => salesOrderViews(env),
      fulfillmentOrders: () => fulfillmentOrderViews(env),
      returnOrders: () => returnOrderViews(env),
      pushes: () => ctx.push.history(),
    },
    operator,
    throttle: (seconds) => {
      ctx.limiter.penalize(ctx.applicationUserId, seconds);
    },
    rotateClientSecret: () => {
      ctx.directory.app.clientSecret = `Sbx8Q~rotated.${randomBytes(18).toString('base64url')}`;
      return ctx.directory.app.clientSecret;
    },
    advanceClock: (ms) => {
      if (!Number.isFinite(ms)) throw new Error('advanceClock needs a finite number of milliseconds');
      clock.offsetMs += ms;
    },
    expireChangeTracking: () => expireChangeTracking(env),
    configurePush: (target) => ctx.push.configure(target),
    pushesSettled: () => ctx.push.settled(),
    reset: () => {
      ctx.directory.app.clientSecret = resolved.clientSecret;
      clock.offsetMs = 0;
      resetChangeTracking(env);
      ctx.push.reset();
      store.load(seedRows());
      env.keys.reset();
      resetKnobs(knobs);
      ctx.limiter.reset();
      ctx.intake.reset();
      ctx.requests.length = 0;
      ctx.counters.tokenRequests = 0;
      orderNumbers.last = FIRST_ORDER_NUMBER;
    },
    close,
  };
}
