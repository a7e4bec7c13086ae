import { describe, expect, test } from 'vitest';
import { BLANK_VALUE } from './support/heap-page';
import type { HeapLog } from './support/heap-records';
import {
  expectClean,
  HEAP_TEST_TIMEOUT,
  heapSuite,
  startStatsig,
  switchUser,
} from './support/heap-suite';
import { ADA, DAN, groupOf } from './support/heap-users';

// eventProperties / userProperties, as Heap's real library records them. heap.js attaches
// event properties when it processes its queue (every 2 s), not when `track` is called: each
// step waits for Heap to have recorded the step before, as a user clicking through would.
const suite = heapSuite();

const PRICING = 'Statsig: pricing_layout';
const BUTTON = 'Statsig: checkout_button_color';
/** Ada again, upgraded: same userID, now on pro, so no longer in pricing_layout. */
const ADA_PRO = { ...ADA, custom: { ...ADA.custom, plan: 'pro' } };

const event = (log: HeapLog, name: string) => log.ours.find((entry) => entry.name === name);
const logEvent = (page: import('playwright-core').Page, name: string) =>
  page.evaluate((n) => (window as any).driver.client.logEvent(n), name);

describe.concurrent('experiment groups on Heap events and users', {
  timeout: HEAP_TEST_TIMEOUT,
}, () => {
  test('eventProperties: later events carry the group; it goes when the user leaves the experiment', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { eventProperties: true });
    const pricing = groupOf(ADA, 'pricing_layout') as string;
    const button = groupOf(ADA, 'checkout_button_color') as string;
    expect(groupOf(ADA_PRO, 'pricing_layout')).toBeUndefined(); // the sample project says so
    expect(groupOf(ADA_PRO, 'checkout_button_color')).toBe(button);

    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.getExperiment('pricing_layout');
      client.getExperiment('checkout_button_color');
      client.logEvent('after_exposure');
    });
    let log = await hp.waitFor('after_exposure', (l) => Boolean(event(l, 'after_exposure')));
    expect(event(log, 'after_exposure')?.eventProperties).toEqual({
      [PRICING]: pricing,
      [BUTTON]: button,
    });

    await switchUser(hp, ADA_PRO); // same user, out of pricing_layout: that key is removed
    await logEvent(hp.page, 'after_upgrade');
    log = await hp.waitFor('after_upgrade', (l) => Boolean(event(l, 'after_upgrade')));
    expect(event(log, 'after_upgrade')?.eventProperties).toEqual({ [BUTTON]: button });

    await switchUser(hp, DAN); // another user: every key the plugin set is removed
    await logEvent(hp.page, 'dan_event');
    log = await hp.waitFor('dan_event', (l) => Boolean(event(l, 'dan_event')));
    expect(event(log, 'dan_event')?.eventProperties).toEqual({});
    expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]); // blanks: heap-events.test.ts
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('userProperties: the group is a user property of the Heap user the events belong to', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { userProperties: true });
    await hp.page.evaluate(() => {
      const { client } = (window as any).driver;
      client.getExperiment('checkout_button_color');
      client.logEvent('after_exposure');
    });
    const log = await hp.waitFor(
      'the user property and the event',
      (l) => l.userProperties.length > 0 && Boolean(event(l, 'after_exposure')),
    );
    expect(log.userProperties.map(({ properties }) => properties)).toEqual([
      { [BUTTON]: groupOf(ADA, 'checkout_button_color') },
    ]);
    const [properties] = log.userProperties;
    expect(properties?.userId).toBeTruthy();
    expect(properties?.userId).toBe(event(log, 'after_exposure')?.userId);
    expect(hp.heapRefusals(BLANK_VALUE)).toEqual([]); // blanks: heap-events.test.ts
    await expectClean(hp, suite.server());
    await hp.close();
  });
});
