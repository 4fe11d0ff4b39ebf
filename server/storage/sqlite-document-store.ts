import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  assertBatchSize,
  assertCollection,
  assertDocumentId,
  assertFieldNames,
  assertName,
  assertQuery,
  type CollectionSchema,
  type DocumentData,
  type CountQuery,
  type DocumentQuery,
  type DocumentStore,
  type DocumentWrite,
} from './document-store';

/**
 * Layout version stored in `PRAGMA user_version`. Version 1: one STRICT table per collection with
 * `id TEXT PRIMARY KEY` and a JSON `body`, plus expression indexes on the queried fields.
 */
export const SQLITE_SCHEMA_VERSION = 1;

const BUSY_TIMEOUT_MS = 5000;

/**
 * Open (creating it and its parent directory if needed) a SQLite document store in WAL mode.
 * Refuses a database written by a newer schema version.
 *
 * The database holds sealed secrets and every order's data, so what this creates is private to the
 * process's user: missing directories 0700 and the database file 0600, created before SQLite opens it
 * (SQLite gives the -wal and -shm files the database file's mode). Existing files keep their mode.
 */
export function openSqliteDocumentStore(path: string, schema: CollectionSchema): DocumentStore {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('synchronous = NORMAL');
    migrate(db, schema);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpointer = path === ':memory:' ? null : startCheckpointer(db, path);
  return new SqliteDocumentStore(db, schema, checkpointer);
}

const CHECKPOINT_INTERVAL_MS = 500;

/**
 * Checkpoint the WAL from a worker thread with its own connection, instead of SQLite's automatic
 * checkpoint inside whichever commit crosses 1,000 pages: that one fsyncs on the event loop and was
 * most of a commit's cost (measured: 98 → 53 µs per grouped insert). PASSIVE never waits for, nor
 * blocks, the app's writers. The thread is unref'd; closing the store stops it, and SQLite's own
 * close checkpoints what is left.
 */
