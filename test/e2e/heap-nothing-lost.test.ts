import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { HeapPage } from './support/heap-page';
import type { HeapLog, Recorded } from './support/heap-records';
import {
  expectClean,
  HEAP_TEST_TIMEOUT,
  heapSuite,
  startStatsig,
  switchUser,
} from './support/heap-suite';
import { ADA, DAN, GUEST, type User, valuesFor } from './support/heap-users';

// Nothing lost, nobody misattributed: real exits, logins, user switches, tabs and several
// clients, counted as Heap's real library (heap.js 5.1.1) delivered them to the ingest.
const suite = heapSuite();

/** Every option that makes the plugin call Heap more than `track`. */
const EVERY_OPTION = { identify: true, userProperties: true, eventProperties: true };

/** Five app calls of Ada's: one of each exposure kind and two custom events. */
const ADA_CALLS = () => {
  const { client } = (window as any).driver;
  client.checkGate('new_checkout_flow');
  client.getExperiment('checkout_button_color');
  client.getLayer('homepage_layer').get('hero_title', '');
  client.logEvent('add_to_cart', 29.99);
  client.logEvent('checkout_started');
};
const ADA_EVENTS = [
  'Statsig Feature Gates',
  'Statsig Experiments',
  'statsig::gate_exposure',
  'statsig::experiment_exposure',
  'statsig::layer_exposure',
  'add_to_cart',
  'checkout_started',
];

const names = (list: Recorded[]) => list.map((entry) => entry.name);
/** Our events that carry `userID` (initialize maps carry none), as [name, userID, identity]. */
const owners = (log: HeapLog) =>
  log.ours
    .filter((entry) => entry.properties?.['userID'])
    .map((entry) => [entry.name, entry.properties?.['userID'], entry.identity]);
/**
 * HEAP_COUNTS=1: print what Heap recorded against what it should have, for each case (the
 * figures before and after a change); a wait that times out then counts what arrived.
 */
const COUNTING = Boolean(process.env.HEAP_COUNTS);
function count(label: string, recorded: number, expected: number): void {
  if (COUNTING) console.log(`COUNT ${label}: ${recorded} of ${expected}`);
}
const waitOrCount = (hp: HeapPage, what: string, done: (log: HeapLog) => boolean) =>
  hp.waitFor(what, done).catch((error) => {
    if (COUNTING) return hp.log();
    throw error;
  });
const stats = (page: Page) => page.evaluate(() => (window as any).driver.plugin.getStats());
/** Two tabs of one browser, each with Heap loaded and Ada's client with `dedupe: 'first'`. */
async function twoTabsOfAda() {
  const one = await suite.open();
  const two = await one.openTab();
  for (const tab of [one, two]) {
    await tab.addHeapSnippet();
    await tab.heapReady();
    await startStatsig(tab, ADA, { dedupe: 'first', initializeEvents: false });
  }
  return [one, two] as const;
}

/** Heap's snippet with heap.js held back; the app starts; then heap.js loads and has its user. */
async function appBeforeHeap(hp: HeapPage, user: User, options: Record<string, unknown>) {
  const release = await hp.holdHeapLibrary();
  await hp.addHeapSnippet();
  await startStatsig(hp, user, options);
  await hp.page.evaluate(ADA_CALLS);
  release();
  await hp.heapReady();
}

