import { ENTITY_DEFINITIONS } from '../../scripts/sandbox/iom/dataverse/entities';
import { EntityStore, type Row } from '../../scripts/sandbox/iom/dataverse/entity-store';
import { Schema } from '../../scripts/sandbox/iom/dataverse/schema';

// The store's indexed lookups must answer exactly what a scan of `all()` would, in the same order,
// through inserts, updates that move a row, deletes and rolled-back transactions.
function newStore(): EntityStore {
  return new EntityStore(new Schema(ENTITY_DEFINITIONS, () => true), () => Date.UTC(2026, 4, 1));
}

const order = (id: string) => ({ id, entity: 'salesorder' });
const line = (id: string, orderId: string): Row => ({
  salesorderdetailid: id,
  salesorderid: order(orderId),
});
const ids = (rows: Row[]) => rows.map((row) => row.salesorderdetailid);
const scanChildren = (store: EntityStore, orderId: string) =>
  ids(
    store.all('salesorderdetail').filter((row) => {
      const ref = row.salesorderid;
      return typeof ref === 'object' && ref !== null && ref.id === orderId;
    }),
  );

describe('EntityStore indexed lookups', () => {
  it('children follow inserts, moves, deletes and rollbacks in table order', () => {
    const store = newStore();
    store.insert('salesorderdetail', line('l1', 'o1'));
    expect(ids(store.children('salesorderdetail', 'salesorderid', 'O1'))).toEqual(['l1']);
    store.insert('salesorderdetail', line('l2', 'o2'));
    store.insert('salesorderdetail', line('l3', 'o1'));
    store.update('salesorderdetail', 'l2', { salesorderid: order('o1') });
    expect(ids(store.children('salesorderdetail', 'salesorderid', 'o1'))).toEqual(['l1', 'l2', 'l3']);
    expect(store.children('salesorderdetail', 'salesorderid', 'o2')).toEqual([]);
    store.remove('salesorderdetail', 'l1');
    expect(() =>
      store.transaction(() => {
        store.remove('salesorderdetail', 'l3');
        store.insert('salesorderdetail', line('l4', 'o1'));
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(ids(store.children('salesorderdetail', 'salesorderid', 'o1'))).toEqual(scanChildren(store, 'o1'));
    expect(ids(store.children('salesorderdetail', 'salesorderid', 'o1'))).toEqual(['l2', 'l3']);
  });

  it('findByValues compares text case-insensitively, skips the excepted row and sees updates', () => {
    const store = newStore();
    store.insert('salesorder', { salesorderid: 'a', msdyn_externalorderid: 'BC-100' });
    store.insert('salesorder', { salesorderid: 'b', msdyn_externalorderid: 'bc-100' });
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 'Bc-100' })?.salesorderid).toBe('a');
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 'bc-100' }, 'a')?.salesorderid).toBe(
      'b',
    );
    store.update('salesorder', 'a', { msdyn_externalorderid: 'BC-200' });
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 'bc-100' })?.salesorderid).toBe('b');
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 'bc-200' })?.salesorderid).toBe('a');
    store.remove('salesorder', 'b');
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 'bc-100' })).toBeUndefined();
    expect(store.findByValues('salesorder', { msdyn_externalorderid: 100 })).toBeUndefined();
  });
});
