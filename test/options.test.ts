import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { StatsigHeapOptions } from '../src';
import { EVENT_PROPERTIES_BUDGET } from '../src/experiment-properties';
import { MAX_REMEMBERED } from '../src/exposure-memory';
import {
  freshPage,
  type HeapLibrary,
  installClassicSnippet,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { DRIVERS, jsClientDriver, type SdkDriver, startDriver } from './support/sdk-drivers';
import { settledStats } from './support/settled';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';
import { rememberedKeys, storedGeneration, storedList } from './support/stored-lists';

let heap: HeapLibrary;
const running: SdkDriver[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const sdk of running.splice(0)) await sdk.stop();
});

const drivers = DRIVERS;

const start = (
  makeDriver: () => SdkDriver,
  options: StatsigHeapOptions,
  user?: Record<string, unknown>,
  values?: object,
) => startDriver(running, makeDriver, { initializeEvents: false, ...options }, user, values);
async function reload(sdk: SdkDriver) {
  running.splice(running.indexOf(sdk), 1);
  await sdk.stop(); // the page goes away; storage stays
}
const calls = () =>
  heap.calls.map(([method, ...args]) => [method, ...args.slice(0, method === 'track' ? 1 : 2)]);
/** heap.js v5 sets its user a task after it loads (the stand-in does the same). */
const heapUserSet = () => new Promise((resolve) => setTimeout(resolve, 0));
const storedKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('statsig-heap:'));

describe.each(drivers)('dedupe with $sdk', ({ makeDriver }) => {
  test('first: one exposure per unit and entity, across reloads and a second client', async () => {
    const first = await start(makeDriver, { dedupe: 'first' });
    first.sdk.checkGate('new_checkout_flow');
    first.sdk.getExperiment('checkout_button_color');
    await first.sdk.updateUser(USER, initializeResponse()); // the SDK forgets; we do not
    first.sdk.checkGate('new_checkout_flow');
    expect(settledStats(first.handle)).toMatchObject({
      received: 3,
      forwarded: 2,
      deduplicated: 1,
    });
    await reload(first.sdk);

    const second = await start(makeDriver, { dedupe: 'first' });
    second.sdk.checkGate('new_checkout_flow');
    second.sdk.getExperiment('checkout_button_color');
    second.sdk.checkGate('beta_banner'); // never seen: forwarded
    expect(settledStats(second.handle)).toMatchObject({
      received: 3,
      forwarded: 1,
      deduplicated: 2,
    });
    expect(calls()).toEqual([
      ['track', 'statsig::gate_exposure'],
      ['track', 'statsig::experiment_exposure'],
      ['track', 'statsig::gate_exposure'],
    ]);
    expect(heap.tracks()[2]?.[1]['metadata.gate']).toBe('beta_banner');
  });

  test('first: each parameter of a layer is a first exposure of its own', async () => {
    const first = await start(makeDriver, { dedupe: 'first' });
    first.sdk.getLayer('homepage_layer').get('hero_title');
    first.sdk.getLayer('homepage_layer').get('cta_text');
    await reload(first.sdk);
    const second = await start(makeDriver, { dedupe: 'first' });
    second.sdk.getLayer('homepage_layer').get('cta_text');
    second.sdk.getLayer('homepage_layer').get('hero_title');
    expect(heap.tracks().map(([, p]) => p['metadata.parameterName'])).toEqual([
      'hero_title',
      'cta_text',
    ]);
    expect(settledStats(second.handle)).toMatchObject({ forwarded: 0, deduplicated: 2 });
  });

  test('first: a new user has first exposures of their own; nothing raw is stored', async () => {
    const { sdk, handle } = await start(makeDriver, { dedupe: 'first' });
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser(USER, initializeResponse());
    sdk.checkGate('new_checkout_flow');
    expect(heap.tracks().map(([, p]) => p['userID'])).toEqual(['ada', 'dan']);
    expect(handle.getStats().deduplicated).toBe(1);
    expect(storedKeys()).toEqual(['statsig-heap:first']);
    const stored = localStorage.getItem('statsig-heap:first') ?? '';
    expect(rememberedKeys('statsig-heap:first')).toHaveLength(2);
    for (const raw of ['ada', 'dan', 'new_checkout_flow', 'gate_exposure'])
      expect(stored).not.toContain(raw);
  });

  test('session: once per unit, entity, value and rule in this Heap session', async () => {
    const first = await start(makeDriver, { dedupe: 'session' });
    first.sdk.checkGate('new_checkout_flow');
    await reload(first.sdk);
    const second = await start(makeDriver, { dedupe: 'session' });
    second.sdk.checkGate('new_checkout_flow'); // same session: not again
    // Same user, new values: another rule and value is another exposure.
    await second.sdk.updateUser(USER, initializeResponse({ variant: 'b' }));
    second.sdk.checkGate('new_checkout_flow');
    expect(heap.tracks().map(([, p]) => [p['metadata.gateValue'], p['metadata.ruleID']])).toEqual([
      ['true', 'rollout_50'],
      ['false', 'rollout_50'],
    ]);
    // Kept where every tab of the Heap session reads it, with Heap's session in each key.
    expect(storedKeys()).toEqual(['statsig-heap:session']);
    expect(Object.keys(sessionStorage)).toEqual([]);
    // A new Heap session: the same exposure is an exposure again.
    heap.newSession();
    await second.sdk.updateUser(USER, initializeResponse({ variant: 'b' }));
    second.sdk.checkGate('new_checkout_flow');
    expect(heap.tracks()).toHaveLength(3);
  });

  test('session, where Heap tells no session id: once per page', async () => {
    const library = window.heap as { getSessionId?: unknown };
    delete library.getSessionId;
    const first = await start(makeDriver, { dedupe: 'session' });
    first.sdk.checkGate('new_checkout_flow');
    await first.sdk.updateUser(USER, initializeResponse()); // the SDK forgets; this page not
    first.sdk.checkGate('new_checkout_flow');
    await reload(first.sdk);
    const second = await start(makeDriver, { dedupe: 'session' });
    second.sdk.checkGate('new_checkout_flow'); // another page: sent again
    expect(heap.tracks()).toHaveLength(2);
    expect(storedKeys()).toEqual(['statsig-heap:session']);
    expect(Object.keys(sessionStorage)).toEqual([]);
  });
});

