import path from 'node:path';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { IomGateway } from './iom/iom-gateway';
import type { Logger } from './logger';
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
  dirs: { clientDistDir: string; clientStaticDir: string },
): Promise<AppDeps> {
  const keys = deriveKeys(config.secretKey);
  const storage = await createStorage(config.storage, new SecretBox(keys.encryption));
  return {
    config,
    storage,
    logger,
    sessions: new SessionTokens(keys.sessionSigning),
    iom: new IomGateway(config.entraAuthorityHost, logger),
    clock: () => new Date(),
    ...dirs,
  };
}

/** Where the client bundle and static assets are, relative to the repository root. */
export function clientDirs(repoRoot: string): { clientDistDir: string; clientStaticDir: string } {
  return {
    clientDistDir: path.join(repoRoot, 'dist', 'client'),
    clientStaticDir: path.join(repoRoot, 'client', 'static'),
  };
}
