import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSampleProject } from '../../support/sample-project';
import { launchChromium } from './chromium';
import { type HeapPage, openHeapPage } from './heap-page';
import { type HeapServer, startHeapServer } from './heap-server';
import { PRIVATE_VALUE, type User, valuesFor } from './heap-users';
import { heapJsDir } from './heap-vendor';

/** A test waits for Heap a few times, 30 s at most each (heap-page.ts DELIVERY_TIMEOUT). */
export const HEAP_TEST_TIMEOUT = 120_000;

/**
 * One Chromium and one local Heap server per test file, and statsig-node on the sample
 * project. Tests open their own page (own context, own Heap environment), so they may run
 * concurrently.
 */
export function heapSuite() {
  heapJsDir(); // no Heap library: the file fails at once (never a skipped test)
  let server: HeapServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startHeapServer(),
      launchChromium(),
      startSampleProject(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    open: (path?: string): Promise<HeapPage> => openHeapPage(browser, server, path),
    server: (): HeapServer => server,
  };
}

/** The app starts Statsig for `user` (values bootstrapped) with the plugin and these options. */
export const startStatsig = (hp: HeapPage, user: User, options: Record<string, unknown> = {}) =>
  hp.page.evaluate(([u, values, o]) => (window as any).driver.start(u, values, o), [
    user,
    valuesFor(user),
    options,
  ] as const);

/** The app switches the Statsig user. */
export const switchUser = (hp: HeapPage, user: User) =>
  hp.page.evaluate(([u, values]) => (window as any).driver.switchUser(u, values), [
    user,
    valuesFor(user),
  ] as const);

/**
 * What every test ends with: no page error, no plugin error, every request decoded, and no
 * request body for this page, raw or decoded, that holds the private attribute.
 */
export async function expectClean(hp: HeapPage, server: HeapServer): Promise<void> {
  expect(await hp.errors()).toEqual([]);
  expect(server.undecodable).toEqual([]);
  const mine = server.requests.filter((request) => request.envId === hp.envId);
  expect(mine.length).toBeGreaterThan(0);
  for (const request of mine) {
    expect(request.body.includes(PRIVATE_VALUE)).toBe(false);
    expect(JSON.stringify(request.decoded)).not.toContain(PRIVATE_VALUE);
  }
}
