import type { DocumentStore } from '../../server/storage/document-store';
import { openFirestoreDocumentStore } from '../../server/storage/firestore-document-store';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { startFirestoreEmulator, type FirestoreEmulator } from '../helpers/firestore-emulator';
import { describeStorageContract } from './storage-contract';

const PROJECT_ID = 'demo-iom-contract';

let emulator: FirestoreEmulator;
let shared: DocumentStore;

const connect = async (): Promise<DocumentStore> =>
  openFirestoreDocumentStore({ projectId: PROJECT_ID, emulatorHost: emulator.host }, COLLECTIONS);

beforeAll(async () => {
  emulator = await startFirestoreEmulator();
  shared = await connect();
});

afterAll(async () => {
  await shared?.close();
  emulator?.stop();
});

describe('Firestore storage (emulator)', () => {
  describeStorageContract({
    kind: 'firestore',
    async reset() {
      emulator.clear();
      return shared;
    },
    connect,
  });
});
