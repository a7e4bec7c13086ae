import { describe, expect, test } from 'vitest';
import {
  type HeapCall,
  type HeapLibrary,
  type HeapRecord,
  installV5Snippet,
  loadHeapLibrary,
} from '../support/heap-stand-in';
import type { HeapPage } from './support/heap-page';
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

/** Calls made on Heap's v5 snippet before heap.js loads, replayed by it on load. */
const QUEUED: HeapCall[] = [
  ['track', 'queued 1', { a: 1 }],
  ['addEventProperties', { 'Statsig: exp': 'B' }],
  ['identify', 'queued-id'],
  // heap.js runs queued identify / addUserProperties after the rest of the queue, so this
  // resetIdentity runs first (anonymous: nothing) and the user ends up identified.
  ['resetIdentity'],
  ['addUserProperties', { plan: 'pro' }],
  ['track', 'queued 2'],
  ['track', 'test:queued'],
];

type StandInWin = Parameters<typeof installV5Snippet>[0] & { heap: any };
const call = (heap: any, calls: HeapCall[]) => {
  for (const [method, ...args] of calls) heap[method](...args);
};

/**
 * Each step to both sides: Heap in the page, then wait until it has processed the step (its
 * marker recorded); the stand-in processes at the same point.
 */
async function runSteps(
  hp: HeapPage,
  win: StandInWin,
  standIn: HeapLibrary,
  steps: HeapCall[][],
): Promise<HeapRecord[]> {
  for (const [index, step] of steps.entries()) {
    const calls: HeapCall[] = [...step, ['track', `test:step ${index}`]];
    call(win.heap, calls);
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
  return expected;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe.concurrent('the Heap stand-in records what heap.js 5.1.1 records', {
  timeout: 240_000,
}, () => {
  test('call for call, every rule, on the loaded library', async () => {
    const win = {} as StandInWin;
    installV5Snippet(win, 'conformance');
    const standIn = loadHeapLibrary(win);
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady(); // Heap loaded, its user set
    await tick(); // the same for the stand-in
    const expected = await runSteps(hp, win, standIn, STEPS);
    // The table exercised every rule: each of these shows in what Heap recorded.
    expect(expected.filter((record) => record.type === 'identify').map((r) => r.user)).toEqual([
      0, 1, 2,
    ]);
    expect(expected.some((r) => r.type === 'user_properties' && r.user === null)).toBe(true);
    await hp.close();
  });

  test('a caller’s change to the properties after track is not recorded', async () => {
    const win = {} as StandInWin;
    installV5Snippet(win, 'copy');
    const standIn = loadHeapLibrary(win);
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await tick();
    const mutate = (heap: any) => {
      const properties: Record<string, unknown> = { kept: 'as tracked', when: new Date(0) };
      heap.track('mutated', properties);
      properties['kept'] = 'changed';
      properties['added'] = 'later';
    };
    mutate(win.heap);
    await hp.page.evaluate(`(${mutate})(window.heap)`);
    await runSteps(hp, win, standIn, [[]]);
    expect(standIn.recorded()[0]).toMatchObject({
      name: 'mutated',
      properties: { kept: 'as tracked', when: '1970-01-01T00:00:00.000Z' },
    });
    await hp.close();
  });

  test('calls queued on the v5 snippet, replayed when heap.js loads', async () => {
    const win = {} as StandInWin;
    installV5Snippet(win, 'replay');
    call(win.heap, QUEUED);
    const standIn = loadHeapLibrary(win);
    const hp = await suite.open();
    const release = await hp.holdHeapLibrary();
    await hp.addHeapSnippet();
    await hp.page.evaluate((list) => {
      const heap = (window as any).heap;
      for (const [method, ...args] of list) heap[method](...args);
    }, QUEUED);
    release();
    await hp.heapReady();
    await hp.waitFor('the queued calls', (log) =>
      log.all.some((entry) => entry.name === 'test:queued'),
    );
    standIn.process(); // heap.js processed the replayed tracks: so does the stand-in
    await tick();
    const expected = await runSteps(hp, win, standIn, [
      [
        ['track', 'loaded'],
        ['addUserProperties', { plan: 'enterprise' }],
      ],
    ]);
    // Replayed identify and user properties went without a Heap user; later ones with it.
    expect(expected.filter((r) => r.type !== 'track').map((r) => [r.type, r.user])).toEqual([
      ['identify', null],
      ['user_properties', null],
      ['user_properties', 0],
    ]);
    await hp.close();
  });
});