describe('dedupe storage', () => {
  test(`first exposures stay bounded at ${MAX_REMEMBERED}, oldest evicted`, async () => {
    const { sdk } = await start(jsClientDriver, { dedupe: 'first' });
    for (let i = 0; i < MAX_REMEMBERED + 5; i++) {
      const user = { userID: `user-${i}` };
      await sdk.updateUser(user, initializeResponse({ user }));
      sdk.checkGate('new_checkout_flow');
    }
    heap.calls.length = 0; // everything handed over, and written
    expect(rememberedKeys('statsig-heap:first')).toHaveLength(MAX_REMEMBERED);
    // user-0 was evicted: its exposure counts as first again; user-999 was not.
    await sdk.updateUser(
      { userID: 'user-999' },
      initializeResponse({ user: { userID: 'user-999' } }),
    );
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser({ userID: 'user-0' }, initializeResponse({ user: { userID: 'user-0' } }));
    sdk.checkGate('new_checkout_flow');
    expect(heap.tracks().map(([, p]) => p['userID'])).toEqual(['user-0']);
  });

  test('localStorage throwing: works in memory and says so under debug', async () => {
    // Throwing for the plugin's keys only: the Statsig SDK has its own storage to survive.
    const { getItem, setItem } = Storage.prototype;
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(function (this: Storage, key) {
      if (key.startsWith('statsig-heap:')) throw new Error('SecurityError');
      return getItem.call(this, key);
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, key, value) {
      if (key.startsWith('statsig-heap:')) throw new Error('QuotaExceededError');
      setItem.call(this, key, value);
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { sdk, handle } = await start(jsClientDriver, { dedupe: 'first', debug: true });
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser(USER, initializeResponse());
    expect(sdk.checkGate('new_checkout_flow')).toBe(true);
    expect(settledStats(handle)).toMatchObject({ forwarded: 1, deduplicated: 1, errors: 0 });
    expect(log.mock.calls.map((c) => c[0])).toContain(
      '[statsig-heap] no storage: first exposures kept in memory',
    );
  });

  test('another tab’s writes count at the next check; damaged text starts the list again', async () => {
    const { sdk, handle } = await start(jsClientDriver, { dedupe: 'first' });
    sdk.checkGate('new_checkout_flow');
    handle.flush(); // written once Heap took it
    const mine = rememberedKeys('statsig-heap:first');
    expect(storedGeneration('statsig-heap:first')).toBe(1);
    // Another tab rewrites the list, damaged first, then with a key of its own: each change
    // is read at the next check (the SDK forgets its own de-duplication on update).
    await sdk.updateUser(USER, initializeResponse());
    localStorage.setItem('statsig-heap:first', '{damaged');
    expect(() => sdk.checkGate('new_checkout_flow')).not.toThrow(); // forwarded again: nothing remembered
    handle.flush();
    expect(rememberedKeys('statsig-heap:first')).toEqual(mine);
    expect(storedGeneration('statsig-heap:first')).toBe(2); // one more than any seen
    localStorage.setItem('statsig-heap:first', JSON.stringify([7, ...mine, 'x.y']));
    await sdk.updateUser(USER, initializeResponse());
    sdk.checkGate('new_checkout_flow'); // the text changed under us: read again, still remembered
    expect(settledStats(handle)).toMatchObject({ forwarded: 2, deduplicated: 1 });
    expect(storedList(localStorage, 'statsig-heap:first')).toEqual([7, ...mine, 'x.y']);
  });

  test('localStorage full: writes fail quietly, de-duplication holds in memory', async () => {
    const { setItem } = Storage.prototype;
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, key, value) {
      if (key.startsWith('statsig-heap:')) throw new DOMException('full', 'QuotaExceededError');
      setItem.call(this, key, value);
    });
    const { sdk, handle } = await start(jsClientDriver, { dedupe: 'first' });
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser(USER, initializeResponse());
    sdk.checkGate('new_checkout_flow');
    expect(settledStats(handle)).toMatchObject({ forwarded: 1, deduplicated: 1, errors: 0 });
  });
});

