import { describe, expect, test } from 'vitest';
import { BLANK_VALUE, type HeapPage } from './support/heap-page';
import type { Recorded } from './support/heap-records';
import { expectClean, HEAP_TEST_TIMEOUT, heapSuite, startStatsig } from './support/heap-suite';
import { ADA, groupOf, initializeMaps, PRIVATE_VALUE } from './support/heap-users';

// What Heap's real library (heap.js 5.1.1, in Chromium) records from the plugin's events:
// the initialize maps, each exposure kind, custom events. Heap sends every value as a string.
const suite = heapSuite();

/** A page with Heap loaded and its user set, then Statsig started for Ada. */
async function adaWithHeap(options: Record<string, unknown> = {}): Promise<HeapPage> {
  const hp = await suite.open();
  await hp.addHeapSnippet();
  await hp.heapReady();
  await startStatsig(hp, ADA, options);
  return hp;
}

const named = (list: Recorded[], name: string) => list.filter((entry) => entry.name === name);
const TIMESTAMP = /^\d{13}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.concurrent('Heap records the plugin’s events', { timeout: HEAP_TEST_TIMEOUT }, () => {
  test('the two initialize events: exactly the maps, values as strings, once each', async () => {
    const hp = await adaWithHeap();
    const log = await hp.waitFor('both initialize events', (l) => l.ours.length >= 2);
    const { gates, experiments } = initializeMaps(ADA);
    expect(log.ours.map((entry) => [entry.name, entry.properties])).toEqual([
      ['Statsig Feature Gates', gates],
      ['Statsig Experiments', experiments],
    ]);
    // Every gate of the sample project, "true"/"false"; experiments only where allocated.
    expect(Object.keys(gates).sort()).toEqual([
      'acme_beta',
      'beta_banner',
      'dark_mode',
      'enterprise_sso',
      'new_checkout_flow',
    ]);
    expect(gates['dark_mode']).toBe('true');
    expect(experiments).not.toHaveProperty('app_settings');
    expect(experiments['pricing_layout']).toMatch(/^(Classic|Cards)$/);
    // Heap's own messages are there and told apart from ours.
    expect(log.all.filter((e) => e.source === 'heap').map((e) => e.type)).toEqual(
      expect.arrayContaining(['session', 'pageview', 'user_properties']),
    );
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('each exposure kind and a custom event, with their properties as Heap stores them', async () => {
    const hp = await adaWithHeap();
    const group = groupOf(ADA, 'checkout_button_color');
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.checkGate('new_checkout_flow');
      client.getDynamicConfig('app_settings');
      client.getExperiment('checkout_button_color');
      client.getLayer('homepage_layer').get('hero_title', '');
      client.logEvent('add_to_cart', 29.99, { sku: 'A-1', quantity: '2' });
    });
    const log = await hp.waitFor('four exposures and a custom event', (l) => l.ours.length >= 7);
    expect(log.ours.map((entry) => entry.name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'statsig::config_exposure',
      'statsig::experiment_exposure',
      'statsig::layer_exposure',
      'add_to_cart',
    ]);
    const [gate, config, experiment, layer, custom] = log.ours.slice(2).map((e) => e.properties);
    const user = {
      userID: 'ada',
      'user.userID': 'ada',
      'user.email': 'ada@example.com',
      'user.custom.plan': 'free',
      'user.customIDs.stableID': 'stable-ada',
      'user.customIDs.companyID': 'acme',
      'statsigMetadata.stableID': 'stable-ada',
    };
    expect(gate).toMatchObject({
      ...user,
      unitID: 'userID',
      'metadata.gate': 'new_checkout_flow',
      'metadata.gateValue': initializeMaps(ADA).gates['new_checkout_flow'],
      'metadata.ruleID': expect.any(String),
      'metadata.reason': expect.any(String),
    });
    expect(config).toMatchObject({ ...user, unitID: 'userID', 'metadata.config': 'app_settings' });
    expect(experiment).toMatchObject({
      ...user,
      'metadata.config': 'checkout_button_color',
      'metadata.experimentGroupName': group,
    });
    expect(layer).toMatchObject({
      ...user,
      'metadata.config': 'homepage_layer',
      'metadata.parameterName': 'hero_title',
      'metadata.allocatedExperiment': 'homepage_hero_test',
      'metadata.isExplicitParameter': 'true',
    });
    expect(custom).toMatchObject({
      ...user,
      value: '29.99',
      'metadata.sku': 'A-1',
      'metadata.quantity': '2',
    });
    for (const properties of [gate, config, experiment, layer, custom]) {
      expect(properties?.['timestamp']).toMatch(TIMESTAMP);
      expect(properties?.['timeUUID']).toMatch(UUID);
      expect(Object.keys(properties ?? {}).some((key) => /privateAttributes/.test(key))).toBe(
        false,
      );
    }
    // Heap stores text only: every value it recorded from us is a non-empty string.
    for (const entry of log.ours) {
      for (const value of Object.values(entry.properties ?? {})) {
        expect(typeof value).toBe('string');
        expect(value).not.toBe('');
      }
    }
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('no blank values: Ada’s empty custom field is not sent, so Heap drops nothing', async () => {
    const hp = await adaWithHeap();
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.checkGate('dark_mode');
      client.logEvent('checkout', undefined, { note: '', step: 'pay' });
    });
    const log = await hp.waitFor('the exposure and the event', (l) => l.ours.length >= 4);
    expect(named(log.ours, 'checkout')[0]?.properties).toMatchObject({ 'metadata.step': 'pay' });
    for (const entry of log.ours) expect(entry.properties).not.toHaveProperty('user.custom.coupon');
    // heap.js says, at logLevel info, each property it omits: there must be none of ours.
    expect(hp.heapRefusals().filter((line) => BLANK_VALUE.test(line))).toEqual([]);
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('property names: 511 UTF-8 bytes kept; 512 and over never sent (bytes, not characters)', async () => {
    const hp = await adaWithHeap({ initializeEvents: false });
    // Names as the plugin makes them: 'metadata.' (9 bytes) + the key; 'é' is 2 bytes.
    const keys = {
      k511: 'é'.repeat(251), // 9 + 502 = 511 bytes, 260 characters
      k512: `a${'é'.repeat(251)}`, // 512 bytes, 261 characters
      k513: `ab${'é'.repeat(251)}`, // 513 bytes: heap.js drops it, with a warning
    };
    await hp.page.evaluate((k) => {
      (window as any).driver.client.logEvent('long_names', undefined, {
        [k.k511]: '511',
        [k.k512]: '512',
        [k.k513]: '513',
      });
    }, keys);
    const log = await hp.waitFor('the event', (l) => named(l.ours, 'long_names').length > 0);
    const recorded = named(log.ours, 'long_names')[0]?.properties ?? {};
    expect(recorded[`metadata.${keys.k511}`]).toBe('511');
    expect(Object.values(recorded)).not.toContain('512'); // the contract: under 512 bytes
    // heap.js itself drops names over 512 bytes, and says so: the plugin must not send them.
    expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]);
    expect(Object.values(recorded)).not.toContain('513');
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('the private attribute is in no request: not in the raw bytes, not decoded', async () => {
    const hp = await adaWithHeap({ eventProperties: true, userProperties: true, identify: true });
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.checkGate('new_checkout_flow');
      client.getExperiment('checkout_button_color');
      client.getLayer('homepage_layer').get('cta_text', '');
      client.logEvent('viewed', 'x', { page: 'home' });
    });
    const log = await hp.settle('everything');
    expect(log.ours.length).toBe(6);
    expect(log.identifies.length).toBe(1);
    expect(log.userProperties.length).toBe(1);
    const bodies = suite.server().requests.filter((request) => request.envId === hp.envId);
    expect(bodies.some((request) => request.body.includes('ada@example.com'))).toBe(true);
    for (const request of bodies) expect(request.body.includes(PRIVATE_VALUE)).toBe(false);
    expect(JSON.stringify(log.all)).not.toContain(PRIVATE_VALUE);
    expect(JSON.stringify(log.all)).not.toContain('privateAttributes');
    await expectClean(hp, suite.server());
    await hp.close();
  });
});
