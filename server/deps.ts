import type { StoreQuotas } from './bigcommerce/store-quota';
import type { Config } from './config';
import type { OrderReferenceResolver } from './iom/order-references';
import type { SalesOrderProfiles } from './iom/sales-order-profile';
import type { JobSignal } from './relay/job-signal';
import type { IomGateway } from './iom/iom-gateway';
import type { Logger } from './logger';
import type { Mailer } from './notifications/mailer';
import type { NotificationTuning } from './notifications/notification-jobs';
import type { Metrics } from './observability/metrics';
import type { UninstallConfirmationTuning } from './relay/tasks/confirm-uninstall';
import type { SessionTokens } from './security/session-token';
import type { Storage } from './storage/types';

/** Everything the HTTP layer and the use cases need, built once in server/main.ts (or a test). */
export interface AppDeps {
  config: Config;
  storage: Storage;
  logger: Logger;
  sessions: SessionTokens;
  /** Dataverse clients and Entra tokens for stores' IOM connections. */
  iom: IomGateway;
  /** This runtime's Prometheus metrics (its own registry); GET /metrics renders them. */
  metrics: Metrics;
  /** The current time; tests may pin it. */
  clock: () => Date;
  /** Directory holding the built client (app.js); served under /static. */
  clientDistDir: string;
  /** Directory holding static client assets (favicon); served under /static. */
  clientStaticDir: string;
  /** Timings of background checks; production uses the defaults, tests shorten them. */
  tuning: Tuning;
  /** Process-wide state of the order relay: shared caches and the enqueue signal. */
  relay: RelayServices;
  /** Sends the failure e-mails (SMTP_URL); `enabled` is false without it. */
  mailer: Mailer;
}

export interface RelayServices {
  /** Announces enqueues to this process's runner. */
  jobSignal: JobSignal;
  /** Every store's BigCommerce request quota, as its responses report it. */
  quotas: StoreQuotas;
  /** IOM master data and SKU matches, cached per environment. */
  references: OrderReferenceResolver;
  /** What each environment's salesorder table offers for idempotent creates. */
  profiles: SalesOrderProfiles;
}

export interface Tuning {
  uninstallConfirmation: UninstallConfirmationTuning;
  /** How often each store's order webhooks are checked (and re-activated if BigCommerce turned them off). */
  webhookHealthIntervalMs: number;
  /** The failure digest's minimum spacing and how often the connection's health is looked at. */
  notifications: NotificationTuning;
}