describe.each(drivers)('eventProperties and userProperties with $sdk', ({ makeDriver }) => {
  test('the variant goes on every later Heap event; only the plugin’s own keys are removed', async () => {
    window.heap?.addEventProperties?.({ plan: 'pro' }); // the app's own property
    const { sdk } = await start(makeDriver, { eventProperties: true, userProperties: true });
    sdk.getExperiment('checkout_button_color');
    sdk.getExperiment('pricing_layout'); // not in a group: no property
    sdk.checkGate('new_checkout_flow');
    await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    sdk.getExperiment('checkout_button_color');
    expect(heap.calls).toEqual([
      ['addEventProperties', { plan: 'pro' }],
      ['track', 'statsig::experiment_exposure', expect.any(Object)],
      ['addEventProperties', { 'Statsig: checkout_button_color': 'Blue' }],
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Blue' }],
      ['track', 'statsig::experiment_exposure', expect.any(Object)],
      ['track', 'statsig::gate_exposure', expect.any(Object)],
      ['removeEventProperty', 'Statsig: checkout_button_color'],
      ['track', 'statsig::experiment_exposure', expect.any(Object)],
      ['addEventProperties', { 'Statsig: checkout_button_color': 'Control' }],
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Control' }],
    ]);
  });

  test('an exposure the filter keeps out still sets its variant on later events (exposure events off, attribution on)', async () => {
    const { sdk, handle } = await start(makeDriver, {
      eventProperties: true,
      filter: (event) => event.kind !== 'exposure',
    });
    sdk.getExperiment('checkout_button_color');
    handle.flush();
    expect(calls()).toEqual([['addEventProperties', { 'Statsig: checkout_button_color': 'Blue' }]]);
    expect(handle.getStats()).toMatchObject({ filtered: 1, forwarded: 1 });
  });

  test('consent denied takes the plugin’s keys off Heap’s event properties; the app’s own stay', async () => {
    window.heap?.addEventProperties?.({ plan: 'pro' });
    const { sdk, handle } = await start(makeDriver, { eventProperties: true });
    sdk.getExperiment('checkout_button_color');
    handle.flush();
    handle.setConsent('denied');
    expect(calls().filter(([m]) => m === 'removeEventProperty')).toEqual([
      ['removeEventProperty', 'Statsig: checkout_button_color'],
    ]);
    window.heap?.track?.('app_event'); // the app's own event, after the denial
    const appEvent = heap.recorded().find((r) => r.type === 'track' && r.name === 'app_event');
    expect(appEvent).toMatchObject({ eventProperties: { plan: 'pro' } });
    const stats = handle.getStats();
    expect(stats.received).toBe(stats.forwarded + stats.dropped + stats.pending);
  });

  test('the same user initialized again, same group: the key stays, nothing removed', async () => {
    const { sdk } = await start(jsClientDriver, { eventProperties: true });
    sdk.getExperiment('checkout_button_color');
    await sdk.updateUser(USER, initializeResponse());
    await sdk.updateUser({ ...USER, email: 'new@example.com' }, initializeResponse());
    expect(calls().filter(([m]) => m === 'removeEventProperty')).toEqual([]);
  });

  test('a new user in the same group gets the user property too (user properties belong to users)', async () => {
    const { sdk } = await start(jsClientDriver, { userProperties: true });
    sdk.getExperiment('checkout_button_color');
    const bob = { userID: 'bob' }; // bucketed into Blue too
    await sdk.updateUser(bob, initializeResponse({ user: bob }));
    sdk.getExperiment('checkout_button_color');
    expect(calls().filter(([m]) => m === 'addUserProperties')).toEqual([
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Blue' }],
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Blue' }],
    ]);
  });

  test('leaving the experiment removes its key', async () => {
    const values = initializeResponse({ user: USER_2 });
    const { sdk } = await start(makeDriver, { eventProperties: true }, USER_2, values);
    sdk.getExperiment('pricing_layout'); // targets the free plan: in Cards
    const upgraded = { ...USER_2, custom: { plan: 'pro' } };
    await sdk.updateUser(upgraded, initializeResponse({ user: upgraded })); // no longer targeted
    expect(calls().slice(-1)).toEqual([['removeEventProperty', 'Statsig: pricing_layout']]);
  });
});

