import { describe, expect, test } from 'vitest';
import type { HeapLog } from './support/heap-records';
import {
  expectClean,
  HEAP_TEST_TIMEOUT,
  heapSuite,
  startStatsig,
  switchUser,
} from './support/heap-suite';
import { ADA, GUEST } from './support/heap-users';

// identify: true, as Heap's real library records it: the identify request, and the Heap user
// and identity every later event is sent with.
const suite = heapSuite();

const event = (log: HeapLog, name: string) => log.ours.find((entry) => entry.name === name);
const logEvent = (page: import('playwright-core').Page, name: string) =>
  page.evaluate((n) => (window as any).driver.client.logEvent(n), name);
const BAD_IDENTITY = /identify was called with a bad identity/;

describe.concurrent('identify', { timeout: HEAP_TEST_TIMEOUT }, () => {
  test('identifies Ada; a user without userID resets Heap to a new anonymous user', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    await startStatsig(hp, ADA, { identify: true });
    await logEvent(hp.page, 'ada_event');
    let log = await hp.waitFor(
      'ada_event and the identify',
      (l) => Boolean(event(l, 'ada_event')) && l.identifies.length > 0,
    );
    expect(log.identifies.map(({ identity }) => identity)).toEqual(['ada']);
    const ada = log.identifies[0]?.user;
    expect(ada).not.toBeNull(); // sent with Heap's user id
    for (const entry of log.ours) expect([entry.identity, entry.user]).toEqual(['ada', ada]);

    await switchUser(hp, GUEST);
    await logEvent(hp.page, 'guest_event');
    log = await hp.waitFor('guest_event', (l) => Boolean(event(l, 'guest_event')));
    const guest = event(log, 'guest_event');
    expect(guest?.identity).toBeNull();
    expect(guest?.user).not.toBe(ada);
    // The guest's initialize events belong to the new user too.
    const after = log.ours.slice(log.ours.findIndex((entry) => entry.name === 'ada_event') + 1);
    expect(after.map((entry) => [entry.name, entry.identity, entry.user])).toEqual([
      ['Statsig Feature Gates', null, guest?.user],
      ['Statsig Experiments', null, guest?.user],
      ['guest_event', null, guest?.user],
    ]);
    expect(log.identifies).toHaveLength(1);
    expect(hp.heapRefusals(/value is blank/)).toEqual([]);
    await expectClean(hp, suite.server());
    await hp.close();
  });

  test('never identifies by an identity heap.js ignores; such a user is anonymous in Heap', async () => {
    const hp = await suite.open();
    await hp.addHeapSnippet();
    await hp.heapReady();
    // Placeholders heap.js ignores (its list, and case-insensitive email/none/unknown/guest/null).
    const placeholders = [
      'anonymous',
      'guest',
      'GUEST',
      '0',
      'NaN',
      'true',
      'false',
      '[object Object]',
      'not_authenticated',
      'None',
      '{{ email }}',
    ];
    const user = (userID: string) => ({ userID, custom: { plan: 'free' } });
    await startStatsig(hp, user('undefined'), { identify: true });
    for (const userID of placeholders) await switchUser(hp, user(userID));
    await switchUser(hp, ADA);
    await logEvent(hp.page, 'ada_event');
    await hp.waitFor(
      'ada_event and the identify',
      (l) => Boolean(event(l, 'ada_event')) && l.identifies.length > 0,
    );
    await switchUser(hp, user('Unknown')); // from Ada to a placeholder: Heap must forget Ada
    await logEvent(hp.page, 'unknown_event');
    const log = await hp.waitFor('unknown_event', (l) => Boolean(event(l, 'unknown_event')));
    expect(log.identifies.map(({ identity }) => identity)).toEqual(['ada']);
    expect(hp.heapRefusals().filter((line) => BAD_IDENTITY.test(line))).toEqual([]);
    const ada = event(log, 'ada_event');
    const unknown = event(log, 'unknown_event');
    expect(ada?.identity).toBe('ada');
    expect(unknown?.identity).toBeNull();
    expect(unknown?.user).not.toBe(ada?.user);
    await expectClean(hp, suite.server());
    await hp.close();
  });
});
