import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { HeapPage } from './support/heap-page';
import type { HeapLog } from './support/heap-records';
import { expectClean, HEAP_TEST_TIMEOUT, heapSuite } from './support/heap-suite';
import { ADA, DAN, valuesFor } from './support/heap-users';

// The zero-code tag (issue 28): a tag manager adds `window.StatsigHeapConfig = { auto: true }`
// and statsig-heap's script tag to a page whose app knows nothing of the plugin. Every Statsig
// client on the page reaches Heap's real library: those made before the tag (what Statsig
// still held of their events is recovered) and after it, once each.
const suite = heapSuite();
const TAG = readFileSync(join(import.meta.dirname, '../../dist/statsig-heap.min.js'), 'utf8');

/**
 * The app's own code, as page functions: `appStart` makes a client per SDK key on the
 * bootstrap path and runs its first calls; `injectTag` is what a tag manager does, the config
 * line then a script element. Called in one evaluate, the app's calls and the tag share a
 * task, so what Statsig holds when the tag loads does not depend on the machine's speed.
 */
const PAGE_HELPERS = `
  window.appStart = (key, user, values, calls) => {
    const client = new Statsig.StatsigClient(key, user, {
      networkConfig: { preventAllNetworkTraffic: true },
    });
    client.dataAdapter.setData(JSON.stringify(values));
    client.initializeSync();
    window.apps = { ...window.apps, [key]: client };
    new Function('client', calls)(client);
  };
  window.injectTag = (mode, text) => {
    window.StatsigHeapConfig = { auto: true };
    const script = document.createElement('script');
    if (mode === 'inline') script.textContent = text;
    else script.src = '/statsig-heap.min.js';
    document.head.appendChild(script);
  };
`;
const appStarts = (page: Page, key: string, user: object, calls: string) =>
  page.evaluate(([k, u, values, c]) => (window as any).appStart(k, u, values, c), [
    key,
    user,
    valuesFor(user as never),
    calls,
  ] as const);
const injectTag = (page: Page, how: 'inline' | 'src') =>
  page.evaluate(([mode, text]) => (window as any).injectTag(mode, text), [how, TAG] as const);
const autoStats = (page: Page) => page.evaluate(() => (window as any).StatsigHeap.auto.getStats());
/** Each of our events as `name userID`: what Heap recorded, to count. */
const recorded = (log: HeapLog) =>
  log.ours.map((entry) => `${entry.name} ${entry.properties?.['userID'] ?? '-'}`);
const once = (list: string[]) => new Set(list).size === list.length;

async function withHeap(path = '/bare'): Promise<HeapPage> {
  const hp = await suite.open(path);
  await hp.addHeapSnippet();
  await hp.heapReady();
  await hp.page.addScriptTag({ content: PAGE_HELPERS });
  return hp;
}

