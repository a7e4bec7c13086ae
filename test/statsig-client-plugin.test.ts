import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { initializeResponse, USER_2, USER_2_MAPS, USER_MAPS } from './support/statsig-values';

let heap: HeapLibrary;
const clients: StatsigClient[] = [];

beforeEach(() => {
  removeHeap();
  installClassicSnippet();
  heap = loadHeapLibrary();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

/** A bound client whose initialize events are off: those have their own tests above. */
function setup(
  options: StatsigHeapOptions = {},
  client: Parameters<typeof bootstrapClient>[1] = {},
) {
  const plugin = new StatsigHeapPlugin({ initializeEvents: false, ...options });
  const statsig = bootstrapClient([plugin], client);
  clients.push(statsig);
  return { plugin, client: statsig };
}

const names = () => heap.tracks().map(([name]) => name);
const invariant = (plugin: StatsigHeapPlugin) => {
  const s = plugin.getStats();
  expect(s.received).toBe(s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending);
};

describe('initialize events', () => {
  test('sends the two maps once values are Ready (unhashed values carry their names)', () => {
    const plugin = new StatsigHeapPlugin();
    clients.push(bootstrapClient([plugin]));
    expect(heap.calls).toEqual([
      ['track', 'Statsig Feature Gates', USER_MAPS.gates],
      ['track', 'Statsig Experiments', USER_MAPS.experiments],
    ]);
  });

  test('resolves djb2-hashed values through the gates and experiments options', () => {
    const plugin = new StatsigHeapPlugin({
      gates: ['new_checkout_flow', 'beta_banner'],
      experiments: ['checkout_button_color', 'pricing_layout'],
    });
    clients.push(bootstrapClient([plugin], { values: initializeResponse({ hashed: true }) }));
    expect(heap.calls).toEqual([
      ['track', 'Statsig Feature Gates', { new_checkout_flow: true, beta_banner: false }],
      ['track', 'Statsig Experiments', { checkout_button_color: 'Blue' }],
    ]);
  });

  test('hashed values without names send nothing; names the app evaluated count on the next update', () => {
    const client = bootstrapClient([], { values: initializeResponse({ hashed: true }) });
    clients.push(client);
    const plugin = new StatsigHeapPlugin();
    plugin.bind(client);
    expect(heap.calls).toEqual([]); // Ready already, but no name is known
    client.checkGate('acme_beta');
    client.getExperiment('checkout_button_color', { disableExposureLog: true });
    heap.calls.length = 0;
    switchUser(client, USER_2, initializeResponse({ user: USER_2, hashed: true, variant: 'b' }));
    expect(heap.tracks().filter(([n]) => n.startsWith('Statsig '))).toEqual([
      ['Statsig Feature Gates', { acme_beta: false }],
      ['Statsig Experiments', { checkout_button_color: 'Control' }],
    ]);
  });

  test('bind on a client that is already Ready sends the summary at once; binding again adds nothing', () => {
    const client = bootstrapClient([]);
    clients.push(client);
    const plugin = new StatsigHeapPlugin();
    plugin.bind(client);
    expect(names()).toEqual(['Statsig Feature Gates', 'Statsig Experiments']);
    heap.calls.length = 0;
    plugin.bind(client); // binding again is a no-op
    client.checkGate('new_checkout_flow');
    expect(names()).toEqual(['statsig::gate_exposure']);
  });

  test('a user update sends the new user’s maps, and exposures carry the new userID', () => {
    const { client } = setup({ initializeEvents: true });
    heap.calls.length = 0;
    switchUser(client, USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    expect(heap.tracks()).toEqual([
      ['Statsig Feature Gates', USER_2_MAPS.gates],
      ['Statsig Experiments', USER_2_MAPS.experiments],
    ]);
    heap.calls.length = 0;
    client.getExperiment('checkout_button_color');
    const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(name).toBe('statsig::experiment_exposure');
    expect(props).toMatchObject({
      userID: 'dan',
      'user.userID': 'dan',
      'user.custom.plan': 'free',
      'metadata.experimentGroupName': 'Control',
      'metadata.ruleID': 'checkout_button_color.Control',
    });
  });

  test('initializeEvents: false sends no initialize events', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    clients.push(bootstrapClient([plugin]));
    expect(heap.calls).toEqual([]);
  });
});

describe('exposures', () => {
  test('a gate check sends one statsig::gate_exposure with the contract’s properties', () => {
    const { client, plugin } = setup();
    const before = Date.now();
    expect(client.checkGate('new_checkout_flow')).toBe(true);
    expect(heap.calls).toHaveLength(1); // synchronously, inside the check
    const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(name).toBe('statsig::gate_exposure');
    const stableID = client.getContext().stableID;
    expect(props).toEqual({
      userID: 'ada',
      unitID: 'userID',
      timestamp: expect.any(Number),
      timeUUID: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      'metadata.gate': 'new_checkout_flow',
      'metadata.gateValue': 'true',
      'metadata.ruleID': 'rollout_50',
      'metadata.reason': expect.stringMatching(/Recognized$/),
      'metadata.lcut': '1764115200000',
      'metadata.receivedAt': expect.any(String),
      'user.userID': 'ada',
      'user.email': 'ada@example.com',
      'user.custom.plan': 'pro',
      'user.customIDs.companyID': 'acme',
      'statsigMetadata.stableID': stableID,
    });
    expect(props['timestamp']).toBeGreaterThanOrEqual(before);
    expect(plugin.getStats()).toMatchObject({ received: 1, forwarded: 1, pending: 0, errors: 0 });
  });

  test('the unit type comes from the gate: a custom ID type shows as unitID', () => {
    const { client } = setup();
    client.checkGate('acme_beta');
    expect(heap.tracks()[0]?.[1]).toMatchObject({
      unitID: 'companyID',
      'metadata.gate': 'acme_beta',
    });
  });

  test('experiments arrive as statsig::experiment_exposure with the group; plain configs as config exposures', () => {
    const { client } = setup();
    expect(client.getExperiment('checkout_button_color').get('color', '')).toBe('blue');
    client.getDynamicConfig('app_settings');
    client.getExperiment('pricing_layout');
    expect(
      heap
        .tracks()
        .map(([n, p]) => [n, p['metadata.config'], p['metadata.experimentGroupName'], p['unitID']]),
    ).toEqual([
      ['statsig::experiment_exposure', 'checkout_button_color', 'Blue', 'userID'],
      ['statsig::config_exposure', 'app_settings', undefined, 'userID'],
      ['statsig::experiment_exposure', 'pricing_layout', undefined, 'stableID'],
    ]);
  });

  test('layers: one exposure per parameter read, none for getLayer alone', () => {
    const { client } = setup();
    const layer = client.getLayer('homepage_layer');
    expect(heap.calls).toEqual([]);
    expect(layer.get('hero_title', '')).toBe('Welcome');
    layer.get('footer_text', '');
    expect(
      heap
        .tracks()
        .map(([n, p]) => [
          n,
          p['metadata.parameterName'],
          p['metadata.allocatedExperiment'],
          p['metadata.isExplicitParameter'],
        ]),
    ).toEqual([
      ['statsig::layer_exposure', 'hero_title', 'homepage_hero_test', 'true'],
      // No allocated experiment: the SDK's '' is blank, which Heap drops, so it is left out.
      ['statsig::layer_exposure', 'footer_text', undefined, 'false'],
    ]);
  });

  test('nothing for disableExposureLog checks, in any kind of check', () => {
    const { client, plugin } = setup();
    const off = { disableExposureLog: true };
    expect(client.checkGate('new_checkout_flow', off)).toBe(true);
    client.getFeatureGate('beta_banner', off);
    client.getExperiment('checkout_button_color', off);
    client.getDynamicConfig('app_settings', off);
    client.getLayer('homepage_layer', off).get('hero_title', '');
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats().received).toBe(0);
  });

  test('a repeated check is not sent again, memoized or not: the SDK de-duplicates it', () => {
    const { client } = setup({}, { options: { disableEvaluationMemoization: true } });
    for (let i = 0; i < 3; i++) {
      client.checkGate('new_checkout_flow');
      client.getExperiment('checkout_button_color');
      client.getLayer('homepage_layer').get('hero_title', '');
    }
    expect(names()).toEqual([
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'statsig::layer_exposure',
    ]);
  });

  test('exposures: false forwards no exposure but still custom events', () => {
    const { client } = setup({ exposures: false });
    client.checkGate('new_checkout_flow');
    client.logEvent('clicked');
    expect(names()).toEqual(['clicked']);
  });

  test('the check result is the SDK’s own, whatever Heap does', () => {
    const { client } = setup();
    const bound = [
      client.checkGate('new_checkout_flow'),
      client.checkGate('beta_banner'),
      client.getExperiment('checkout_button_color').value,
    ];
    const plain = bootstrapClient([]);
    clients.push(plain);
    expect([
      plain.checkGate('new_checkout_flow'),
      plain.checkGate('beta_banner'),
      plain.getExperiment('checkout_button_color').value,
    ]).toEqual(bound);
  });
});

describe('custom events', () => {
  test('logEvent(name, value, metadata) arrives under its own name', () => {
    const { client } = setup();
    client.logEvent('purchase', 9.99, { sku: 'A1', qty: '2' });
    client.logEvent({ eventName: 'signup', value: 'pro' });
    client.logEvent('ping');
    const stableID = client.getContext().stableID;
    expect(heap.tracks()).toEqual([
      [
        'purchase',
        {
          userID: 'ada',
          timestamp: expect.any(Number),
          value: 9.99,
          timeUUID: expect.any(String),
          'metadata.sku': 'A1',
          'metadata.qty': '2',
          'user.userID': 'ada',
          'user.email': 'ada@example.com',
          'user.custom.plan': 'pro',
          'user.customIDs.companyID': 'acme',
          'statsigMetadata.stableID': stableID,
        },
      ],
      ['signup', expect.objectContaining({ value: 'pro' })],
      ['ping', expect.not.objectContaining({ value: expect.anything() })],
    ]);
  });

  test('customEvents: false, includeUser: false and eventNames', () => {
    const { client } = setup({
      customEvents: false,
      includeUser: false,
      eventNames: { 'statsig::gate_exposure': 'Gate Viewed' },
    });
    client.logEvent('ignored');
    client.checkGate('new_checkout_flow');
    const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(name).toBe('Gate Viewed');
    expect(Object.keys(props).filter((k) => k.startsWith('user.'))).toEqual([]);
    expect(props['userID']).toBe('ada');
  });

  test('long event names are cut to 255 characters; huge metadata is cut, never sent raw', () => {
    const { client } = setup();
    client.logEvent('e'.repeat(300), 'v'.repeat(3000), { note: 'n'.repeat(3000) });
    const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(name).toBe('e'.repeat(255));
    expect(props['value']).toBe('v'.repeat(1023));
    expect(props['metadata.note']).toBe('n'.repeat(1023));
  });

  test('filter sees the event as it will be sent and can drop it (counted)', () => {
    const seen: unknown[] = [];
    const { client, plugin } = setup({
      filter: (event) => {
        seen.push(event);
        return event.kind !== 'custom';
      },
    });
    client.logEvent('dropped_event');
    client.checkGate('new_checkout_flow');
    expect(names()).toEqual(['statsig::gate_exposure']);
    expect(seen[0]).toEqual({
      name: 'dropped_event',
      kind: 'custom',
      properties: expect.objectContaining({ userID: 'ada' }),
    });
    expect(seen[1]).toMatchObject({ name: 'statsig::gate_exposure', kind: 'exposure' });
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 1, filtered: 1 });
    invariant(plugin);
  });
});

