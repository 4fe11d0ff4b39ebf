import fs from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from '../../server/storage/repositories/collections';

interface IndexFile {
  indexes: Array<{ collectionGroup: string; fields: Array<{ fieldPath: string; order: string }> }>;
}

describe('firestore.indexes.json', () => {
  it('declares a composite index for every multi-field query the repositories run, and nothing else', () => {
    const file = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '..', '..', 'firestore.indexes.json'), 'utf8'),
    ) as IndexFile;
    const declared = file.indexes.map(
      (i) => `${i.collectionGroup}:${i.fields.map((f) => f.fieldPath).join(',')}`,
    );
    const needed = Object.entries(COLLECTIONS).flatMap(([name, queries]) =>
      (queries as ReadonlyArray<readonly string[]>)
        .filter((q) => q.length > 1)
        .map((q) => `${name}:${q.join(',')}`),
    );
    expect(declared.sort()).toEqual(needed.sort());
  });
});