describe.each(drivers)('identify: anonymous with $sdk', ({ makeDriver }) => {
  test.each([
    ['classic', installClassicSnippet],
    ['v5', installV5Snippet],
  ])('keeps an identity the app gave Heap (%s snippet)', async (_, snippet) => {
    removeHeap();
    snippet();
    window.heap?.identify?.('u1-from-app'); // the app's own identify, queued in the stub
    const { sdk, handle } = await start(makeDriver, { identify: 'anonymous' });
    sdk.logEvent('purchase', 1);
    // The event waits for Heap's library, which alone can say whose identity Heap has.
    expect(settledStats(handle)).toMatchObject({ pending: 1 });
    const library = loadHeapLibrary();
    await heapUserSet(); // heap.js v5 has its user a task after it loads
    handle.flush();
    expect(library.calls.map(([method, arg]) => [method, arg])).toEqual([
      ['identify', 'u1-from-app'],
      ['track', 'purchase'],
    ]);
    expect(settledStats(handle)).toMatchObject({ received: 2, forwarded: 1, dropped: 1 });
  });

  test('identifies while Heap is anonymous, then follows user switches: that identity is its own', async () => {
    const { sdk } = await start(makeDriver, { identify: 'anonymous' });
    await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    await sdk.updateUser({ custom: { plan: 'free' } }, initializeResponse({ user: {} }));
    await sdk.updateUser(USER, initializeResponse());
    expect(calls().filter(([m]) => /identi/i.test(String(m)))).toEqual([
      ['identify', 'ada'],
      ['identify', 'dan'],
      ['resetIdentity'],
      ['identify', 'ada'],
    ]);
  });

  test('identify waits for Heap’s loaded library, never its snippet’s queue, and asks only the library for the identity', async () => {
    removeHeap();
    installV5Snippet();
    const { sdk, handle } = await start(makeDriver, { identify: true });
    sdk.logEvent('after_identify');
    // Replayed from the snippet's queue, heap.js would send identify after the tracks and
    // without a Heap user: it waits here, and the event after it too, to keep the order.
    const queued = (window as unknown as { heapReadyCb: { name: string }[] }).heapReadyCb;
    expect(queued).toEqual([]); // nothing asked of, or handed to, the snippet
    expect(settledStats(handle)).toMatchObject({ pending: 1, forwarded: 0, heap: 'snippet' });
    const library = loadHeapLibrary();
    const getIdentity = vi.spyOn(window.heap as { getIdentity: () => unknown }, 'getIdentity');
    handle.flush();
    expect(library.callsSoFar).toEqual([]); // loaded, but without a user for one more task
    await heapUserSet();
    handle.flush();
    expect(library.calls.map(([method, first]) => [method, first])).toEqual([
      ['identify', 'ada'],
      ['track', 'after_identify'],
    ]);
    // Heap's own identity, read from the loaded library: an app's resetIdentity() counts.
    expect(getIdentity).toHaveBeenCalled();
    expect(settledStats(handle)).toMatchObject({ pending: 0, forwarded: 2, heap: 'loaded' });
  });

  test('identify: true replaces the app’s identity (documented)', async () => {
    window.heap?.identify?.('u1-from-app');
    await start(makeDriver, { identify: true });
    expect(calls().filter(([m]) => m === 'identify')).toEqual([
      ['identify', 'u1-from-app'],
      ['identify', 'ada'],
    ]);
  });
});

