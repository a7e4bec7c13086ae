import { describe, expect, test } from 'vitest';
import { BLANK_VALUE } from './support/heap-page';
import { expectClean, HEAP_TEST_TIMEOUT, heapSuite, startStatsig } from './support/heap-suite';
import { ADA } from './support/heap-users';

// Consent and detach(), seen from Heap's ingest endpoint: absence is proven with a marker the
// test tracks itself after the app's calls: once Heap has recorded it, anything the plugin had
// handed Heap before would be there too.
const suite = heapSuite();

describe.concurrent('what reaches Heap, and when', { timeout: HEAP_TEST_TIMEOUT }, () => {
  test('consent pending: nothing of ours is recorded; granted: all of it, in order', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { consent: 'pending', eventProperties: true });
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.checkGate('new_checkout_flow');
      client.getExperiment('checkout_button_color');
      client.logEvent('add_to_cart', 1);
    });
    let log = await hp.mark('held');
    expect(log.ours).toEqual([]);
    expect(
      log.all.every((entry) => !entry.eventProperties?.['Statsig: checkout_button_color']),
    ).toBe(true);

    await hp.page.evaluate(() => (window as any).driver.plugin.setConsent('granted'));
    log = await hp.waitFor('the held events', (l) => l.ours.length >= 5);
    expect(log.ours.map((entry) => entry.name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'add_to_cart',
    ]);
    const marker = log.all.find((entry) => entry.name === 'test:held');
    for (const entry of log.ours) expect(entry.time).toBeGreaterThanOrEqual(marker?.time ?? 0);
    expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]);
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('detach(): nothing after it reaches Heap', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { eventProperties: true, identify: true });
    await hp.page.evaluate(() => {
      const { client, plugin } = (window as any).driver;
      client.checkGate('new_checkout_flow');
      plugin.detach();
      client.getExperiment('checkout_button_color');
      client.getLayer('homepage_layer').get('hero_title', '');
      client.logEvent('add_to_cart', 1);
      client.updateUserSync({ userID: 'dan' });
    });
    const log = await hp.mark('after-detach');
    expect(log.ours.map((entry) => entry.name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
    ]);
    expect(log.identifies.map((entry) => entry.identity)).toEqual(['ada']);
    expect(
      log.all.every((entry) => !entry.eventProperties?.['Statsig: checkout_button_color']),
    ).toBe(true);
    await expectClean(hp, suite.server());
    await hp.close();
  });
});
