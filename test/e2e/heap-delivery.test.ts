import { describe, expect, test } from 'vitest';
import { BLANK_VALUE } from './support/heap-page';
import { expectClean, HEAP_TEST_TIMEOUT, heapSuite, startStatsig } from './support/heap-suite';
import { ADA, groupOf } from './support/heap-users';

// When the plugin's calls reach Heap's real library: consent, detach(), and Heap loading after
// the app's first Statsig calls (tag managers, slow networks). Absence is proven with markers
// the test tracks itself after the app's calls (HeapPage.settle): once Heap has recorded them,
// anything the plugin had handed Heap before would be there too. On loading, heap.js replays
// its snippet's queue with the queued track calls first and identify / addUserProperties
// after them, and those two go out without a Heap user id when made before heap.js has set
// its user.
const suite = heapSuite();

/** The app's first Statsig calls, made in the page. */
const APP_CALLS = () => {
  const { client } = (window as any).driver;
  client.checkGate('new_checkout_flow');
  client.getExperiment('checkout_button_color');
  client.logEvent('add_to_cart', 29.99);
};
const IN_ORDER = [
  'Statsig Feature Gates',
  'Statsig Experiments',
  'statsig::gate_exposure',
  'statsig::experiment_exposure',
  'add_to_cart',
];

describe.concurrent('when the plugin’s calls reach Heap', { timeout: HEAP_TEST_TIMEOUT }, () => {
  describe('consent and detach()', () => {
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
      let log = await hp.settle('held');
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
      const log = await hp.settle('after-detach');
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

  describe('Heap loading late', () => {
    test('no Heap at all during the first calls: once the snippet is added, all arrive in order', async () => {
      const hp = await suite.open();
      await startStatsig(hp, ADA);
      await hp.page.evaluate(APP_CALLS);
      expect(await hp.page.evaluate(() => typeof (window as any).heap)).toBe('undefined');
      await hp.addHeapSnippet();
      await hp.page.evaluate(() => (window as any).driver.client.logEvent('after_snippet'));
      const log = await hp.waitFor('every event', (l) => l.ours.length >= 6);
      expect(log.ours.map((entry) => entry.name)).toEqual([...IN_ORDER, 'after_snippet']);
      expect(new Set(log.ours.map((entry) => entry.user))).toEqual(new Set([0]));
      expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]);
      await expectClean(hp, suite.server());
      await hp.close();
    });

    test('snippet there, heap.js late: events in order, and identify / addUserProperties carry Heap’s user', async () => {
      const hp = await suite.open();
      const release = await hp.holdHeapLibrary();
      await hp.addHeapSnippet();
      await startStatsig(hp, ADA, { identify: true, userProperties: true, eventProperties: true });
      await hp.page.evaluate(APP_CALLS);
      expect(await hp.page.evaluate(() => (window as any).heap.loaded)).toBeUndefined();
      release();
      await hp.heapReady();
      await hp.page.evaluate(() => (window as any).driver.client.logEvent('after_load'));
      let log = await hp.waitFor(
        'the events, the identify and the user property',
        (l) => l.ours.length >= 6 && l.identifies.length > 0 && l.userProperties.length > 0,
      );
      expect(log.ours.map((entry) => entry.name)).toEqual([...IN_ORDER, 'after_load']);
      // The identify request itself: Ada, for the Heap user the events belong to.
      expect(log.identifies.map(({ identity, userId }) => [identity, Boolean(userId)])).toEqual([
        ['ada', true],
      ]);
      const ada = log.identifies[0]?.user;
      for (const entry of log.ours)
        expect([entry.name, entry.identity, entry.user]).toEqual([entry.name, 'ada', ada]);
      // The user property, for that same user.
      const button = groupOf(ADA, 'checkout_button_color');
      expect(log.userProperties.map(({ properties, user }) => [properties, user])).toEqual([
        [{ 'Statsig: checkout_button_color': button }, ada],
      ]);
      log = hp.log();
      expect(log.ours.at(-1)?.eventProperties).toMatchObject({
        'Statsig: checkout_button_color': button,
      });
      expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]);
      await expectClean(hp, suite.server());
      await hp.close();
    });
  });
});
