import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin } from '../src';
import { createExposureMemory } from '../src/exposure-memory';
import { createTabLock } from '../src/tab-lock';
import { freshPage } from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { storedGeneration, takeOne } from './support/stored-lists';

// Across tabs, dedupe runs under one Web Lock; Chromium grants it to the next tab before the
// last tab's localStorage write has reached that tab, so a run that wrote announces its
// generation with a lock of that name and the next run waits for its storage to catch up.
// Chromium itself is in test/e2e/heap-nothing-lost.test.ts (one tab's run right after the
// other's); here the rules, on a lock manager of the API's shape: exclusive, first come
// first served, and query() telling every lock held.

type Callback = (lock: { name: string } | null) => unknown;

/** Web Locks as the API defines them, for one origin: every tab asks the same manager. */
function lockManager() {
  const tails = new Map<string, Promise<unknown>>();
  const held: string[] = [];
  /** Requests per name, held or queued. */
  const waiting = new Map<string, number>();
  const requested: string[] = [];
  const manager = {
    request(name: string, ...args: [LockOptions, Callback] | [Callback]): Promise<unknown> {
      requested.push(name);
      const [options, callback] = args.length === 2 ? args : [{}, args[0]];
      // ifAvailable: the callback at once, with no lock, where the name is held or asked for.
      if (options.ifAvailable && (waiting.get(name) ?? 0) > 0) {
        return Promise.resolve().then(() => callback(null));
      }
      waiting.set(name, (waiting.get(name) ?? 0) + 1);
      const run = (tails.get(name) ?? Promise.resolve()).then(async () => {
        held.push(name);
        try {
          return await callback({ name });
        } finally {
          held.splice(held.indexOf(name), 1);
          waiting.set(name, (waiting.get(name) ?? 1) - 1);
        }
      });
      tails.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
    query: async () => ({ held: held.map((name) => ({ name })), pending: [] }),
  };
  return { manager: manager as unknown as LockManager, held, requested };
}

/** Another tab's announcement: it holds the lock of its write's generation until it closes. */
const announce = (locks: LockManager, name: string) => {
  let close = () => {};
  void locks.request(name, () => new Promise<void>((resolve) => (close = resolve)));
  return () => close();
};

const KEY = 'statsig-heap:first';
const memory = () => {
  const made = createExposureMemory('first', () => {});
  if (!made) throw new Error('dedupe first makes a memory');
  return made;
};

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('a run under the tab lock', () => {
  test('waits until this tab’s storage holds the generation another tab announced', async () => {
    const { manager } = lockManager();
    localStorage.setItem(KEY, '[2,"1.1"]'); // what this tab has seen so far
    const closeOther = announce(manager, 'statsig-heap#first#3');
    const closeApp = announce(manager, 'the app’s own lock, named at length'); // not ours: read past
    const mine = memory();
    const seen: number[] = [];
    const done = createTabLock(manager, mine)(() => seen.push(mine.stored()));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen).toEqual([]); // still waiting: storage holds generation 2
    localStorage.setItem(KEY, '[3,"1.1","2.2"]'); // the other tab's write arrives
    await done;
    expect(seen).toEqual([3]);
    closeOther();
    closeApp();
  });

  test('does not wait when storage already holds it, nor for another dedupe mode’s', async () => {
    const { manager } = lockManager();
    localStorage.setItem(KEY, '[3,"1.1"]');
    const closeSession = announce(manager, 'statsig-heap#session#9');
    const closeFirst = announce(manager, 'statsig-heap#first#3');
    const mine = memory();
    let ran = false;
    await createTabLock(
      manager,
      mine,
    )(() => {
      ran = true;
    });
    expect(ran).toBe(true);
    closeSession();
    closeFirst();
  });

  test('another script’s locks named like ours (not a generation) are read past', async () => {
    const { manager } = lockManager();
    localStorage.setItem(KEY, '[3,"1.1"]');
    const closes = ['x', '1e308', '', '-1', '1234567890123456'].map((generation) =>
      announce(manager, `statsig-heap#first#${generation}`),
    );
    const mine = memory();
    const start = Date.now();
    await createTabLock(manager, mine)(() => takeOne(mine));
    expect(Date.now() - start).toBeLessThan(500); // no wait for a generation never written
    expect(storedGeneration(KEY)).toBe(4); // its own next one, not 1e308 + 1 (or null)
    for (const close of closes) close();
  });

  test('gives up after a second, and its write then supersedes the announced one', async () => {
    vi.useFakeTimers();
    const { manager, held } = lockManager();
    localStorage.setItem(KEY, '[1,"1.1"]');
    const closeOther = announce(manager, 'statsig-heap#first#5'); // its write never arrives
    const mine = memory();
    let ran = false;
    const done = createTabLock(
      manager,
      mine,
    )(() => {
      ran = true;
      takeOne(mine);
    });
    await vi.advanceTimersByTimeAsync(980);
    expect(ran).toBe(false);
    await vi.advanceTimersByTimeAsync(40);
    await done;
    expect(ran).toBe(true);
    expect(storedGeneration(KEY)).toBe(6); // after the newest announced, not after storage's 1
    expect(held).toContain('statsig-heap#first#6');
    closeOther();
  });

  test('in a hidden tab, whose timers fire once a minute, it still waits about a second, not a hundred minutes', async () => {
    vi.useFakeTimers();
    const throttled = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void) =>
      throttled(run, 60_000)) as typeof setTimeout);
    const { manager } = lockManager();
    const closeOther = announce(manager, 'statsig-heap#first#5'); // its write never arrives
    let ran = false;
    const done = createTabLock(
      manager,
      memory(),
    )(() => {
      ran = true;
    });
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(ran).toBe(true);
    closeOther();
  });

  test('announces a write until its next one; a run that wrote nothing announces nothing', async () => {
    const { manager, held, requested } = lockManager();
    const mine = memory();
    const tabLock = createTabLock(manager, mine);
    const writing = (unit: string) => () => takeOne(mine, unit);
    await tabLock(writing('a'));
    expect(held).toEqual(['statsig-heap#first#1']);
    await tabLock(writing('b'));
    expect(held).toEqual(['statsig-heap#first#2']); // the first announcement released
    await tabLock(() => mine.read());
    expect(held).toEqual(['statsig-heap#first#2']);
    expect(requested.filter((name) => name.includes('#'))).toHaveLength(2);
    expect(requested.filter((name) => name === 'statsig-heap')).toHaveLength(3);
  });

  test('a run never waits for its own announcement’s name, were another holder to have it', async () => {
    const { manager } = lockManager();
    const mine = memory();
    let closeOther = () => {};
    await createTabLock(
      manager,
      mine,
    )(() => {
      closeOther = announce(manager, 'statsig-heap#first#1'); // taken while this run writes 1
      takeOne(mine);
    }); // resolves: without ifAvailable it would wait for the other holder, holding every tab
    expect(storedGeneration(KEY)).toBe(1);
    closeOther();
  }, 2_000);

  test('a write that storage refuses (full) announces nothing', async () => {
    const { manager, held } = lockManager();
    const mine = memory();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });
    await createTabLock(manager, mine)(() => takeOne(mine));
    vi.restoreAllMocks();
    expect(held).toEqual([]);
  });
});

