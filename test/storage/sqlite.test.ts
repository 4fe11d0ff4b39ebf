import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SecretBox } from '../../server/security/secret-box';
import { createStorage } from '../../server/storage/create-storage';
import type { DocumentStore } from '../../server/storage/document-store';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { openSqliteDocumentStore, SQLITE_SCHEMA_VERSION } from '../../server/storage/sqlite-document-store';
import { describeStorageContract } from './storage-contract';

let dir: string;
let dbPath: string;
let current: DocumentStore | null = null;
let opened = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-sqlite-contract-'));
});

afterAll(async () => {
  await current?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite storage', () => {
  describeStorageContract({
    kind: 'sqlite',
    async reset() {
      await current?.close();
      opened += 1;
      dbPath = path.join(dir, `contract-${opened}.db`);
      current = openSqliteDocumentStore(dbPath, COLLECTIONS);
      return current;
    },
    async connect() {
      return openSqliteDocumentStore(dbPath, COLLECTIONS);
    },
  });

  describe('database file', () => {
    const cipher = new SecretBox(Buffer.alloc(32, 7));

    it('creates missing parent directories, uses WAL and records the schema version', async () => {
      const file = path.join(dir, 'nested', 'deeper', 'connector.db');
      const storage = await createStorage({ kind: 'sqlite', path: file }, cipher);
      await storage.stores.saveInstall(
        { hash: 'abc', accessToken: 't', scope: 's', ownerId: 1, ownerEmail: 'o@x', webhookSecret: 'w' },
        new Date(),
      );
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
        const indexes = raw
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'")
          .all();
        expect(indexes).toEqual(
          expect.arrayContaining([{ name: 'jobs__dueAt' }, { name: 'jobs__storeHash__id' }]),
        );
      } finally {
        raw.close();
        await storage.close();
      }
    });

    it('keeps the data private: new directories 0700, the database and its -wal and -shm files 0600', async () => {
      const folder = path.join(dir, 'private', 'data');
      const file = path.join(folder, 'connector.db');
      const storage = await createStorage({ kind: 'sqlite', path: file }, cipher);
      try {
        await storage.settings.put('abc', { a: 1 }, new Date());
        const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
        expect([mode(path.join(dir, 'private')), mode(folder)]).toEqual(['700', '700']);
        expect([file, `${file}-wal`, `${file}-shm`].map(mode)).toEqual(['600', '600', '600']);
      } finally {
        await storage.close();
      }
    });

    it('reopens an existing database with its data', async () => {
      const file = path.join(dir, 'reopen.db');
      const first = await createStorage({ kind: 'sqlite', path: file }, cipher);
      await first.settings.put('abc', { a: 1 }, new Date());
      await first.close();
      const second = await createStorage({ kind: 'sqlite', path: file }, cipher);
      expect(await second.settings.get('abc')).toEqual({ a: 1 });
      await second.close();
    });

    it('refuses a database written by a newer schema version', async () => {
      const file = path.join(dir, 'future.db');
      const raw = new Database(file);
      raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
      raw.close();
      await expect(createStorage({ kind: 'sqlite', path: file }, cipher)).rejects.toThrow(/schema version/);
    });
  });
});
