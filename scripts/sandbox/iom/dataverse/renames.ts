/**
 * The `renames` start option: an environment whose IOM tables or columns carry other logical names than
 * the simulator's own (IOM's fulfillment tracking and return tables are not documented, so a real org
 * may name them differently, or a partner solution may have replaced them).
 *
 * How it works: the rows and the IOM operator code keep the simulator's own names; the Web API sees a
 * renamed Schema (metadata, entity sets, `_x_value` properties, navigation properties all follow the new
 * names) and a RenamedStore that translates table names, column names and lookup targets between the
 * two at the store boundary. With no renames the Web API gets the store itself, untouched.
 *
 * Only IOM (msdyn_*) tables and their columns can be renamed: the core CE tables (salesorder, product, …)
 * have Microsoft's fixed names. Renaming a table also renames its primary id column (`<table>id`) and its
 * entity set (`<table>s`), as IOM names them, unless a column rename says otherwise.
 */
import type { Deletion, EntityRef, EntityStore, Row, Value } from './entity-store';
import type { AttributeDef, EntityDef } from './schema';

/** `'table': 'newtable'` or `'table.column': 'newcolumn'`, by the simulator's own names. */
export type Renames = Readonly<Record<string, string>>;

const LOGICAL_NAME = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

class NameMap {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();
  set(from: string, to: string): void {
    this.forward.set(from, to);
    this.backward.set(to, from);
  }
  out(name: string): string {
    return this.forward.get(name) ?? name;
  }
  in(name: string): string {
    return this.backward.get(name) ?? name;
  }
}

/** Table and per-table column name maps between the simulator's names (in) and the public ones (out). */
export class SchemaRenames {
  private readonly tables = new NameMap();
  private readonly columns = new Map<string, NameMap>();

  /** Throws, naming the problem, for an unknown table/column or a name that is not a logical name. */
  constructor(definitions: readonly EntityDef[], renames: Renames) {
    const byName = new Map(definitions.map((def) => [def.logicalName, def]));
    const columnsOf = (table: string) => {
      let map = this.columns.get(table);
      if (!map) this.columns.set(table, (map = new NameMap()));
      return map;
    };
    const entries = Object.entries(renames);
    for (const [key, value] of entries) {
      const [table = '', column, extra] = key.split('.');
      const def = byName.get(table);
      if (!def || extra !== undefined) throw new Error(`renames: "${key}" names no simulated table.`);
      if (!def.iom)
        throw new Error(`renames: "${table}" is a core table; only msdyn_* tables can be renamed.`);
      if (!LOGICAL_NAME.test(value))
        throw new Error(`renames: "${value}" is not a logical name (lowercase, with a publisher prefix).`);
      if (column === undefined) {
        if (byName.has(value)) throw new Error(`renames: a table is already called "${value}".`);
        this.tables.set(table, value);
      } else {
        if (!def.attributes.some((a) => a.logicalName === column))
          throw new Error(`renames: table ${table} has no column "${column}".`);
        if (def.attributes.some((a) => a.logicalName === value))
          throw new Error(`renames: table ${table} already has a column "${value}".`);
        columnsOf(table).set(column, value);
      }
    }
    for (const [key, value] of entries) {
      if (key.includes('.')) continue;
      const def = byName.get(key) as EntityDef;
      const id = def.primaryIdAttribute;
      if (!renames[`${key}.${id}`] && id === `${key}id`) columnsOf(key).set(id, `${value}id`);
    }
  }

  table(name: string, direction: 'out' | 'in'): string {
    return direction === 'out' ? this.tables.out(name) : this.tables.in(name);
  }

  /** A column of the table `ownTable` (the simulator's name for it). */
  column(ownTable: string, name: string, direction: 'out' | 'in'): string {
    const map = this.columns.get(ownTable);
    if (!map) return name;
    return direction === 'out' ? map.out(name) : map.in(name);
  }

  /** The definitions as the Web API shows them. */
  definitions(definitions: readonly EntityDef[]): EntityDef[] {
    return definitions.map((def) => this.definition(def));
  }

