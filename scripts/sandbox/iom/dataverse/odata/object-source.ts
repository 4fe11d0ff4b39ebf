/** A filter `PropertySource` over plain JSON objects (metadata), typed from the values they hold. */
import type { EdmType, Primitive, PropertySource } from './filter-compiler';

export type PlainObject = Readonly<Record<string, unknown>>;

export function objectSource(typeName: string, sample: readonly PlainObject[]): PropertySource<PlainObject> {
  const types = new Map<string, EdmType>();
  for (const item of sample) {
    for (const [name, value] of Object.entries(item)) {
      if (typeof value === 'string') types.set(name, 'Edm.String');
      else if (typeof value === 'boolean') types.set(name, 'Edm.Boolean');
      else if (typeof value === 'number') types.set(name, 'Edm.Int32');
    }
  }
  return {
    typeName,
    property(name) {
      const type = types.get(name);
      if (!type) return undefined;
      return {
        type,
        read: (item) => {
          const value = item[name];
          return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? (value as Primitive)
            : null;
        },
      };
    },
  };
}