describe.concurrent('nothing lost, nobody misattributed', { timeout: HEAP_TEST_TIMEOUT }, () => {
  // heap.js sends at page hide with a plain fetch, which a loaded machine or a closed tab may
  // cut; it keeps the events it sent in localStorage until the ingest answers, and the user's
  // next visit sends them (not its identify or user properties: those are lost with the send).
  // So these tests cut Heap's ingest on the page the user leaves and come back: every event
  // heap.js took before the page died arrives, and only those. Each carries the identity
  // heap.js had when it took it: `ada` on every one means the plugin identified first.
  test('the user leaves 150 ms after heap.js loads, every option on, nothing of heap.js’s sends arriving: every event, under Ada, on the next visit', async () => {
    const hp = await suite.open();
    await hp.cutIngest();
    // Another tab's run holds the plugin's Web Lock (dedupe: 'first'): the plugin's own tasks
    // wait for it, so only the hand-over at page hide can give Heap these events.
    await hp.page.evaluate(
      () =>
        new Promise<void>((granted) => {
          navigator.locks.request('statsig-heap', () => {
            granted();
            return new Promise(() => {});
          });
        }),
    );
    await appBeforeHeap(hp, ADA, { ...EVERY_OPTION, dedupe: 'first' });
    await hp.page.waitForTimeout(150);
    await hp.leave();
    await hp.comeBack();
    const log = await waitOrCount(hp, 'all seven events', (l) => l.ours.length >= 7);
    count('quick exit, identify', log.ours.filter((e) => e.identity === 'ada').length, 7);
    expect(names(log.ours)).toEqual(ADA_EVENTS);
    for (const entry of log.ours) expect([entry.name, entry.identity]).toEqual([entry.name, 'ada']);
    await hp.close();
  });

  test('the user switches to Dan and leaves 300 ms later, nothing of heap.js’s sends arriving: Dan’s events under Dan, on the next visit', async () => {
    const hp = await suite.open();
    await hp.cutIngest();
    await appBeforeHeap(hp, ADA, EVERY_OPTION);
    await switchUser(hp, DAN);
    await hp.page.evaluate(ADA_CALLS);
    await hp.page.waitForTimeout(300);
    await hp.leave();
    await hp.comeBack();
    const log = await waitOrCount(hp, 'both users’ events', (l) => l.ours.length >= 14);
    count('switch and exit', log.ours.slice(7).filter((e) => e.identity === 'dan').length, 7);
    expect(names(log.ours)).toEqual([...ADA_EVENTS, ...ADA_EVENTS]);
    expect(log.ours.map((entry) => entry.identity)).toEqual([
      ...ADA_EVENTS.map(() => 'ada'),
      ...ADA_EVENTS.map(() => 'dan'),
    ]);
    await hp.close();
  });

  test('dedupe first: exposures Heap never took (heap.js blocked) go out on the next page', async () => {
    const first = await suite.open();
    await first.blockHeapLibrary();
    await first.addHeapSnippet();
    await startStatsig(first, ADA, { dedupe: 'first' });
    await first.page.evaluate(ADA_CALLS);
    const held = await stats(first.page);
    expect([held.heap, held.forwarded]).toEqual(['snippet', 0]);
    await first.leave();

    const second = await first.openTab();
    await second.addHeapSnippet();
    await second.heapReady();
    await startStatsig(second, ADA, { dedupe: 'first' });
    await second.page.evaluate(ADA_CALLS);
    const log = await waitOrCount(second, 'the seven events', (l) => l.ours.length >= 7);
    count('first exposures after a blocked page', log.ours.length - 4, 3);
    expect(names(log.ours)).toEqual(ADA_EVENTS);
    // And now that Heap took them, a third page sends no exposure again.
    await second.page.reload();
    await second.addHeapSnippet();
    await second.heapReady();
    await startStatsig(second, ADA, { dedupe: 'first' });
    await second.page.evaluate(ADA_CALLS);
    const again = await second.settle('third page');
    expect(names(again.ours).filter((name) => name?.startsWith('statsig::'))).toHaveLength(3);
    expect((await stats(second.page)).deduplicated).toBe(3);
    await second.close();
    await first.close();
  });

  test('dedupe first, two tabs making the same 17 exposures at once: 17 in Heap', async () => {
    const [one, two] = await twoTabsOfAda();
    // Both tabs start at the same moment and take a while over it, so that they overlap
    // (each tab is a renderer of its own): each checks the 17 gates 5 ms apart.
    const checks = (startAt: number) => {
      const wait = (until: number) => {
        while (Date.now() < until) {}
      };
      wait(startAt);
      for (let i = 0; i < 17; i++) {
        (window as any).driver.client.checkGate(`gate_${i}`);
        wait(Date.now() + 5);
      }
    };
    const startAt = Date.now() + 500;
    await Promise.all([one.page.evaluate(checks, startAt), two.page.evaluate(checks, startAt)]);
    await one.settle('one');
    const log = await two.settle('two');
    const gates = log.ours.map((entry) => entry.properties?.['metadata.gate']);
    count('two tabs, 17 first exposures', gates.length, 17);
    expect(gates.sort()).toEqual(Array.from({ length: 17 }, (_, i) => `gate_${i}`).sort());
    const [a, b] = [await stats(one.page), await stats(two.page)];
    expect([a.forwarded + b.forwarded, a.deduplicated + b.deduplicated]).toEqual([17, 17]);
    await two.close();
    await one.close();
  });

  test('dedupe first, one tab’s run right after the other’s, 32 times: each exposure once in Heap', async () => {
    // Chromium grants the Web Lock to the next tab before the last tab's localStorage write
    // has reached it (a third of the time, measured): the next run must wait for it. Here the
    // test holds the lock while both tabs make the same exposures, so that both runs wait for
    // it and one follows the other at once; 32 rounds, each with 2 exposures of its own (a
    // round's are written at once: sent twice, they are all sent twice).
    const [one, two] = await twoTabsOfAda();
    const waitingRuns = () =>
      one.page.evaluate(async () => {
        const { pending = [] } = await navigator.locks.query();
        return pending.filter((lock) => lock.name === 'statsig-heap').length;
      });
    const pendingIn = async (tab: HeapPage) => (await stats(tab.page)).pending as number;
    // A background tab's idle callbacks and timers are throttled: on a loaded machine a run
    // may take seconds to ask for the lock.
    const until = async (what: string, done: () => Promise<boolean>) => {
      for (const deadline = Date.now() + 30_000; !(await done()); ) {
        if (Date.now() > deadline) throw new Error(`not within 30 s: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const ROUNDS = 32;
    for (let round = 0; round < ROUNDS; round++) {
      await one.page.evaluate(
        () =>
          new Promise<void>((held) => {
            navigator.locks.request('statsig-heap', () => {
              held();
              return new Promise<void>((release) => ((window as any).releaseLock = release));
            });
          }),
      );
      const checks = (r: number) => {
        for (let i = 0; i < 2; i++) (window as any).driver.client.checkGate(`r${r}_gate_${i}`);
      };
      await Promise.all([one.page.evaluate(checks, round), two.page.evaluate(checks, round)]);
      await until('both tabs’ runs waiting for the lock', async () => (await waitingRuns()) === 2);
      await one.page.evaluate(() => (window as any).releaseLock());
      await until(
        'both tabs’ runs done',
        async () => (await pendingIn(one)) + (await pendingIn(two)) === 0,
      );
    }
    await one.settle('one');
    const log = await two.settle('two');
    const gates = log.ours.map((entry) => entry.properties?.['metadata.gate'] as string);
    count('one tab’s run right after the other’s, 32 × 2 first exposures', gates.length, 64);
    const expected = Array.from({ length: ROUNDS }, (_, r) =>
      Array.from({ length: 2 }, (_, i) => `r${r}_gate_${i}`),
    ).flat();
    expect(gates.sort()).toEqual(expected.sort());
    await two.close();
    await one.close();
  });

  test('dedupe session: one Heap session across tabs sends an exposure once', async () => {
    const one = await suite.open();
    await one.addHeapSnippet();
    await one.heapReady();
    await startStatsig(one, ADA, { dedupe: 'session', initializeEvents: false });
    await one.page.evaluate(ADA_CALLS);
    await one.settle('one');
    const two = await one.openTab();
    await two.addHeapSnippet();
    await two.heapReady();
    await startStatsig(two, ADA, { dedupe: 'session', initializeEvents: false });
    await two.page.evaluate(ADA_CALLS);
    const log = await two.settle('two');
    expect(names(log.ours)).toEqual([
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'statsig::layer_exposure',
      'add_to_cart',
      'checkout_started',
      'add_to_cart',
      'checkout_started',
    ]);
    await two.close();
    await one.close();
  });

  test('an async user switch: every event that carries Dan is filed under Dan', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await hp.page.evaluate(
      (u) => (window as any).driver.startOverNetwork(u, { identify: true }),
      ADA,
    );
    suite.server().initializeDelay = 1500;
    await hp.page.evaluate((dan) => {
      const { client } = (window as any).driver;
      client.logEvent('before_switch');
      (window as any).switched = client.updateUserAsync(dan);
      client.checkGate('new_checkout_flow');
      client.logEvent('while_loading');
    }, DAN);
    await hp.page.evaluate(() => (window as any).switched);
    suite.server().initializeDelay = 0;
    await hp.page.evaluate(ADA_CALLS);
    const log = await hp.settle('after');
    const carried = owners(log);
    count(
      'async switch',
      carried.filter(([, u, identity]) => u === 'dan' && identity === 'dan').length,
      7,
    );
    expect(carried.filter(([, user]) => user === 'dan').length).toBe(7);
    for (const [name, user, identity] of carried) expect([name, identity]).toEqual([name, user]);
    await hp.close();
  });

  test('on-device client, alice → bob → alice: each event under its own user', async () => {
    const hp = await suite.open('/on-device');
    await hp.addHeapSnippet();
    await hp.heapReady();
    await hp.page.evaluate(() => (window as any).driver.startOnDevice({ identify: true }));
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      for (const userID of ['alice', 'bob', 'alice']) {
        const user = { userID, custom: { plan: 'pro' } };
        client.checkGate('enterprise_sso', user);
        client.logEvent(`event_of_${userID}`, user);
      }
    });
    const log = await hp.settle('after');
    const carried = owners(log);
    expect(carried.map(([, user]) => user)).toEqual(['alice', 'alice', 'bob', 'bob', 'alice']);
    for (const [name, user, identity] of carried) expect([name, identity]).toEqual([name, user]);
    await hp.close();
  });

  test('one plugin on three clients with identify: the first client decides Heap’s identity', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await hp.page.evaluate(
      ([users, values]) => {
        const { driver } = window as any;
        const keys = ['client-a', 'client-b', 'client-c'];
        users.forEach((user: User, i: number) => {
          driver.start(user, values[i], { identify: true }, {}, keys[i]);
        });
        for (const key of keys) {
          driver.clients[key].logEvent(`first_from_${key}`);
          driver.clients[key].checkGate('new_checkout_flow');
        }
        driver.clients['client-a'].logEvent('last_from_client-a');
      },
      [[ADA, GUEST, DAN], [ADA, GUEST, DAN].map(valuesFor)] as const,
    );
    const log = await hp.settle('after');
    count('three clients', log.ours.filter((e) => e.identity === 'ada').length, log.ours.length);
    expect(log.identifies.map((entry) => entry.identity)).toEqual(['ada']);
    const ada = log.ours.filter((entry) => entry.properties?.['userID'] === 'ada');
    expect(ada).toHaveLength(3);
    // Never reset: one Heap user, Ada, for every event of the three clients.
    for (const entry of log.ours) {
      expect([entry.name, entry.identity, entry.user]).toEqual([entry.name, 'ada', ada[0]?.user]);
    }
    await hp.close();
  });

  test('the app’s own heap.resetIdentity() (logout), then the same user again: under Ada', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { identify: true });
    await hp.page.evaluate(() => (window as any).driver.client.logEvent('before_logout'));
    await hp.settle('logged in');
    await hp.page.evaluate(() => (window as any).heap.resetIdentity());
    await switchUser(hp, ADA);
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      for (const name of ['back_1', 'back_2', 'back_3']) client.logEvent(name);
    });
    const log = await hp.settle('after');
    const back = log.ours.filter((entry) => entry.name?.startsWith('back_'));
    expect(back.map((entry) => entry.identity)).toEqual(['ada', 'ada', 'ada']);
    await hp.close();
  });

  test('consent that follows Statsig: what Statsig kept on page 1 reaches Heap on page 2', async () => {
    const first = await suite.open();
    await first.addHeapSnippet();
    await first.heapReady();
    await first.page.evaluate(
      ([u, values]) => (window as any).driver.start(u, values, {}, { loggingEnabled: 'disabled' }),
      [ADA, valuesFor(ADA)] as const,
    );
    await first.page.evaluate(ADA_CALLS);
    const page1 = await first.settle('page 1');
    expect(page1.ours).toEqual([]);
    await first.leave();

    const second = await first.openTab();
    await second.addHeapSnippet();
    await second.heapReady();
    await second.page.evaluate(
      ([u, values]) => (window as any).driver.start(u, values, {}, { loggingEnabled: 'disabled' }),
      [ADA, valuesFor(ADA)] as const,
    );
    await second.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.logEvent('page_2_event');
      client.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    });
    const log = await waitOrCount(
      second,
      'page 1’s and page 2’s events',
      (l) => l.ours.length >= 8,
    );
    count('page 1 kept by Statsig', log.ours.length - 3, 5);
    expect(names(log.ours)).toEqual([
      ...ADA_EVENTS.slice(2), // page 1's, kept by Statsig, each with its own time
      'Statsig Feature Gates',
      'Statsig Experiments',
      'page_2_event',
    ]);
    const times = log.ours.slice(0, 5).map((entry) => Number(entry.properties?.['timestamp']));
    expect(times).toEqual([...times].sort());
    expect(Math.max(...times)).toBeLessThan(Number(log.ours[7]?.properties?.['timestamp']));
    await second.close();
    await first.close();
  });

  test('10,000 gates: split into events of at most 1,000 properties, every gate recorded', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    const values = valuesFor(ADA);
    for (let i = 0; i < 10_000; i++) {
      values.feature_gates[`wide_gate_${i}`] = {
        name: `wide_gate_${i}`,
        value: i % 2 === 0,
        rule_id: 'default',
        id_type: 'userID',
        secondary_exposures: [],
      };
    }
    await hp.page.evaluate(([u, v]) => (window as any).driver.start(u, v, {}), [
      ADA,
      values,
    ] as const);
    const total = Object.keys(values.feature_gates).length;
    const log = await hp.waitFor(
      'every gate',
      (l) =>
        l.ours
          .filter((entry) => entry.name === 'Statsig Feature Gates')
          .reduce((sum, entry) => sum + Object.keys(entry.properties ?? {}).length, 0) >= total,
    );
    const gates = log.ours.filter((entry) => entry.name === 'Statsig Feature Gates');
    expect(gates).toHaveLength(Math.ceil(total / 1000));
    for (const entry of gates)
      expect(Object.keys(entry.properties ?? {}).length).toBeLessThanOrEqual(1000);
    const recorded = Object.assign({}, ...gates.map((entry) => entry.properties));
    expect(recorded['wide_gate_9998']).toBe('true');
    expect(recorded['wide_gate_9999']).toBe('false');
    expect(Object.keys(recorded)).toHaveLength(total);
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('the app’s heap.stopTracking(): getStats says so, and nothing throws', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { debug: true });
    await hp.settle('before');
    await hp.page.evaluate(() => (window as any).heap.stopTracking());
    await hp.page.evaluate(ADA_CALLS);
    await hp.page.waitForTimeout(100);
    const after = await stats(hp.page);
    expect(after.heap).toBe('stopped');
    expect(after.received).toBe(after.forwarded + after.pending + after.dropped);
    expect(hp.heapLines.some((line) => /library has not loaded/.test(line))).toBe(false);
    expect(hp.heapLines.some((line) => /Heap stopped tracking/.test(line))).toBe(true);
    expect(await hp.errors()).toEqual([]);
    await hp.close();
  });
});
