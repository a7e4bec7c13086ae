import { expect, test } from 'vitest';
import {
  type HeapCall,
  type HeapRecord,
  installV5Snippet,
  loadHeapLibrary,
} from '../support/heap-stand-in';
import { heapSuite } from './support/heap-suite';

// The unit tests trust test/support/heap-stand-in.ts to record what Heap records. Here the
// same calls go to Heap's real library in Chromium and to the stand-in in Node, and what each
// recorded must be the same. Each step is one synchronous burst of calls; between steps Heap
// processes its queue (every 2 s), which is when it attaches event properties.
const suite = heapSuite();

const STEPS: HeapCall[][] = [
  [
    // Anonymous user. Values: stringified; blank, null, undefined, objects, arrays dropped.
    ['addEventProperties', { 'Statsig: exp': 'A', blank: '', none: null, obj: { a: 1 }, n: 7 }],
    ['track', 'plain', { s: 'text', n: 42, f: 1.5, t: true, no: false, zero: 0 }],
    ['track', 'blanks', { empty: '', none: null, missing: undefined, ok: 'x' }],
    ['track', 'shapes', { obj: { a: 1 }, arr: [1, 2], date: new Date(0), nan: NaN, inf: Infinity }],
    ['track', 'numbers', { negativeZero: -0, big: 1e21, small: 1e-7, int: -3 }],
    // Strings: cut to 1024 UTF-16 units, never inside a surrogate pair.
    [
      'track',
      'strings',
      {
        exact: 'a'.repeat(1024),
        over: 'b'.repeat(1030),
        wide: 'é'.repeat(1000),
        pair: `${'c'.repeat(1023)}😀`,
        space: ' ',
      },
    ],
    // Property names: over 512 UTF-8 bytes dropped.
    [
      'track',
      'names',
      {
        ['n'.repeat(512)]: '512 bytes',
        ['m'.repeat(513)]: '513 bytes',
        ['é'.repeat(256)]: '512 bytes, 256 characters',
        [`${'é'.repeat(256)}x`]: '513 bytes, 257 characters',
      },
    ],
    // Event names: over 1024 UTF-8 bytes drop the event; bad properties drop the call.
    ['track', 'é'.repeat(512)],
    ['track', `${'é'.repeat(512)}x`],
    ['track', 'not an object', 'text' as never],
    ['track', 'an array', [1] as never],
    ['track', 5 as never],
    ['track', ''],
    // Identities heap.js ignores; resetIdentity while anonymous does nothing.
    ['identify', 'anonymous'],
    ['identify', 'GUEST'],
    ['identify', 'None'],
    ['identify', '0'],
    ['identify', 0],
    ['identify', NaN],
    ['identify', ''],
    ['identify', '[object Object]'],
    ['identify', {}],
    ['resetIdentity'],
    // User properties: sanitized like event properties; nothing left means nothing sent.
    ['addUserProperties', { plan: 'free', blank: '', n: 3, obj: { a: 1 } }],
    ['addUserProperties', { blank: '' }],
    ['addUserProperties', 'text'],
  ],
  [
    // Event properties attach when Heap processes its queue: both tracks see the change.
    ['track', 'before add'],
    ['addEventProperties', { late: 'yes' }],
    ['track', 'before remove'],
    ['removeEventProperty', 'Statsig: exp'],
    // Anonymous to identified: the same Heap user; the same identity again does nothing.
    ['identify', 'user-1'],
    ['identify', 'user-1'],
    ['track', 'identified'],
  ],
  [
    // Another identity (a number, sent as text): a new Heap user; its id is set a task
    // later, so user properties made at once go without one.
    ['identify', 5],
    ['track', 'as 5'],
    ['addUserProperties', { right: 'after the switch' }],
  ],
  [
    ['addUserProperties', { later: 'with the user' }],
    // Identities are cut to 255 units.
    ['identify', 'u'.repeat(300)],
    ['track', 'long identity'],
  ],
  [
    // resetIdentity while identified: what was queued goes out as before, then a new user.
    ['track', 'before reset'],
    ['resetIdentity'],
    ['track', 'after reset'],
    ['clearEventProperties'],
  ],
];

const TYPES = ['track', 'identify', 'user_properties'] as const;
/** Records of one type, in a canonical order: batches of one flush arrive in any order. */
const canonical = (records: HeapRecord[]) =>
  Object.fromEntries(
    TYPES.map((type) => [
      type,
      records
        .filter((record) => record.type === type)
        .map((record) => JSON.stringify(record))
        .sort(),
    ]),
  );

test('the Heap stand-in records what heap.js 5.1.1 records, call for call', async () => {
  const win = {} as Parameters<typeof installV5Snippet>[0] & { heap: any };
  installV5Snippet(win, 'conformance');
  const standIn = loadHeapLibrary(win);
  const hp = await suite.open();
  await hp.addHeapSnippet();
  await hp.heapReady(); // Heap loaded, its user set
  await new Promise((resolve) => setTimeout(resolve, 0)); // the same for the stand-in

  for (const [index, step] of STEPS.entries()) {
    const calls: HeapCall[] = [...step, ['track', `test:step ${index}`]];
    for (const [method, ...args] of calls) win.heap[method](...args);
    standIn.process();
    await hp.page.evaluate((list) => {
      const heap = (window as any).heap;
      for (const [method, ...args] of list) heap[method](...args);
    }, calls);
    await hp.waitFor(`step ${index}`, (log) =>
      log.all.some((entry) => entry.name === `test:step ${index}`),
    );
  }
  const expected = standIn.recorded();
  // Everything in (settle), but the two markers that prove it; if Heap never records as
  // much, compare anyway, so that a failure shows the difference.
  const log = await hp.settle('end').catch(() => hp.log());
  const recorded = log
    .asHeapRecords()
    .filter((record) => !(record.type === 'track' && record.name.startsWith('test:end')));
  expect(canonical(recorded)).toEqual(canonical(expected));
  // The table exercised every rule: each of these shows in what Heap recorded.
  expect(expected.filter((record) => record.type === 'identify').map((r) => r.user)).toEqual([
    0, 1, 2,
  ]);
  expect(expected.some((record) => record.type === 'user_properties' && record.user === null)).toBe(
    true,
  );
  await hp.close();
}, 240_000);
