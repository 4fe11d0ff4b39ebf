import { openFirestoreDocumentStore } from './firestore-document-store';
import { COLLECTIONS } from './repositories/collections';
import { assembleStorage } from './repositories/assemble-storage';
import { openSqliteDocumentStore } from './sqlite-document-store';
import type { SecretCipher, Storage } from './types';

export type StorageOptions =
  { kind: 'sqlite'; path: string } | { kind: 'firestore'; projectId: string; emulatorHost?: string };

/**
 * Open the configured storage. SQLite creates the database file (and its directory) if needed;
 * Firestore connects to `emulatorHost` (host:port, plain text) when given, else to Google Cloud with
 * application default credentials. Secrets are sealed with `cipher` before they are stored.
 */
export async function createStorage(options: StorageOptions, cipher: SecretCipher): Promise<Storage> {
  if (options.kind === 'sqlite') {
    return assembleStorage('sqlite', openSqliteDocumentStore(options.path, COLLECTIONS), cipher);
  }
  const { projectId, emulatorHost } = options;
  const documents = openFirestoreDocumentStore({ projectId, emulatorHost }, COLLECTIONS);
  return assembleStorage('firestore', documents, cipher);
}
