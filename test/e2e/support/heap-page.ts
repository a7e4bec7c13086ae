import type { Browser, BrowserContext, Page } from 'playwright-core';
import { isolatedContext } from './chromium';
import { dumpHeapLog, type HeapLog, readHeapLog } from './heap-records';
import type { HeapServer } from './heap-server';
import { heapV5Snippet } from './heap-snippet';

/** How long heap.js may take to deliver: it sends about every 2-5 s; CI may be loaded. */
export const DELIVERY_TIMEOUT = 30_000;

/** Lines heap.js logs (at logLevel info) when it drops or ignores what it was given. */
export const BLANK_VALUE = /was omitted because its value is blank/;
const HEAP_REFUSALS =
  /was omitted because|was truncated|called with a bad|called with bad|bad arguments|called on an anonymous user|existing identity/;

let pages = 0;

export interface HeapPage {
  page: Page;
  /** This page's Heap environment: its own, so that pages can share one ingest server. */
  envId: string;
  /** Everything heap.js logged (logLevel info), in order. */
  heapLines: string[];
  /** heap.js's lines saying it dropped or ignored something (but those matching `except`). */
  heapRefusals(except?: RegExp): string[];
  /** Uncaught page errors and the plugin's onError calls. */
  errors(): Promise<string[]>;
  /** Heap's v5 snippet, now; the library loads as soon as the server answers. */
  addHeapSnippet(): Promise<void>;
  /** Holds heap_config.js (so heap.js) until the returned function is called. */
  holdHeapLibrary(): Promise<() => void>;
  /** heap.js never loads on this page (an ad blocker): its snippet stays a snippet. */
  blockHeapLibrary(): Promise<void>;
  /** The user leaves: the page navigates to a page without Heap or Statsig. */
  leave(): Promise<void>;
  /**
   * Heap's ingest refuses what heap.js sends for this page's environment (a flaky network;
   * at page hide, a loaded machine or a closed tab cuts its fetch) until `comeBack`.
   */
  cutIngest(): Promise<void>;
  /**
   * The user's next visit: the site's page again, with Heap's snippet, until heap.js has its
   * user. heap.js keeps what it sent in its network buffer (localStorage) until the ingest
   * answers, and sends it again now: what it took before the user left arrives.
   */
  comeBack(): Promise<void>;
  /**
   * Another tab of the same browser on the test page: the same storage, cookies and Heap
   * environment (so one log holds both tabs).
   */
  openTab(path?: string): Promise<HeapPage>;
  /** Resolves once heap.js has loaded and set its user. */
  heapReady(): Promise<void>;
  /** What Heap's ingest endpoint received for this page, decoded. */
  log(): HeapLog;
  /** Waits until the log satisfies `done`; fails with the log when it does not in time. */
  waitFor(what: string, done: (log: HeapLog) => boolean): Promise<HeapLog>;
  /** heap.track('test:<name>') made by the test itself, once Heap has recorded it. */
  mark(name: string): Promise<HeapLog>;
  /**
   * Two markers, one after the other has arrived: heap.js starts a flush only when the one
   * before has finished, every request of it (tracks, identify, user properties), so once
   * the second marker is in, everything handed to Heap before the first one is in too.
   */
  settle(name: string): Promise<HeapLog>;
  close(): Promise<void>;
}

/**
 * A test page (`path`: `/` with Statsig's js-client CDN build, `/on-device` with the
 * on-device client's) in a context of its own, or as another tab of `tab`'s context.
 */
export async function openHeapPage(
  browser: Browser,
  server: HeapServer,
  path = '/',
  tab?: { context: BrowserContext; envId: string },
): Promise<HeapPage> {
  const envId = tab?.envId ?? `${process.pid}${String(++pages).padStart(4, '0')}`;
  const context: BrowserContext = tab?.context ?? (await isolatedContext(browser));
  const page = await context.newPage();
  const heapLines: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => heapLines.push(message.text()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.base + path);
  const log = () => readHeapLog(server.requests, envId);
  const waitFor = async (what: string, done: (log: HeapLog) => boolean) => {
    const deadline = Date.now() + DELIVERY_TIMEOUT;
    for (;;) {
      const current = log();
      if (done(current)) return current;
      if (Date.now() > deadline) {
        throw new Error(
          `Heap did not record ${what} within ${DELIVERY_TIMEOUT / 1000} s. It has:\n${dumpHeapLog(current)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const mark = async (name: string) => {
    await page.evaluate((marker) => (window as any).driver.mark(marker), name);
    return waitFor(`the marker ${name}`, (current) =>
      current.all.some((entry) => entry.name === `test:${name}`),
    );
  };
  const heapReady = async () => {
    await page.waitForFunction(() => (window as any).driver.heapReady(), undefined, {
      timeout: DELIVERY_TIMEOUT,
      polling: 50,
    });
  };
  return {
    page,
    envId,
    heapLines,
    heapRefusals: (except) =>
      heapLines.filter((line) => HEAP_REFUSALS.test(line) && !except?.test(line)),
    errors: async () => [
      ...pageErrors,
      ...(await page.evaluate(() => ((window as any).driver?.errors ?? []) as string[])),
    ],
    addHeapSnippet: () => page.addScriptTag({ content: heapV5Snippet(envId, server.base) }).then(),
    async holdHeapLibrary() {
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route('**/heap_config.js', async (route) => {
        await released;
        await route.continue();
      });
      return release;
    },
    async blockHeapLibrary() {
      await page.route('**/heap_config.js', (route) => route.abort('blockedbyclient'));
    },
    leave: () => page.goto(`${server.base}/blank`).then(),
    async cutIngest() {
      server.refused.add(envId);
    },
    async comeBack() {
      server.refused.delete(envId);
      await page.goto(server.base + path);
      await page.addScriptTag({ content: heapV5Snippet(envId, server.base) });
      await heapReady();
    },
    openTab: (tabPath = '/') => openHeapPage(browser, server, tabPath, { context, envId }),
    heapReady,
    log,
    waitFor,
    mark,
    async settle(name) {
      await mark(name);
      return mark(`${name}, settled`);
    },
    async close() {
      // HEAP_DUMP=1: print what Heap recorded for each page, for reading.
      if (process.env.HEAP_DUMP) console.log(`Heap env ${envId}:\n${dumpHeapLog(log())}`);
      await (tab ? page.close() : context.close());
    },
  };
}
