import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentStore } from '../../server/storage/document-store';
import { COLLECTIONS } from '../../server/storage/repositories/collections';
import { openSqliteDocumentStore } from '../../server/storage/sqlite-document-store';

// The SQLite store's group commit (sqlite-document-store.ts): the writes of one event-loop turn run
// in one transaction at the end of the turn, and a checkpointer thread moves the WAL into the file.
let dir: string;
let dbPath: string;
let store: DocumentStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iom-group-commit-'));
  dbPath = path.join(dir, 'store.db');
  store = openSqliteDocumentStore(dbPath, COLLECTIONS);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const doc = (n: number) => ({ key: `k${n}`, value: n, expiresAt: '2030-01-01T00:00:00.000Z' });

test('a read issued in the same turn as a write sees it', async () => {
  const write = store.set('receipts', 'r1', doc(1));
  const read = store.get('receipts', 'r1');
  await write;
  expect(await read).toEqual(doc(1));
});

test('a write has settled only once another connection can read it (nothing is reported before it is durable)', async () => {
  const other = new Database(dbPath, { readonly: true });
  try {
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.create('receipts', `r${i}`, doc(i))),
    );
    expect(created.every(Boolean)).toBe(true);
    const row = other.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number };
    expect(row.n).toBe(50);
  } finally {
    other.close();
  }
});

test("an operation that fails undoes only itself, not the turn's other writes", async () => {
  const before = store.set('receipts', 'kept-before', doc(1));
  const failing = store.batch([
    { op: 'set', collection: 'receipts', id: 'undone', data: doc(2) },
    { op: 'set', collection: 'no_such_collection', id: 'x', data: doc(3) },
  ]);
  const after = store.create('receipts', 'kept-after', doc(4));
  await expect(failing).rejects.toThrow(/collection/i);
  await before;
  expect(await after).toBe(true);
  expect(await store.get('receipts', 'kept-before')).toEqual(doc(1));
  expect(await store.get('receipts', 'kept-after')).toEqual(doc(4));
  expect(await store.get('receipts', 'undone')).toBeNull();
});

test('a second connection in the same process writes while the first has writes queued (no lock held across turns)', async () => {
  const second = openSqliteDocumentStore(dbPath, COLLECTIONS);
  try {
    const writes = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? store : second).create('receipts', `r${i}`, doc(i)),
    );
    expect(await Promise.all(writes)).toEqual(Array(20).fill(true));
    expect(await second.get('receipts', 'r0')).toEqual(doc(0));
  } finally {
    await second.close();
  }
});

test('the checkpointer thread moves the write-ahead log into the database file while the store is open', async () => {
  const sizeBefore = fs.statSync(dbPath).size;
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.set('receipts', `r${round}-${i}`, { ...doc(i), pad: 'x'.repeat(500) }),
      ),
    );
  }
  const deadline = Date.now() + 10_000;
  while (fs.statSync(dbPath).size <= sizeBefore + 100_000 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(fs.statSync(dbPath).size).toBeGreaterThan(sizeBefore + 100_000);
});