function startCheckpointer(db: Database.Database, path: string): Worker {
  db.pragma('wal_autocheckpoint = 0');
  const source = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(path)});
    db.pragma('busy_timeout = ${BUSY_TIMEOUT_MS}');
    setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    }, ${CHECKPOINT_INTERVAL_MS});
  `;
  const worker = new Worker(source, { eval: true });
  worker.unref();
  // Should the thread ever fail, SQLite's own checkpoints take over again: slower, never unbounded.
  worker.on('error', () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  return worker;
}

function migrate(db: Database.Database, schema: CollectionSchema): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new Error(
      `SQLite database has schema version ${version}; this build supports up to ${SQLITE_SCHEMA_VERSION}`,
    );
  }
  // Idempotent: creates what is missing, so collections and indexes added to the schema appear on open.
  db.transaction(() => {
    for (const [collection, indexes] of Object.entries(schema)) {
      assertName(collection, 'collection');
      db.exec(
        `CREATE TABLE IF NOT EXISTS "${collection}" (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL) STRICT, WITHOUT ROWID`,
      );
      for (const fields of indexes) {
        fields.forEach((field) => assertName(field, 'field'));
        db.exec(
          `CREATE INDEX IF NOT EXISTS "${collection}__${fields.join('__')}" ON "${collection}" (${fields.map(fieldExpression).join(', ')})`,
        );
      }
    }
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

/** The SQL expression of a top-level field; queries use exactly this text so the indexes apply. */
function fieldExpression(field: string): string {
  return `json_extract(body, '$.${field}')`;
}

/**
 * Group commit: the writes of one event-loop turn are queued and run together, in order, in one
 * transaction at the end of the turn (setImmediate); each settles once that transaction has
 * committed. Concurrent requests (a webhook burst, a pool of workers) thereby share one commit, and
 * the pages they all touch (the tail of a `dueAt` index) reach the WAL once per turn instead of once
 * per statement. The write lock is held only while the queue runs, never across turns, so other
 * connections (other processes, or a second store in this one) are not kept waiting. A read while
 * writes are queued joins the queue, so it sees them, and nothing is reported before it is durable.
 */
interface QueuedOperation {
  run(): unknown;
  settle(outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void;
}

class SqliteDocumentStore implements DocumentStore {
  private readonly statements = new Map<string, Database.Statement>();
  private queue: QueuedOperation[] | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly schema: CollectionSchema,
    private readonly checkpointer: Worker | null,
  ) {}

  async get(collection: string, id: string): Promise<DocumentData | null> {
    return this.reading(() => this.read(collection, id));
  }

  async set(collection: string, id: string, data: DocumentData): Promise<void> {
    return this.writing(() => this.write(collection, id, data));
  }

  async create(collection: string, id: string, data: DocumentData): Promise<boolean> {
    this.check(collection, id);
    assertFieldNames(data);
    const sql = `INSERT INTO "${collection}" (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`;
    return this.writing(() => this.statement(sql).run(id, JSON.stringify(data)).changes === 1);
  }

  async update(collection: string, id: string, patch: DocumentData): Promise<boolean> {
    assertFieldNames(patch);
    return this.writing(() => {
      const current = this.read(collection, id);
      if (current === null) return false;
      this.write(collection, id, { ...current, ...patch });
      return true;
    }, 'several statements');
  }

  async delete(collection: string, id: string): Promise<void> {
    return this.writing(() => this.remove(collection, id));
  }

  async query(collection: string, query: DocumentQuery): Promise<DocumentData[]> {
    assertCollection(this.schema, collection);
    assertQuery(query);
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      conditions.push(`${fieldExpression(field)} = ?`);
      params.push(value);
    }
    if (query.range) {
      conditions.push(`${fieldExpression(query.orderBy)} ${query.range.op} ?`);
      params.push(query.range.value);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const direction = query.direction === 'desc' ? 'DESC' : 'ASC';
    const sql = `SELECT body FROM "${collection}" ${where} ORDER BY ${fieldExpression(query.orderBy)} ${direction} LIMIT ?`;
    return this.reading(() => {
      const rows = this.statement(sql).all(...params, query.limit) as { body: string }[];
      return rows.map((row) => JSON.parse(row.body) as DocumentData);
    });
  }

  async count(collection: string, query: CountQuery): Promise<number> {
    assertCollection(this.schema, collection);
    assertQuery({ ...query, limit: 1 });
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    for (const [field, value] of Object.entries(query.where ?? {})) {
      conditions.push(`${fieldExpression(field)} = ?`);
      params.push(value);
    }
    if (query.from !== undefined) {
      conditions.push(`${fieldExpression(query.orderBy)} >= ?`);
      params.push(query.from);
    }
    if (query.before !== undefined) {
      conditions.push(`${fieldExpression(query.orderBy)} < ?`);
      params.push(query.before);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const sql = `SELECT COUNT(*) AS n FROM "${collection}" ${where}`;
    return this.reading(() => (this.statement(sql).get(...params) as { n: number }).n);
  }

  async batch(writes: readonly DocumentWrite[]): Promise<void> {
    assertBatchSize(writes);
    return this.writing(() => {
      for (const write of writes) {
        if (write.op === 'set') this.write(write.collection, write.id, write.data);
        else this.remove(write.collection, write.id);
      }
    }, 'several statements');
  }

  /** Queue a write for this turn's transaction. */
  private writing<T>(
    operation: () => T,
    statements: 'one statement' | 'several statements' = 'one statement',
  ): Promise<T> {
    // One statement is atomic by itself (SQLite undoes a failed statement and keeps the transaction);
    // several run in a savepoint, so a failure leaves the turn's other writes intact.
    return this.enqueue(statements === 'one statement' ? operation : () => this.inSavepoint(operation));
  }

  /** Read now, or, if writes are queued, after them in the same transaction. */
  private reading<T>(operation: () => T): Promise<T> {
    return this.queue === null ? Promise.resolve(operation()) : this.enqueue(operation);
  }

  private enqueue<T>(operation: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue === null) {
        this.queue = [];
        setImmediate(() => this.flush());
      }
      this.queue.push({
        run: operation,
        settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)),
      });
    });
  }

  /** Run the queued operations in one transaction; each settles after the commit. */
  private flush(): void {
    const queue = this.queue;
    this.queue = null;
    if (queue === null) return;
    const fail = (error: unknown) => queue.forEach((op) => op.settle({ ok: false, error }));
    if (!this.db.open) return fail(new Error('The SQLite store is closed.'));
    try {
      this.statement('BEGIN IMMEDIATE').run();
    } catch (error) {
      return fail(error);
    }
    const outcomes = queue.map((op) => {
      try {
        return { ok: true as const, value: op.run() };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    try {
      this.statement('COMMIT').run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      return fail(error);
    }
    queue.forEach((op, i) => op.settle(outcomes[i]!));
  }

  private inSavepoint<T>(operation: () => T): T {
    this.statement('SAVEPOINT operation').run();
    try {
      const result = operation();
      this.statement('RELEASE operation').run();
      return result;
    } catch (error) {
      this.statement('ROLLBACK TO operation').run();
      this.statement('RELEASE operation').run();
      throw error;
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.flush();
    await this.checkpointer?.terminate();
    if (this.db.open) this.db.close();
  }

  private read(collection: string, id: string): DocumentData | null {
    this.check(collection, id);
    const row = this.statement(`SELECT body FROM "${collection}" WHERE id = ?`).get(id) as
      { body: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.body) as DocumentData);
  }

  private write(collection: string, id: string, data: DocumentData): void {
    this.check(collection, id);
    assertFieldNames(data);
    const sql = `INSERT INTO "${collection}" (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body`;
    this.statement(sql).run(id, JSON.stringify(data));
  }

  private remove(collection: string, id: string): void {
    this.check(collection, id);
    this.statement(`DELETE FROM "${collection}" WHERE id = ?`).run(id);
  }

  private check(collection: string, id: string): void {
    assertCollection(this.schema, collection);
    assertDocumentId(id);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
