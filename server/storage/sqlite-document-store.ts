import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
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
  return new SqliteDocumentStore(db, schema);
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

class SqliteDocumentStore implements DocumentStore {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly schema: CollectionSchema,
  ) {}

  async get(collection: string, id: string): Promise<DocumentData | null> {
    return this.read(collection, id);
  }

  async set(collection: string, id: string, data: DocumentData): Promise<void> {
    this.write(collection, id, data);
  }

  async create(collection: string, id: string, data: DocumentData): Promise<boolean> {
    this.check(collection, id);
    assertFieldNames(data);
    const sql = `INSERT INTO "${collection}" (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`;
    return this.statement(sql).run(id, JSON.stringify(data)).changes === 1;
  }

  async update(collection: string, id: string, patch: DocumentData): Promise<boolean> {
    assertFieldNames(patch);
    return this.db
      .transaction(() => {
        const current = this.read(collection, id);
        if (current === null) return false;
        this.write(collection, id, { ...current, ...patch });
        return true;
      })
      .immediate();
  }

  async delete(collection: string, id: string): Promise<void> {
    this.remove(collection, id);
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
    const rows = this.statement(sql).all(...params, query.limit) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as DocumentData);
  }

  async batch(writes: readonly DocumentWrite[]): Promise<void> {
    assertBatchSize(writes);
    this.db
      .transaction(() => {
        for (const write of writes) {
          if (write.op === 'set') this.write(write.collection, write.id, write.data);
          else this.remove(write.collection, write.id);
        }
      })
      .immediate();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
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
