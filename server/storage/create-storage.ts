import { ConfigError } from '../config';
import type { DocumentStore } from './document-store';
import { openFirestoreDocumentStore } from './firestore-document-store';
import { COLLECTIONS } from './repositories/collections';
import { assembleStorage } from './repositories/assemble-storage';
import { verifyStorageKey } from './repositories/key-check';
import { openSqliteDocumentStore } from './sqlite-document-store';
import type { SecretCipher, Storage } from './types';

export type StorageOptions =
  { kind: 'sqlite'; path: string } | { kind: 'firestore'; projectId: string; emulatorHost?: string };

/** APP_SECRET_KEY is not the key the stored data was encrypted with; the process must not start. */
export class StorageKeyError extends ConfigError {
  constructor(options: StorageOptions) {
    const [where, elsewhere] =
      options.kind === 'sqlite'
        ? [options.path, 'point SQLITE_PATH at a new database']
        : [`Firestore project ${options.projectId}`, 'point FIRESTORE_PROJECT_ID at a new project'];
    super([
      `Configuration error: APP_SECRET_KEY does not open the data in ${where} (it was encrypted with another key): set APP_SECRET_KEY back to the key this deployment used, or ${elsewhere}.`,
    ]);
    this.name = 'StorageKeyError';
  }
}

/**
 * Open the configured storage. SQLite creates the database file (and its directory) if needed;
 * Firestore connects to `emulatorHost` (host:port, plain text) when given, else to Google Cloud with
 * application default credentials. Secrets are sealed with `cipher` before they are stored.
 *
 * Throws StorageKeyError (and closes the store) if `cipher` does not open the data already stored,
 * so a wrong APP_SECRET_KEY stops the start-up instead of failing every request that reads a secret.
 */
export async function createStorage(options: StorageOptions, cipher: SecretCipher): Promise<Storage> {
  const documents: DocumentStore =
    options.kind === 'sqlite'
      ? openSqliteDocumentStore(options.path, COLLECTIONS)
      : openFirestoreDocumentStore(
          { projectId: options.projectId, emulatorHost: options.emulatorHost },
          COLLECTIONS,
        );
  try {
    const check = await verifyStorageKey(documents, cipher, new Date());
    if (check.status === 'mismatch') throw new StorageKeyError(options);
  } catch (error) {
    await documents.close();
    throw error;
  }
  return assembleStorage(options.kind, documents, cipher);
}