describe('privacy', () => {
  test('privateAttributes never reach Heap, in any event', () => {
    const { client } = setup({ initializeEvents: true });
    client.checkGate('new_checkout_flow');
    client.getExperiment('checkout_button_color');
    client.getLayer('homepage_layer').get('hero_title', '');
    client.logEvent('purchase', 1, { a: 'b' });
    // Bootstrap values may carry the user with its private attributes: the SDK copies them
    // into exposure metadata (bootstrapMetadata.user).
    const user2 = { ...USER_2, privateAttributes: { ssn: 'PRIVATE-SSN' } };
    switchUser(client, user2, {
      ...initializeResponse({ user: USER_2, variant: 'b' }),
      user: user2,
    });
    client.checkGate('new_checkout_flow');
    const sent = JSON.stringify(heap.calls);
    expect(heap.calls.length).toBeGreaterThan(6);
    expect(sent).not.toContain('PRIVATE-SECRET-VALUE');
    expect(sent).not.toContain('PRIVATE-SSN');
    expect(sent).not.toContain('privateAttributes');
  });
});

describe('faults', () => {
  test('a throwing heap.track never reaches the app; errors are counted and reported', () => {
    const onError = vi.fn();
    const { client, plugin } = setup({ onError });
    (window.heap as unknown as Record<string, unknown>)['track'] = () => {
      throw new Error('heap exploded');
    };
    expect(client.checkGate('new_checkout_flow')).toBe(true);
    expect(() => client.logEvent('x')).not.toThrow();
    expect(() => plugin.flush()).not.toThrow(); // Heap is called in the plugin's own task
    // Both counted; the same error reported once (a broken Heap must not flood onError).
    expect(onError).toHaveBeenCalledTimes(1);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 0, dropped: 2, errors: 2 });
    invariant(plugin);
  });

  test('a throwing filter or onError is contained', () => {
    const { client, plugin } = setup({
      filter: () => {
        throw new Error('bad filter');
      },
      onError: () => {
        throw new Error('bad handler');
      },
    });
    expect(client.checkGate('new_checkout_flow')).toBe(true);
    expect(() => plugin.flush()).not.toThrow();
    expect(plugin.getStats()).toMatchObject({ received: 1, dropped: 1, errors: 1 });
    invariant(plugin);
  });

  test('debug logs each Heap call and each drop with the [statsig-heap] prefix', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { client, plugin } = setup({ debug: true, filter: (e) => e.kind !== 'custom' });
    client.checkGate('new_checkout_flow');
    client.logEvent('nope');
    plugin.flush();
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines).toContain('[statsig-heap] heap.track');
    expect(lines).toContain('[statsig-heap] filtered');
  });

  test('detach removes every hook: nothing reaches Heap afterwards, and the SDK keeps working', () => {
    const { client, plugin } = setup();
    const logger = (client as unknown as { _logger: { enqueue: unknown } })._logger;
    const hooked = logger.enqueue;
    plugin.detach();
    expect(logger.enqueue).not.toBe(hooked);
    client.checkGate('new_checkout_flow');
    client.logEvent('after');
    switchUser(client, USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    expect(heap.calls).toEqual([]);
    expect(client.checkGate('new_checkout_flow')).toBe(false);
  });

  test('a plugin created for a second client leaves the first one alone', () => {
    const { client: first } = setup();
    const plugin = new StatsigHeapPlugin();
    const second = bootstrapClient([plugin]);
    clients.push(second);
    heap.calls.length = 0;
    plugin.detach();
    first.checkGate('new_checkout_flow');
    expect(names()).toEqual(['statsig::gate_exposure']);
  });
});
