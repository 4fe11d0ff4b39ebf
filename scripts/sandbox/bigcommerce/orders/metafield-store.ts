/** BigCommerce's permission sets for metafields (orders.v3.yml). */
export const PERMISSION_SETS = [
  'app_only',
  'read',
  'write',
  'read_and_sf_access',
  'write_and_sf_access',
] as const;
export type PermissionSet = (typeof PERMISSION_SETS)[number];

/** At most this many metafields per order and client (orders.v3.yml). */
export const MAX_METAFIELDS_PER_ORDER = 250;

export interface MetafieldFields {
  permission_set: PermissionSet;
  namespace: string;
  key: string;
  value: string;
  description: string;
}

/** A metafield as orders.v3 returns it (`Metafield`). */
export interface OrderMetafield extends MetafieldFields {
  id: number;
  resource_type: 'order';
  resource_id: number;
  date_created: string;
  date_modified: string;
  owner_client_id: string;
}

export interface MetafieldOwner {
  storeHash: string;
  clientId: string;
}

export type MetafieldWrite =
  { ok: true; metafield: OrderMetafield } | { ok: false; status: 404 | 409 | 422; title: string };

/** Order metafields of every store. A client sees its own metafields and other clients' unless `app_only`. */
export class MetafieldStore {
  private readonly fields = new Map<number, OrderMetafield & { storeHash: string }>();
  private nextId = 1;

  list(storeHash: string, clientId: string, orderId?: number): OrderMetafield[] {
    return [...this.fields.values()]
      .filter((m) => m.storeHash === storeHash && (orderId === undefined || m.resource_id === orderId))
      .filter((m) => m.owner_client_id === clientId || m.permission_set !== 'app_only')
      .map(strip);
  }

  /** Every client's metafields on the order (for inspection). */
  listAll(storeHash: string, orderId: number): OrderMetafield[] {
    return [...this.fields.values()]
      .filter((m) => m.storeHash === storeHash && m.resource_id === orderId)
      .map(strip);
  }

  /** For the demo's state file. */
  snapshot(): { fields: Array<OrderMetafield & { storeHash: string }>; nextId: number } {
    return { fields: structuredClone([...this.fields.values()]), nextId: this.nextId };
  }

  restore(saved: { fields: Array<OrderMetafield & { storeHash: string }>; nextId: number }): void {
    this.fields.clear();
    for (const field of structuredClone(saved.fields)) this.fields.set(field.id, field);
    this.nextId = Math.max(this.nextId, saved.nextId);
  }

  get(owner: MetafieldOwner, id: number): OrderMetafield | null {
    const found = this.fields.get(id);
    return found && found.storeHash === owner.storeHash && found.owner_client_id === owner.clientId
      ? strip(found)
      : null;
  }

  create(owner: MetafieldOwner, orderId: number, fields: MetafieldFields, now: number): MetafieldWrite {
    const own = this.owned(owner).filter((m) => m.resource_id === orderId);
    if (own.some((m) => m.namespace === fields.namespace && m.key === fields.key)) {
      return {
        ok: false,
        status: 409,
        title: `A metafield with namespace "${fields.namespace}" and key "${fields.key}" already exists on order ${orderId}`,
      };
    }
    if (own.length >= MAX_METAFIELDS_PER_ORDER) {
      return {
        ok: false,
        status: 422,
        title: `Order ${orderId} already has ${MAX_METAFIELDS_PER_ORDER} metafields of this client`,
      };
    }
    const at = new Date(now).toISOString();
    const metafield: OrderMetafield = {
      id: this.nextId++,
      ...fields,
      resource_type: 'order',
      resource_id: orderId,
      date_created: at,
      date_modified: at,
      owner_client_id: owner.clientId,
    };
    this.fields.set(metafield.id, { ...metafield, storeHash: owner.storeHash });
    return { ok: true, metafield: { ...metafield } };
  }

  update(owner: MetafieldOwner, id: number, changes: Partial<MetafieldFields>, now: number): MetafieldWrite {
    const found = this.fields.get(id);
    if (!found || found.storeHash !== owner.storeHash || found.owner_client_id !== owner.clientId) {
      return { ok: false, status: 404, title: `Metafield ${id} not found` };
    }
    const namespace = changes.namespace ?? found.namespace;
    const key = changes.key ?? found.key;
    const clash = this.owned(owner).some(
      (m) => m.id !== id && m.resource_id === found.resource_id && m.namespace === namespace && m.key === key,
    );
    if (clash) {
      return {
        ok: false,
        status: 409,
        title: `A metafield with namespace "${namespace}" and key "${key}" already exists on order ${found.resource_id}`,
      };
    }
    for (const [name, value] of Object.entries(changes))
      if (value !== undefined) Object.assign(found, { [name]: value });
    found.date_modified = new Date(now).toISOString();
    return { ok: true, metafield: strip(found) };
  }

  delete(owner: MetafieldOwner, id: number): boolean {
    const found = this.fields.get(id);
    if (!found || found.storeHash !== owner.storeHash || found.owner_client_id !== owner.clientId)
      return false;
    return this.fields.delete(id);
  }

  private owned(owner: MetafieldOwner): OrderMetafield[] {
    return [...this.fields.values()].filter(
      (m) => m.storeHash === owner.storeHash && m.owner_client_id === owner.clientId,
    );
  }
}

function strip(m: OrderMetafield & { storeHash?: string }): OrderMetafield {
  const { storeHash: _storeHash, ...rest } = m;
  return { ...rest };
}
