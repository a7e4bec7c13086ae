import { _DJB2 } from '@statsig/client-core';
import { describe, expect, test } from 'vitest';
import { djb2 } from '../src/djb2';
import { createNameBook, findEntry, groupName, initializeMaps } from '../src/statsig-values';

/** What the core hands initializeMaps: the names it knows, by hash. */
const known = (names: string[]) => {
  const book = createNameBook();
  for (const name of names) book.remember(name);
  return book.byHash;
};

// The SDKs' name hash and the initialize maps, checked against values Statsig itself makes
// (the matrix uses statsig-node's); these pin the edges no generated value reaches.
describe('djb2, as the Statsig SDKs compute it', () => {
  test.each(['my_gate', '', 'a', 'ü😀 names in any script', 'x'.repeat(5000)])(
    'djb2(%j) is the SDK’s own _DJB2',
    (name) => {
      expect(djb2(name)).toBe(_DJB2(name));
    },
  );
  test('the value sdk-facts gives', () => {
    expect(djb2('my_gate')).toBe('1508680574');
  });
});

describe('values lookups', () => {
  const map = { plain: { name: 'plain' }, [djb2('hashed')]: { name: djb2('hashed') } };
  test('by name, then by the name’s hash; nothing for a missing map or a non-string name', () => {
    expect(findEntry(map, 'plain')).toBe(map.plain);
    expect(findEntry(map, 'hashed')).toBe(map[djb2('hashed')]);
    expect(findEntry(map, 'absent')).toBeUndefined();
    expect(findEntry(undefined, 'plain')).toBeUndefined();
    expect(findEntry(map, 42)).toBeUndefined();
    expect(findEntry(map, 'toString')).toBeUndefined(); // own properties only
  });

  test('a group name is a non-empty string, or nothing', () => {
    expect(groupName({ group_name: 'Test' })).toBe('Test');
    for (const group_name of ['', null, 3, undefined]) {
      expect(groupName({ group_name } as never)).toBeUndefined();
    }
    expect(groupName(undefined)).toBeUndefined();
  });
});

describe('initializeMaps', () => {
  test('unhashed entries named by their key when they carry no name', () => {
    const [[gates, experiments], unnamed] = initializeMaps(
      {
        hash_used: 'none',
        feature_gates: { g1: { value: true }, g2: { name: 'named', value: false } },
        dynamic_configs: { e1: { group_name: 'Test' }, c1: { value: {} } },
      },
      known([]),
    );
    expect(gates).toEqual({ g1: true, named: false });
    expect(experiments).toEqual({ e1: 'Test' });
    expect(unnamed).toBe(0);
  });

  test('hashed entries: only known names, the rest counted', () => {
    const [[gates, experiments], unnamed] = initializeMaps(
      {
        hash_used: 'djb2',
        feature_gates: { [djb2('known')]: { value: true }, [djb2('other')]: { value: true } },
        dynamic_configs: { [djb2('exp')]: { group_name: 'B' } },
      },
      known(['known', 'exp']),
    );
    expect(gates).toEqual({ known: true });
    expect(experiments).toEqual({ exp: 'B' });
    expect(unnamed).toBe(1);
  });

  test('no values, or values without maps: empty, never a throw', () => {
    expect(initializeMaps(null, known(['x']))).toEqual([[{}, {}], 0]);
    expect(initializeMaps({ hash_used: 'none' }, known([]))).toEqual([[{}, {}], 0]);
  });
});