describe('event properties budget', () => {
  test(`200 experiments exposed: the plugin’s keys stay within ${EVENT_PROPERTIES_BUDGET} characters`, async () => {
    // 200 experiments: more than the sample project has, copies of its generated entry.
    const values = initializeResponse();
    const names = Array.from({ length: 200 }, (_, i) => `checkout_redesign_experiment_${i}`);
    for (const name of names) {
      (values.dynamic_configs as Record<string, object>)[name] = {
        ...values.dynamic_configs['checkout_button_color'],
        name,
        group_name: 'Treatment B',
      };
    }
    const { sdk, handle } = await start(jsClientDriver, { eventProperties: true }, USER, values);
    for (const name of names) sdk.getExperiment(name);
    const added = heap.calls
      .filter(([m]) => m === 'addEventProperties')
      .map(([, props]) => props as Record<string, string>);
    const size = added.reduce(
      (sum, props) => sum + Object.entries(props).reduce((s, [k, v]) => s + k.length + v.length, 0),
      0,
    );
    expect(added.length).toBeGreaterThan(10);
    expect(added.length).toBeLessThan(200);
    expect(size).toBeLessThanOrEqual(EVENT_PROPERTIES_BUDGET);
    const stats = handle.getStats();
    expect(stats.dropped).toBe(200 - added.length);
    expect(stats.received).toBe(stats.forwarded + stats.dropped);
  });

  test('the budget is exact: a key that fills it to the character fits; removed keys free their room', async () => {
    // Key "Statsig: <name>" plus group: one pair of exactly the budget, one of one more.
    const group = (name: string, extra: number) =>
      'g'.repeat(EVENT_PROPERTIES_BUDGET - `Statsig: ${name}`.length + extra);
    // Group names of exact lengths, set on copies of a generated experiment entry.
    const valuesFor = (user: Record<string, unknown>) => {
      const values = initializeResponse({ user });
      for (const [name, extra] of [
        ['exact_exp', 0],
        ['over_exp', 1],
      ] as const) {
        (values.dynamic_configs as Record<string, object>)[name] = {
          ...values.dynamic_configs['checkout_button_color'],
          name,
          group_name: group(name, extra),
        };
      }
      return values;
    };
    const { sdk } = await start(jsClientDriver, { eventProperties: true }, USER, valuesFor(USER));
    sdk.getExperiment('over_exp'); // one character over: dropped
    sdk.getExperiment('exact_exp'); // exactly the budget: kept
    const added = () => heap.calls.filter(([m]) => m === 'addEventProperties').length;
    expect(added()).toBe(1);
    // A new user: the plugin's key is removed, and its room is free again.
    await sdk.updateUser(USER_2, valuesFor(USER_2));
    expect(heap.calls.filter(([m]) => m === 'removeEventProperty')).toEqual([
      ['removeEventProperty', 'Statsig: exact_exp'],
    ]);
    sdk.getExperiment('exact_exp');
    expect(added()).toBe(2);
  });

  test('a group change replaces the key and keeps the budget honest', async () => {
    const { sdk } = await start(jsClientDriver, { eventProperties: true, userProperties: true });
    sdk.getExperiment('checkout_button_color');
    sdk.getExperiment('checkout_button_color'); // same group: nothing new
    const changed = initializeResponse({ variant: 'b' }); // same user, now in Control
    await sdk.updateUser(USER, changed);
    sdk.getExperiment('checkout_button_color');
    expect(calls().filter(([m]) => m !== 'track')).toEqual([
      ['addEventProperties', { 'Statsig: checkout_button_color': 'Blue' }],
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Blue' }],
      ['removeEventProperty', 'Statsig: checkout_button_color'],
      ['addEventProperties', { 'Statsig: checkout_button_color': 'Control' }],
      ['addUserProperties', { 'Statsig: checkout_button_color': 'Control' }],
    ]);
  });

  test('user properties values are cut to 255 characters', async () => {
    const values = initializeResponse(); // a generated entry, given a 400-character group name
    (values.dynamic_configs['checkout_button_color'] as { group_name: string }).group_name =
      'g'.repeat(400);
    const { sdk } = await start(jsClientDriver, { userProperties: true }, USER, values);
    sdk.getExperiment('checkout_button_color');
    expect(heap.calls.find(([m]) => m === 'addUserProperties')).toEqual([
      'addUserProperties',
      { 'Statsig: checkout_button_color': 'g'.repeat(255) },
    ]);
  });
});