describe('the plugin and the tab lock', () => {
  let client: StatsigClient | undefined;
  let locks: ReturnType<typeof lockManager>;
  beforeEach(() => {
    freshPage();
    locks = lockManager();
    Object.defineProperty(navigator, 'locks', { value: locks.manager, configurable: true });
  });
  afterEach(async () => {
    await client?.shutdown();
    delete (navigator as { locks?: unknown }).locks;
  });

  test('with dedupe, Heap gets the exposure under the lock, and the write is announced', async () => {
    const inside: boolean[] = [];
    const track = vi.spyOn(window.heap as unknown as { track: () => void }, 'track');
    track.mockImplementation(() => {
      inside.push(locks.held.includes('statsig-heap'));
    });
    const plugin = new StatsigHeapPlugin({ dedupe: 'first', initializeEvents: false });
    client = bootstrapClient([plugin]);
    client.checkGate('new_checkout_flow');
    await vi.waitFor(() => expect(plugin.getStats()).toMatchObject({ pending: 0 }));
    expect(inside).toEqual([true]);
    await vi.waitFor(() => expect(locks.held).toEqual(['statsig-heap#first#1']));
  });

  test('consent not yet given: no lock is asked for (storage is not touched)', async () => {
    const plugin = new StatsigHeapPlugin({ dedupe: 'first', consent: 'pending' });
    client = bootstrapClient([plugin]);
    client.checkGate('new_checkout_flow');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(locks.requested).toEqual([]);
    plugin.setConsent('granted');
    await vi.waitFor(() => expect(plugin.getStats()).toMatchObject({ pending: 0 }));
    expect(locks.requested[0]).toBe('statsig-heap');
  });

  test('a lock the browser refuses (a sandboxed frame): the queue still goes to Heap', async () => {
    const refusing = {
      request: () => Promise.reject(new DOMException('access denied', 'SecurityError')),
      query: () => Promise.reject(new DOMException('access denied', 'SecurityError')),
    };
    Object.defineProperty(navigator, 'locks', { value: refusing, configurable: true });
    const plugin = new StatsigHeapPlugin({ dedupe: 'first', initializeEvents: false });
    client = bootstrapClient([plugin]);
    client.checkGate('new_checkout_flow');
    client.checkGate('new_checkout_flow');
    await vi.waitFor(() => expect(plugin.getStats()).toMatchObject({ pending: 0 }));
    expect(plugin.getStats()).toMatchObject({ forwarded: 1, errors: 0 });
  });

  test('without dedupe, no lock at all', async () => {
    const plugin = new StatsigHeapPlugin({});
    client = bootstrapClient([plugin]);
    client.checkGate('new_checkout_flow');
    await vi.waitFor(() => expect(plugin.getStats()).toMatchObject({ pending: 0 }));
    expect(locks.requested).toEqual([]);
  });
});