describe.concurrent('the zero-code tag', { timeout: HEAP_TEST_TIMEOUT }, () => {
  test('added after the app ran (inline), two clients: what Statsig held is recovered, later clients found', async () => {
    const hp = await withHeap();
    // Two clients and their first calls, then the tag: one task (Statsig holds all of it).
    await hp.page.evaluate(
      ([ada, adaValues, dan, danValues, tag]) => {
        const w = window as any;
        w.appStart(
          'client-a',
          ada,
          adaValues,
          "client.checkGate('new_checkout_flow'); client.logEvent('before_tag');",
        );
        w.appStart('client-b', dan, danValues, "client.checkGate('new_checkout_flow');");
        w.injectTag('inline', tag);
      },
      [ADA, valuesFor(ADA), DAN, valuesFor(DAN), TAG] as const,
    );
    await hp.page.evaluate(() => {
      const { apps } = window as any;
      apps['client-a'].logEvent('after_tag');
      apps['client-b'].getExperiment('checkout_button_color');
    });
    await appStarts(hp.page, 'client-c', ADA, "client.logEvent('third_client');");
    const log = await hp.settle('after');
    const events = recorded(log);
    expect(events.sort()).toEqual(
      [
        'statsig::gate_exposure ada',
        'before_tag ada',
        'statsig::gate_exposure dan',
        'after_tag ada',
        'statsig::experiment_exposure dan',
        'third_client ada',
        ...Array(3).fill(['Statsig Feature Gates -', 'Statsig Experiments -']).flat(),
      ].sort(),
    );
    // Client A in order: what Statsig held first (each with its own time), then its maps.
    const a = log.ours.filter((entry) => entry.properties?.['userID'] === 'ada').map((e) => e.name);
    expect(a.slice(0, 3)).toEqual(['statsig::gate_exposure', 'before_tag', 'after_tag']);
    // Held by Statsig when the tag came: three; the third client's first task, one more (a
    // client is bound once built, a microtask after it registers).
    expect(await autoStats(hp.page)).toMatchObject({ recovered: 4, pending: 0, errors: 0 });
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('added by src after the app ran: every event once, the held ones as far as Statsig still had them', async () => {
    const hp = await withHeap();
    await appStarts(
      hp.page,
      'client-a',
      ADA,
      "client.checkGate('new_checkout_flow'); client.logEvent('before_tag');",
    );
    await injectTag(hp.page, 'src');
    await hp.page.waitForFunction(() => (window as any).StatsigHeap?.auto);
    await hp.page.evaluate(() => (window as any).apps['client-a'].logEvent('after_tag'));
    const log = await hp.settle('after');
    const events = recorded(log);
    expect(once(events.filter((name) => !name.startsWith('Statsig ')))).toBe(true);
    const { recovered } = await autoStats(hp.page);
    // Made after the tag: there. Made before it: there exactly when Statsig still held them.
    expect(events).toContain('after_tag ada');
    expect(events.filter((name) => /gate_exposure|before_tag/.test(name))).toHaveLength(recovered);
    await hp.close();
  });

  test('loaded before Statsig: clients made later are bound at once; one the app bound itself is left to it', async () => {
    const hp = await withHeap();
    await hp.page.evaluate((text) => {
      (window as any).StatsigHeapConfig = { auto: true };
      const script = document.createElement('script');
      script.textContent = text;
      document.head.appendChild(script);
    }, TAG);
    await appStarts(hp.page, 'client-a', ADA, "client.checkGate('new_checkout_flow');");
    // An app that passes its own plugin: the tag's must not bind that client too.
    await hp.page.evaluate((values) => {
      const { Statsig, StatsigHeap } = window as any;
      const own = new StatsigHeap.StatsigHeapPlugin({ initializeEvents: false });
      const client = new Statsig.StatsigClient(
        'client-own',
        { userID: 'dan' },
        {
          networkConfig: { preventAllNetworkTraffic: true },
          plugins: [own],
        },
      );
      client.dataAdapter.setData(JSON.stringify(values));
      client.initializeSync();
      client.logEvent('own_plugin');
      (window as any).own = own;
    }, valuesFor(DAN));
    const log = await hp.settle('after');
    // Bound a microtask after it registers (once built): the first task's events recovered.
    // The two plugins hand Heap their calls each in its own tasks: each in order, once.
    const own = (entry: string) => entry === 'own_plugin dan';
    expect(recorded(log).filter((entry) => !own(entry))).toEqual([
      'statsig::gate_exposure ada',
      'Statsig Feature Gates -',
      'Statsig Experiments -',
    ]);
    expect(recorded(log).filter(own)).toHaveLength(1);
    expect(await autoStats(hp.page)).toMatchObject({ recovered: 1, forwarded: 3 });
    expect(await hp.page.evaluate(() => (window as any).own.getStats().forwarded)).toBe(1);
    await hp.close();
  });

  test('the on-device client, made before the tag: its user’s maps, then its exposures', async () => {
    const hp = await withHeap('/bare-on-device');
    await hp.page.evaluate(async (tag) => {
      const client = new (window as any).Statsig.StatsigOnDeviceEvalClient('client-device', {
        networkConfig: { api: `${location.origin}/v1` },
      });
      await client.initializeAsync();
      (window as any).device = client;
      client.checkGate('enterprise_sso', { userID: 'alice', custom: { plan: 'pro' } });
      (window as any).injectTag('inline', tag); // the same task as the check
    }, TAG);
    await hp.page.evaluate(() =>
      (window as any).device.logEvent('purchase', { userID: 'alice', custom: { plan: 'pro' } }),
    );
    const log = await hp.settle('after');
    expect(recorded(log)).toEqual([
      'Statsig Feature Gates -',
      'Statsig Experiments -',
      'statsig::gate_exposure alice',
      'purchase alice',
    ]);
    expect(await autoStats(hp.page)).toMatchObject({ recovered: 1 });
    await hp.close();
  });

  test('detach() stops it: a client made afterwards is not bound', async () => {
    const hp = await withHeap();
    await injectTag(hp.page, 'inline');
    await hp.page.evaluate(() => (window as any).StatsigHeap.auto.detach());
    await appStarts(hp.page, 'client-late', ADA, "client.logEvent('not_forwarded');");
    const log = await hp.settle('after');
    expect(log.ours).toEqual([]);
    expect(
      await hp.page.evaluate(
        () => (window as any).Statsig.StatsigClient.instance?.('client-late') !== undefined,
      ),
    ).toBe(true);
    await hp.close();
  });
});