describe.each(drivers)('identify with $sdk', ({ makeDriver }) => {
  test('identify a real userID when it changes; reset for a user without one', async () => {
    const { sdk } = await start(makeDriver, { identify: true });
    await sdk.updateUser(USER, initializeResponse()); // same userID: not again
    await sdk.updateUser(USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    const anonymous = { customIDs: { deviceID: 'd1' } };
    await sdk.updateUser(anonymous, initializeResponse({ user: anonymous }));
    expect(calls()).toEqual([['identify', 'ada'], ['identify', 'dan'], ['resetIdentity']]);
  });

  // (An over-long userID is tested below: statsig-js itself cuts user fields to 64 characters.)
  test.each(['', '   ', 'undefined', 'null', 'NULL'])('never identifies %j', async (userID) => {
    const user = { userID };
    await start(makeDriver, { identify: true }, user, initializeResponse({ user }));
    expect(heap.calls).toEqual([]);
  });
});

test('never identifies a userID Heap would reject (255 characters or more)', async () => {
  const user = { userID: 'x'.repeat(255) };
  await start(jsClientDriver, { identify: true }, user, initializeResponse({ user }));
  expect(heap.calls).toEqual([]);
});

describe('consent with dedupe: first', () => {
  test('pending → granted delivers in order and then stores', async () => {
    const { sdk, handle } = await start(jsClientDriver, {
      consent: 'pending',
      dedupe: 'first',
      initializeEvents: true,
    });
    sdk.checkGate('new_checkout_flow');
    sdk.logEvent('purchase', 1);
    expect(heap.calls).toEqual([]);
    expect(storedKeys()).toEqual([]);
    handle.setConsent('granted');
    expect(calls()).toEqual([
      ['track', 'Statsig Feature Gates'],
      ['track', 'Statsig Experiments'],
      ['track', 'statsig::gate_exposure'],
      ['track', 'purchase'],
    ]);
    expect(storedKeys()).toEqual(['statsig-heap:first']);
  });

  test('exposures while denied are not remembered when consent comes back', async () => {
    const { sdk, handle } = await start(jsClientDriver, { consent: 'denied', dedupe: 'first' });
    sdk.checkGate('new_checkout_flow');
    handle.setConsent('granted');
    expect(storedKeys()).toEqual([]);
    await sdk.updateUser(USER, initializeResponse()); // the SDK forgets its own de-duplication
    sdk.checkGate('new_checkout_flow'); // the first exposure Heap may see
    expect(heap.tracks().map(([name]) => name)).toEqual(['statsig::gate_exposure']);
  });

  test('pending → denied delivers nothing and writes nothing to storage', async () => {
    const { sdk, handle } = await start(jsClientDriver, {
      consent: 'pending',
      dedupe: 'first',
      eventProperties: true,
      identify: true,
    });
    sdk.checkGate('new_checkout_flow');
    sdk.getExperiment('checkout_button_color');
    handle.setConsent('denied');
    sdk.checkGate('beta_banner');
    sdk.logEvent('after');
    expect(heap.calls).toEqual([]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('statsig-heap'))).toEqual([]);
    expect(Object.keys(sessionStorage).filter((k) => k.startsWith('statsig-heap'))).toEqual([]);
    const stats = handle.getStats();
    expect(stats.forwarded).toBe(0);
    expect(stats.received).toBe(stats.dropped);
  });
});

