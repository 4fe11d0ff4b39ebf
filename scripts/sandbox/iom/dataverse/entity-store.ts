/**
 * The rows of every simulated table, with Dataverse's row versions (one counter for the whole
 * environment, like SQL rowversion), a deletion log for change tracking, and transactions (an undo
 * journal) for atomic deep inserts and $batch change sets.
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

export class EntityStore {
  private readonly tables = new Map<string, Map<string, Row>>();
  private deletions: Deletion[] = [];
  private version = FIRST_VERSION;
  private journal: Array<() => void> | null = null;

  constructor(
    private readonly schema: Schema,
    private readonly now: () => number,
  ) {}

  /** Replaces everything with `seed` (table logical name → rows carrying their primary ids). */
  load(seed: Readonly<Record<string, readonly Row[]>>): void {
    this.tables.clear();
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
    const target = id.toLowerCase();
    return this.all(entity).filter((row) => {
      const ref = row[attribute];
      return isEntityRef(ref) && ref.id === target;
    });
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
    const table = this.table(entity);
    table.set(id.toLowerCase(), row);
    this.record(() => table.delete(id.toLowerCase()));
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
    table.set(key, row);
    this.record(() => table.set(key, before));
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
    table.delete(key);
    const deletion: Deletion = { entity, id: key, version: this.nextVersion() };
    this.deletions.push(deletion);
    this.record(() => {
      table.set(key, before);
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

  private table(entity: string): Map<string, Row> {
    let table = this.tables.get(entity);
    if (!table) {
      table = new Map();
      this.tables.set(entity, table);
    }
    return table;
  }
}
