import type { Logger } from '../logger';
import { KeyedSemaphores } from '../net/semaphore';
import type { ConnectionRecord } from '../storage/types';
import {
  DEFAULT_CONCURRENCY_PER_ENVIRONMENT,
  DataverseClient,
  type DataverseClientDeps,
} from './dataverse-client';
import { EntraTokenProvider } from './entra-token';

export type ConnectionCredentials = Pick<
  ConnectionRecord,
  'environmentUrl' | 'tenantId' | 'clientId' | 'clientSecret'
>;

/**
 * Hands out Dataverse clients for a store's connection, sharing one token cache and one
 * concurrency cap per environment across the whole process.
 */
export class IomGateway {
  readonly tokens: EntraTokenProvider;
  private readonly concurrency: KeyedSemaphores;

  constructor(
    authorityHost: string,
    private readonly logger: Logger,
    private readonly opts: {
      concurrencyPerEnvironment?: number;
      /** Every Dataverse client's `onResponse` (metrics). */
      onDataverseResponse?: (status: number) => void;
      /** The token provider's `onResponse` (metrics). */
      onEntraResponse?: (status: number) => void;
    } = {},
  ) {
    this.tokens = new EntraTokenProvider(authorityHost, { onResponse: opts.onEntraResponse });
    this.concurrency = new KeyedSemaphores(
      opts.concurrencyPerEnvironment ?? DEFAULT_CONCURRENCY_PER_ENVIRONMENT,
    );
  }

  clientFor(
    connection: ConnectionCredentials,
    opts: Pick<DataverseClientDeps, 'timeoutMs' | 'maxAttempts' | 'maxWaitMs' | 'deadlineAt' | 'sleep'> = {},
  ): DataverseClient {
    return new DataverseClient(
      {
        environmentUrl: connection.environmentUrl,
        credentials: {
          tenantId: connection.tenantId,
          clientId: connection.clientId,
          clientSecret: connection.clientSecret,
        },
      },
      {
        tokens: this.tokens,
        concurrency: this.concurrency,
        logger: this.logger,
        onResponse: this.opts.onDataverseResponse,
        ...opts,
      },
    );
  }
}