test('dedupe: first writes nothing until there is an exposure to remember', async () => {
  await start(jsClientDriver, { dedupe: 'first' });
  expect(storedKeys()).toEqual([]);
});

test('first: the unit is the gate’s own unit type (here a company), not the user', async () => {
  const { sdk, handle } = await start(jsClientDriver, { dedupe: 'first' });
  sdk.checkGate('acme_beta'); // company c1: first
  const colleague = { userID: 'u9', customIDs: { companyID: 'acme' } };
  await sdk.updateUser(colleague, initializeResponse({ user: colleague }));
  sdk.checkGate('acme_beta'); // another user, same company: not first
  const other = { userID: 'u9', customIDs: { companyID: 'c2' } };
  await sdk.updateUser(other, initializeResponse({ user: other }));
  sdk.checkGate('acme_beta'); // same user, another company: first
  expect(heap.tracks().map(([, p]) => p['user.customIDs.companyID'])).toEqual(['acme', 'c2']);
  expect(settledStats(handle)).toMatchObject({ forwarded: 2, deduplicated: 1 });
});

test('first: two clients of two Statsig projects on one page each have their own first exposures', async () => {
  const one = await start(jsClientDriver, { dedupe: 'first' });
  const two = await start(jsClientDriver, { dedupe: 'first' }); // another SDK key
  one.sdk.checkGate('new_checkout_flow');
  two.sdk.checkGate('new_checkout_flow'); // same unit, same gate, another project: first there too
  two.sdk.checkGate('beta_banner');
  expect(heap.tracks().map(([, p]) => p['metadata.gate'])).toEqual([
    'new_checkout_flow',
    'new_checkout_flow',
    'beta_banner',
  ]);
  expect(settledStats(two.handle)).toMatchObject({ forwarded: 2, deduplicated: 0 });
  await Promise.resolve(); // the burst's keys are written at the end of the task
  const stored = localStorage.getItem('statsig-heap:first') ?? '';
  expect(rememberedKeys('statsig-heap:first')).toHaveLength(3);
  expect(stored).not.toContain('client-driver'); // the SDK key is hashed, never in clear
});