  private definition(def: EntityDef): EntityDef {
    const table = this.table(def.logicalName, 'out');
    const col = (name: string) => this.column(def.logicalName, name, 'out');
    const attributes: AttributeDef[] = def.attributes.map((a) => ({
      ...a,
      logicalName: col(a.logicalName),
      ...(a.targets ? { targets: a.targets.map((t) => this.table(t, 'out')) } : {}),
    }));
    return {
      ...def,
      logicalName: table,
      schemaName: table === def.logicalName ? def.schemaName : table,
      entitySetName: table === def.logicalName ? def.entitySetName : `${table}s`,
      primaryIdAttribute: col(def.primaryIdAttribute),
      primaryNameAttribute: col(def.primaryNameAttribute),
      attributes,
      navigations: def.navigations.map((n) => ({
        // Single-valued navigation properties are named after their lookup column.
        name: n.name === n.attribute ? col(n.name) : n.name,
        attribute: col(n.attribute),
        target: this.table(n.target, 'out'),
      })),
      collections: def.collections.map((c) => ({
        name: c.name,
        entity: this.table(c.entity, 'out'),
        attribute: this.column(c.entity, c.attribute, 'out'),
      })),
    };
  }

  /** A row of `ownTable`, its column names and lookup targets translated. */
  row(ownTable: string, row: Row, direction: 'out' | 'in'): Row {
    const out: Record<string, Value> = {};
    for (const [name, value] of Object.entries(row)) {
      out[this.column(ownTable, name, direction)] = this.value(value, direction);
    }
    return out;
  }

  private value(value: Value, direction: 'out' | 'in'): Value {
    if (typeof value !== 'object' || value === null) return value;
    const ref: EntityRef = { ...value, entity: this.table(value.entity, direction) };
    return ref;
  }
}

/** Parses `renames`; null when there is nothing to rename. */
export function schemaRenames(definitions: readonly EntityDef[], renames: Renames): SchemaRenames | null {
  if (Object.keys(renames).length === 0) return null;
  return new SchemaRenames(definitions, renames);
}

type Store = Pick<EntityStore, keyof EntityStore>;

/** The store under the public (renamed) names; every call is translated to the simulator's own. */
export class RenamedStore implements Store {
  constructor(
    private readonly inner: EntityStore,
    private readonly renames: SchemaRenames,
  ) {}

  private own(table: string): string {
    return this.renames.table(table, 'in');
  }

  private out(ownTable: string, row: Row): Row {
    return this.renames.row(ownTable, row, 'out');
  }

  load(seed: Readonly<Record<string, readonly Row[]>>): void {
    const own: Record<string, Row[]> = {};
    for (const [table, rows] of Object.entries(seed))
      own[this.own(table)] = rows.map((row) => this.renames.row(this.own(table), row, 'in'));
    this.inner.load(own);
  }

  all(entity: string): Row[] {
    const table = this.own(entity);
    return this.inner.all(table).map((row) => this.out(table, row));
  }

  get(entity: string, id: string): Row | undefined {
    const table = this.own(entity);
    const row = this.inner.get(table, id);
    return row && this.out(table, row);
  }

  children(entity: string, attribute: string, id: string): Row[] {
    const table = this.own(entity);
    return this.inner
      .children(table, this.renames.column(table, attribute, 'in'), id)
      .map((row) => this.out(table, row));
  }

  findByValues(entity: string, values: Readonly<Record<string, Value>>, exceptId?: string): Row | undefined {
    const table = this.own(entity);
    const row = this.inner.findByValues(table, this.renames.row(table, values, 'in'), exceptId);
    return row && this.out(table, row);
  }

  currentVersion(): number {
    return this.inner.currentVersion();
  }

  insert(entity: string, values: Row): Row {
    const table = this.own(entity);
    return this.out(table, this.inner.insert(table, this.renames.row(table, values, 'in')));
  }

  update(entity: string, id: string, changes: Row): Row {
    const table = this.own(entity);
    return this.out(table, this.inner.update(table, id, this.renames.row(table, changes, 'in')));
  }

  remove(entity: string, id: string): void {
    this.inner.remove(this.own(entity), id);
  }

  changedSince(entity: string, version: number): { rows: Row[]; deletions: Deletion[] } {
    const table = this.own(entity);
    const { rows, deletions } = this.inner.changedSince(table, version);
    return {
      rows: rows.map((row) => this.out(table, row)),
      deletions: deletions.map((d) => ({ ...d, entity: this.renames.table(d.entity, 'out') })),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.inner.transaction(fn);
  }
}
