import type { DocumentStore } from '../document-store';
import type { SecretCipher, Storage } from '../types';
import { createConnectionRepository } from './connection-repository';
import { createEventRepository } from './event-repository';
import { createJobRepository } from './job-repository';
import { createMappingRepository } from './mapping-repository';
import { createOrderLinkRepository } from './order-link-repository';
import { createOutboundRepository, createSyncCursorRepository } from './outbound-repository';
import { createReceiptRepository } from './receipt-repository';
import { createSettingsRepository } from './settings-repository';
import { createStoreDataRepository } from './store-data-repository';
import { createStoreRepository } from './store-repository';
import { createUserRemovalRepository } from './user-removal-repository';
import { createUserRepository } from './user-repository';
import { VersionedDocuments } from './versioned-documents';

/** Build the typed repositories on a document store; the storage owns (and closes) the store. */
export function assembleStorage(
  kind: Storage['kind'],
  documents: DocumentStore,
  cipher: SecretCipher,
): Storage {
  const versioned = new VersionedDocuments(documents);
  return {
    kind,
    stores: createStoreRepository(documents, cipher),
    users: createUserRepository(documents),
    userRemovals: createUserRemovalRepository(documents),
    connections: createConnectionRepository(documents, cipher),
    settings: createSettingsRepository(documents),
    mappings: createMappingRepository(documents),
    orderLinks: createOrderLinkRepository(documents),
    events: createEventRepository(documents),
    jobs: createJobRepository(documents, versioned),
    receipts: createReceiptRepository(documents, versioned),
    outbound: createOutboundRepository(documents),
    cursors: createSyncCursorRepository(documents),
    storeData: createStoreDataRepository(documents),
    ping: () => documents.ping(),
    close: () => documents.close(),
  };
}
