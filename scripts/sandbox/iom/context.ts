import type { DataverseEnvironment } from './dataverse/environment';
import type { ServiceProtection } from './dataverse/service-protection';
import type { Directory } from './entra/directory';
import type { TokenSigner } from './entra/token-signer';
import type { IntakeFlow } from './intake/intake-flow';
import type { PushNotifier } from './push';
import type { IomKnobs, RecordedRequest } from './types';

export interface SimulatorUrls {
  /** Base URL of the whole simulator. */
  url: string;
  /** Entra: `${authorityHost}/${tenant}/oauth2/v2.0/token`. */
  authorityHost: string;
  /** Dataverse: `${environmentUrl}/api/data/v9.2/`. */
  environmentUrl: string;
}

/** Everything the simulator's routes share. */
export interface IomContext {
  /** Known once the server listens. */
  urls: SimulatorUrls;
  directory: Directory;
  signer: TokenSigner;
  knobs: IomKnobs;
  /** The simulator's own names (IOM operator, intake flow). */
  env: DataverseEnvironment;
  /** What the Web API serves: `env`, or `env` under the `renames` start option's names. */
  webApiEnv: DataverseEnvironment;
  limiter: ServiceProtection;
  intake: IntakeFlow;
  /** Pushes of sales order changes to the connector (sandbox-only). */
  push: PushNotifier;
  requests: RecordedRequest[];
  counters: { tokenRequests: number };
  /** The Dataverse application user bound to the app registration. */
  applicationUserId: string;
  now: () => number;
}
