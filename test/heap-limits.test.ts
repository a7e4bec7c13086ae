import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toHeapEvent } from '../src/heap-event';
import { cut, fitsName, toHeapProperties } from '../src/heap-limits';

describe("Heap's limits on properties", () => {
  test('flattens nested objects by dot path and keeps only what Heap stores', () => {
    const fn = () => 1;
    expect(
      toHeapProperties({
        a: 'x',
        n: 2.5,
        b: false,
        nested: { deep: { leaf: 1 } },
        list: [1, 'two', { three: 3 }],
        none: null,
        undef: undefined,
        fn,
        sym: Symbol('s'),
        nan: Number.NaN,
        inf: Number.POSITIVE_INFINITY,
        big: BigInt(1),
      }),
    ).toEqual({
      a: 'x',
      n: 2.5,
      b: false,
      'nested.deep.leaf': 1,
      list: '[1,"two",{"three":3}]',
    });
  });

  test('cuts string values under 1024 characters and array JSON likewise', () => {
    const props = toHeapProperties({ long: 'x'.repeat(5000), arr: ['y'.repeat(2000)] });
    expect(props['long']).toBe('x'.repeat(1023));
    expect((props['arr'] as string).length).toBe(1023);
  });

  test('never cuts a surrogate pair in half', () => {
    expect(cut(`${'a'.repeat(254)}😀`, 255)).toBe('a'.repeat(254));
    expect(cut('abc', 255)).toBe('abc');
  });

  test('drops property names of 512 characters or more', () => {
    const ok = 'k'.repeat(511);
    const tooLong = 'k'.repeat(512);
    expect(Object.keys(toHeapProperties({ [ok]: 1, [tooLong]: 2 }))).toEqual([ok]);
  });

  test('treats __proto__ and constructor as plain names and never touches prototypes', () => {
    const input = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": "c", "x": {"__proto__": "p"}}',
    );
    const props = toHeapProperties(input);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(props).toEqual(
      JSON.parse('{"__proto__.polluted": "yes", "constructor": "c", "x.__proto__": "p"}'),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('a top-level key named __proto__ becomes a plain own property', () => {
    const props = toHeapProperties(JSON.parse('{"__proto__": "x", "ok": 1}'));
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(props, '__proto__')).toEqual({
      value: 'x',
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect(JSON.stringify(props)).toBe('{"__proto__":"x","ok":1}');
  });

  test('survives cycles and never emits privateAttributes at any depth', () => {
    const user: Record<string, unknown> = { userID: 'u', privateAttributes: { email: 'secret' } };
    user['self'] = user;
    const props = toHeapProperties({ user, meta: { user: { privateAttributes: 'x', ok: 1 } } });
    expect(props).toEqual({ 'user.userID': 'u', 'meta.user.ok': 1 });
  });
});

describe('the Heap event for a Statsig event', () => {
  test('a custom event keeps a string or number value only; a missing time is now', () => {
    const before = Date.now();
    for (const [value, kept] of [
      [5, 5],
      ['five', 'five'],
      [true, undefined],
      [{ n: 1 }, undefined],
      [null, undefined],
    ] as const) {
      const event = toHeapEvent(
        { eventName: 'e', value } as never,
        { values: null, statsigMetadata: {}, project: 'p' },
        true,
      );
      expect(event?.properties['value']).toBe(kept);
      expect(event?.properties['timestamp']).toBeGreaterThanOrEqual(before);
    }
    const timed = toHeapEvent(
      { eventName: 'e', time: 1234 },
      { values: null, statsigMetadata: {}, project: 'p' },
      true,
    );
    expect(timed?.properties['timestamp']).toBe(1234);
    expect(
      toHeapEvent(
        { eventName: 42 } as never,
        { values: null, statsigMetadata: {}, project: 'p' },
        true,
      ),
    ).toBeUndefined();
  });
});

describe('property names by UTF-8 bytes, as Heap counts them', () => {
  const bytes = (name: string) => Buffer.byteLength(name, 'utf8');
  // A character of each UTF-8 width at each edge: 1 byte up to U+007F, 2 up to U+07FF, 3 up
  // to U+FFFF (a lone surrogate too: Heap's encoder writes U+FFFD), 4 beyond.
  const EDGES = [
    '\u007f',
    '\u0080',
    '\u07ff',
    '\u0800',
    '\uffff',
    '\ud800',
    '\u{10000}',
    '\u{10ffff}',
  ];
  test.each(EDGES)('names of %j up to 511 bytes are taken, 512 and over are not', (char) => {
    for (let count = 1; bytes(char.repeat(count)) < 520; count++) {
      for (const pad of ['', 'a', 'ab', 'abc']) {
        const name = pad + char.repeat(count);
        expect(fitsName(name), `${bytes(name)} bytes`).toBe(bytes(name) < 512);
      }
    }
  });

  test('any string: taken exactly when it is not empty and under 512 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 0, maxLength: 600 }), (name) => {
        expect(fitsName(name)).toBe(name !== '' && bytes(name) < 512);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cut: at most max UTF-16 units, never half a surrogate pair', () => {
  test.each([
    ['ab\u{1f600}cd', 3, 'ab'], // the pair would be split at 3: cut before it
    ['ab\u{1f600}cd', 4, 'ab\u{1f600}'],
    ['ab\ud7ffcd', 3, 'ab\ud7ff'], // U+D7FF is no surrogate: kept
    ['ab\udc00cd', 3, 'ab\udc00'], // a low surrogate last is the end of nothing split
    ['abc\ud83d', 4, 'abc\ud83d'], // not over max: the app's text as it is
    ['abc', 3, 'abc'],
    ['abcd', 3, 'abc'],
  ])('cut(%j, %i) is %j', (value, max, expected) => {
    expect(cut(value, max)).toBe(expected);
  });
});
