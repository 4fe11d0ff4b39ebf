import path from 'node:path';
import type { Config } from './config';
import type { AppDeps, Tuning } from './deps';
import { StoreQuotas } from './bigcommerce/store-quota';
import { IomGateway } from './iom/iom-gateway';
import { OrderReferenceResolver } from './iom/order-references';
import { SalesOrderProfiles } from './iom/sales-order-profile';
import { JobSignal, signallingJobs } from './relay/job-signal';
import type { Logger } from './logger';
import { createMetrics } from './observability/metrics';
import { createMailer } from './notifications/mailer';
import { DEFAULT_NOTIFICATION_TUNING } from './notifications/notification-jobs';
import { DEFAULT_UNINSTALL_CONFIRMATION } from './relay/tasks/confirm-uninstall';
import { deriveKeys } from './security/keys';
import { SecretBox } from './security/secret-box';
import { SessionTokens } from './security/session-token';
import { createStorage } from './storage/create-storage';

/**
 * Build the app's dependencies from a validated Config: storage (secrets sealed with a key derived
 * from APP_SECRET_KEY) and session tokens (signed with another derived key).
 */
export async function composeDeps(
  config: Config,
  logger: Logger,
  dirs: ClientDirs,
  tuning: Partial<Tuning> = {},
): Promise<AppDeps> {
  const keys = deriveKeys(config.secretKey);
  const stored = await createStorage(config.storage, new SecretBox(keys.encryption));
  const jobSignal = new JobSignal();
  const storage = { ...stored, jobs: signallingJobs(stored.jobs, jobSignal) };
  const metrics = createMetrics();
  return {
    config,
    storage,
    relay: {
      jobSignal,
      quotas: new StoreQuotas(),
      references: new OrderReferenceResolver(),
      profiles: new SalesOrderProfiles(),
    },
    logger,
    sessions: new SessionTokens(keys.sessionSigning),
    iom: new IomGateway(config.entraAuthorityHost, logger, {
      onDataverseResponse: metrics.responseObserver('dataverse'),
      onEntraResponse: metrics.responseObserver('entra'),
    }),
    metrics,
    mailer: createMailer(config.notifications, logger),
    clock: () => new Date(),
    ...dirs,
    tuning: {
      uninstallConfirmation: DEFAULT_UNINSTALL_CONFIRMATION,
      webhookHealthIntervalMs: 10 * 60 * 1000,
      notifications: DEFAULT_NOTIFICATION_TUNING,
      ...tuning,
    },
  };
}

export interface ClientDirs {
  clientDistDir: string;
  clientStaticDir: string;
}

/** Where the client bundle and static assets are, relative to the repository root. */
export function clientDirs(repoRoot: string): ClientDirs {
  return {
    clientDistDir: path.join(repoRoot, 'dist', 'client'),
    clientStaticDir: path.join(repoRoot, 'client', 'static'),
  };
}
