import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SecretBox } from '../../server/security/secret-box';
import { StorageKeyError, createStorage, type StorageOptions } from '../../server/storage/create-storage';
import { assembleStorage } from '../../server/storage/repositories/assemble-storage';
import type { DocumentStore } from '../../server/storage/document-store';
import { openFirestoreDocumentStore } from '../../server/storage/firestore-document-store';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { openSqliteDocumentStore } from '../../server/storage/sqlite-document-store';
import type { Storage } from '../../server/storage/types';
import { startFirestoreEmulator, type FirestoreEmulator } from '../helpers/firestore-emulator';

const ACCESS_TOKEN = 'plain-access-token-5f1c9e';
const WEBHOOK_SECRET = 'plain-webhook-secret-8a2d4b';
const CLIENT_SECRET = 'plain-client-secret-3e7f0a';
const INTAKE_SIG = 'plain-intake-signature-5c1b9e';
const PUSH_SECRET = 'plain-push-secret-7d3a1f';
const SECRETS = [ACCESS_TOKEN, WEBHOOK_SECRET, CLIENT_SECRET, INTAKE_SIG, PUSH_SECRET];
const STORE = 'secretstore';

interface Backend {
  options(): StorageOptions;
  /** Everything the backing store holds, as text, read around the adapter. */
  rawText(): string;
  /** A separate connection at the document level, to tamper with stored values. */
  documents(): DocumentStore;
}

async function saveSecrets(storage: Storage): Promise<void> {
  await storage.stores.saveInstall(
    {
      hash: STORE,
      accessToken: ACCESS_TOKEN,
      scope: 'store_v2_orders',
      ownerId: 1,
      ownerEmail: 'owner@example.com',
      webhookSecret: WEBHOOK_SECRET,
    },
    new Date(),
  );
  await storage.stores.setPushSecret(STORE, PUSH_SECRET, new Date());
  await storage.connections.put({
    storeHash: STORE,
    environmentUrl: 'https://org.crm.dynamics.com',
    tenantId: 'tenant',
    clientId: 'client',
    clientSecret: CLIENT_SECRET,
    intakeMode: 'intake-provider',
    intakeUrl: `https://prod-00.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=${INTAKE_SIG}`,
    lastTest: null,
    updatedAt: new Date().toISOString(),
  });
}

/** Flip one character of the ciphertext part of a sealed `v1.<iv>.<tag>.<ciphertext>` value. */
function tamper(sealed: string): string {
  const at = sealed.lastIndexOf('.') + 1;
  const flipped = sealed[at] === 'A' ? 'B' : 'A';
  return `${sealed.slice(0, at)}${flipped}${sealed.slice(at + 1)}`;
}

function describeSecretsAtRest(name: string, backend: () => Backend): void {
  describe(name, () => {
    const cipher = new SecretBox(randomBytes(32));
    let storage: Storage;

    beforeEach(async () => {
      storage = await createStorage(backend().options(), cipher);
      await saveSecrets(storage);
    });

    afterEach(async () => {
      await storage.close();
    });

    it('stores no secret in plain text, yet the repositories return them decrypted', async () => {
      const raw = backend().rawText();
      expect(raw).toContain(STORE);
      expect(raw).toContain('v1.');
      for (const secret of SECRETS) expect(raw).not.toContain(secret);

      expect(await storage.stores.get(STORE)).toMatchObject({
        accessToken: ACCESS_TOKEN,
        webhookSecret: WEBHOOK_SECRET,
        pushSecret: PUSH_SECRET,
      });
      expect((await storage.connections.get(STORE))?.clientSecret).toBe(CLIENT_SECRET);
      expect((await storage.connections.get(STORE))?.intakeUrl).toContain(INTAKE_SIG);
    });

    it('fails loudly when a stored secret was tampered with', async () => {
      const documents = backend().documents();
      try {
        const stored = await documents.get('stores', STORE);
        expect(typeof stored?.accessToken).toBe('string');
        await documents.update('stores', STORE, { accessToken: tamper(String(stored?.accessToken)) });
      } finally {
        await documents.close();
      }
      await expect(storage.stores.get(STORE)).rejects.toThrow(
        /accessToken of store secretstore cannot be decrypted/,
      );
    });

    it('refuses to open the data with another key, naming APP_SECRET_KEY and what to do', async () => {
      const opening = createStorage(backend().options(), new SecretBox(randomBytes(32)));
      await expect(opening).rejects.toBeInstanceOf(StorageKeyError);
      await expect(opening).rejects.toThrow(
        /^Configuration error: APP_SECRET_KEY does not open the data in .+ \(it was encrypted with another key\): set APP_SECRET_KEY back to the key this deployment used, or point (SQLITE_PATH at a new database|FIRESTORE_PROJECT_ID at a new project)\.$/,
      );
    });

    it('fails loudly when a secret is read with another key past the start-up check', async () => {
      const documents = backend().documents();
      const otherKey = assembleStorage(storage.kind, documents, new SecretBox(randomBytes(32)));
      try {
        await expect(otherKey.connections.get(STORE)).rejects.toThrow(/clientSecret .* cannot be decrypted/);
      } finally {
        await otherKey.close();
      }
    });
  });
}

let dir: string;
let emulator: FirestoreEmulator;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-secrets-'));
  emulator = await startFirestoreEmulator();
});

afterAll(() => {
  emulator?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describeSecretsAtRest('SQLite', () => {
  const file = path.join(dir, 'secrets.db');
  return {
    options: () => ({ kind: 'sqlite', path: file }),
    rawText() {
      // Every table's rows through a separate connection, plus the raw bytes of the file and its WAL.
      const db = new Database(file, { readonly: true });
      try {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[];
        const rows = tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
        const files = [file, `${file}-wal`]
          .filter((f) => fs.existsSync(f))
          .map((f) => fs.readFileSync(f, 'latin1'));
        return [...rows, ...files].join('\n');
      } finally {
        db.close();
      }
    },
    documents: () => openSqliteDocumentStore(file, COLLECTIONS),
  };
});

describeSecretsAtRest('Firestore (emulator)', () => {
  const projectId = 'demo-iom-secrets';
  return {
    options: () => ({ kind: 'firestore', projectId, emulatorHost: emulator.host }),
    rawText: () => JSON.stringify(emulator.server.state.toJSON()),
    documents: () => openFirestoreDocumentStore({ projectId, emulatorHost: emulator.host }, COLLECTIONS),
  };
});
