/**
 * The rows of every simulated table, with Dataverse's row versions (one counter for the whole
 * environment, like SQL rowversion), a deletion log for change tracking, and transactions (an undo
 * journal) for atomic deep inserts and $batch change sets.
 *
 * Lookups by a lookup column (`children`) and by key values (`findByValues`) go through indexes built
 * on first use and kept up to date on every write, so a burst of thousands of orders does not scan a
 * table per row; they answer in table order (the order `all` lists rows in), like the scans they replace.
 */
import type { Schema } from './schema';

export interface EntityRef {
  id: string;
  entity: string;
}

export type Value = string | number | boolean | null | EntityRef;
export type Row = Readonly<Record<string, Value>>;

export interface Deletion {
  entity: string;
  id: string;
  version: number;
}

export function isEntityRef(value: Value | undefined): value is EntityRef {
  return typeof value === 'object' && value !== null;
}

/** Dataverse writes date-times with second precision in UTC: `2026-05-01T10:00:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const FIRST_VERSION = 510_000;

/** An index of one table: the index key of each row (null: not indexed) → the ids of those rows. */
interface RowIndex {
  keyOf(row: Row): string | null;
  rows: Map<string, Set<string>>;
}

/** How key values compare (like the unique index behind an alternate key): text case-insensitively. */
function valueKey(value: Value | undefined): string {
  const plain = isEntityRef(value) ? value.id : (value ?? null);
  if (typeof plain === 'string') return `s${plain.toLowerCase()}`;
  if (typeof plain === 'number') return `n${String(plain)}`;
  if (typeof plain === 'boolean') return `b${String(plain)}`;
  return 'z';
}

function valuesKey(row: Readonly<Record<string, Value>>, attributes: readonly string[]): string {
  return JSON.stringify(attributes.map((attribute) => valueKey(row[attribute])));
}

export class EntityStore {
  private readonly tables = new Map<string, Map<string, Row>>();
  private deletions: Deletion[] = [];
  private version = FIRST_VERSION;
  private journal: Array<() => void> | null = null;
  /** entity → row id → its position in the table (Map insertion order), to answer index hits in order. */
  private readonly positions = new Map<string, Map<string, number>>();
  private nextPosition = 0;
  /** entity → index name → index. */
  private readonly indexes = new Map<string, Map<string, RowIndex>>();

  constructor(
    private readonly schema: Schema,
    private readonly now: () => number,
  ) {}

  /** Replaces everything with `seed` (table logical name → rows carrying their primary ids). */
  load(seed: Readonly<Record<string, readonly Row[]>>): void {
    this.tables.clear();
    this.positions.clear();
    this.indexes.clear();
    this.deletions = [];
    this.version = FIRST_VERSION;
    this.journal = null;
    for (const [entity, rows] of Object.entries(seed)) {
      for (const row of rows) this.insert(entity, row);
    }
  }

  all(entity: string): Row[] {
    return [...this.table(entity).values()];
  }

  get(entity: string, id: string): Row | undefined {
    return this.table(entity).get(id.toLowerCase());
  }

  /** Rows of `entity` whose lookup `attribute` points at `id`. */
  children(entity: string, attribute: string, id: string): Row[] {
    const index = this.index(entity, `ref:${attribute}`, (row) => {
      const ref = row[attribute];
      return isEntityRef(ref) ? ref.id : null;
    });
    return this.inTableOrder(entity, index.rows.get(id.toLowerCase()));
  }

  /**
   * The first row (in table order) whose columns hold `values` (text compared case-insensitively, a
   * lookup by the id it points at, a missing column as null), leaving out the row whose primary id is
   * `exceptId`.
   */
  findByValues(entity: string, values: Readonly<Record<string, Value>>, exceptId?: string): Row | undefined {
    const attributes = Object.keys(values).sort();
    const index = this.index(entity, `values:${JSON.stringify(attributes)}`, (row) =>
      valuesKey(row, attributes),
    );
    const primary = this.schema.require(entity).primaryIdAttribute;
    return this.inTableOrder(entity, index.rows.get(valuesKey(values, attributes))).find(
      (row) => exceptId === undefined || row[primary] !== exceptId,
    );
  }

  currentVersion(): number {
    return this.version;
  }

  insert(entity: string, values: Row): Row {
    const def = this.schema.require(entity);
    const id = values[def.primaryIdAttribute];
    if (typeof id !== 'string') throw new Error(`A ${entity} row needs its ${def.primaryIdAttribute}`);
    const stamp = isoSeconds(this.now());
    const row: Row = {
      createdon: stamp,
      modifiedon: stamp,
      ...values,
      [def.primaryIdAttribute]: id.toLowerCase(),
      versionnumber: this.nextVersion(),
    };
    const key = id.toLowerCase();
    this.setRow(entity, key, row);
    this.record(() => this.deleteRow(entity, key));
    return row;
  }

  update(entity: string, id: string, changes: Row): Row {
    const table = this.table(entity);
    const key = id.toLowerCase();
    const before = table.get(key);
    if (!before) throw new Error(`No ${entity} row ${id}`);
    const row: Row = {
      ...before,
      ...changes,
      modifiedon: isoSeconds(this.now()),
      versionnumber: this.nextVersion(),
    };
    this.setRow(entity, key, row);
    this.record(() => this.setRow(entity, key, before));
    return row;
  }

  /** Deletes the row and, like a parental relationship's cascade, every row below it. */
  remove(entity: string, id: string): void {
    const def = this.schema.require(entity);
    for (const collection of def.collections) {
      for (const child of this.children(collection.entity, collection.attribute, id)) {
        const childDef = this.schema.require(collection.entity);
        this.remove(collection.entity, String(child[childDef.primaryIdAttribute]));
      }
    }
    const table = this.table(entity);
    const key = id.toLowerCase();
    const before = table.get(key);
    if (!before) return;
    this.deleteRow(entity, key);
    const deletion: Deletion = { entity, id: key, version: this.nextVersion() };
    this.deletions.push(deletion);
    this.record(() => {
      this.setRow(entity, key, before);
      this.deletions = this.deletions.filter((d) => d !== deletion);
    });
  }

  /** Rows changed (created or updated) and rows deleted after `version`, oldest change first. */
  changedSince(entity: string, version: number): { rows: Row[]; deletions: Deletion[] } {
    const rows = this.all(entity)
      .filter((row) => Number(row.versionnumber) > version)
      .sort((a, b) => Number(a.versionnumber) - Number(b.versionnumber));
    const deletions = this.deletions.filter((d) => d.entity === entity && d.version > version);
    return { rows, deletions };
  }

  /** Runs `fn` atomically: if it throws, every change it made is undone. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.journal) return fn();
    const journal: Array<() => void> = [];
    this.journal = journal;
    try {
      return fn();
    } catch (error) {
      for (const undo of journal.reverse()) undo();
      throw error;
    } finally {
      this.journal = null;
    }
  }

  private record(undo: () => void): void {
    this.journal?.push(undo);
  }

  private nextVersion(): number {
    this.version += 1;
    return this.version;
  }

  /** Every row write goes through here and `deleteRow`, so the positions and indexes follow the table. */
  private setRow(entity: string, key: string, row: Row): void {
    const table = this.table(entity);
    const before = table.get(key);
    table.set(key, row);
    if (!before) this.positionsOf(entity).set(key, this.nextPosition++);
    for (const index of this.indexes.get(entity)?.values() ?? []) {
      if (before) unindex(index, before, key);
      addToIndex(index, row, key);
    }
  }

  private deleteRow(entity: string, key: string): void {
    const table = this.table(entity);
    const before = table.get(key);
    if (!before) return;
    table.delete(key);
    this.positionsOf(entity).delete(key);
    for (const index of this.indexes.get(entity)?.values() ?? []) unindex(index, before, key);
  }

  private index(entity: string, name: string, keyOf: (row: Row) => string | null): RowIndex {
    let byName = this.indexes.get(entity);
    if (!byName) {
      byName = new Map();
      this.indexes.set(entity, byName);
    }
    let index = byName.get(name);
    if (!index) {
      index = { keyOf, rows: new Map() };
      for (const [key, row] of this.table(entity)) addToIndex(index, row, key);
      byName.set(name, index);
    }
    return index;
  }

  private inTableOrder(entity: string, ids: ReadonlySet<string> | undefined): Row[] {
    if (!ids || ids.size === 0) return [];
    const table = this.table(entity);
    const positions = this.positionsOf(entity);
    return [...ids].sort((a, b) => positions.get(a)! - positions.get(b)!).map((id) => table.get(id)!);
  }

  private positionsOf(entity: string): Map<string, number> {
    let positions = this.positions.get(entity);
    if (!positions) {
      positions = new Map();
      this.positions.set(entity, positions);
    }
    return positions;
  }

  private table(entity: string): Map<string, Row> {
    let table = this.tables.get(entity);
    if (!table) {
      table = new Map();
      this.tables.set(entity, table);
    }
    return table;
  }
}

function addToIndex(index: RowIndex, row: Row, id: string): void {
  const key = index.keyOf(row);
  if (key === null) return;
  let ids = index.rows.get(key);
  if (!ids) {
    ids = new Set();
    index.rows.set(key, ids);
  }
  ids.add(id);
}

function unindex(index: RowIndex, row: Row, id: string): void {
  const key = index.keyOf(row);
  if (key === null) return;
  const ids = index.rows.get(key);
  ids?.delete(id);
  if (ids?.size === 0) index.rows.delete(key);
}
