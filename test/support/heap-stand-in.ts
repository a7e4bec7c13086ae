/**
 * A stand-in for Heap in the browser, faithful to Heap's real snippets: the classic snippet
 * makes `window.heap` an array whose stub methods push `[method, ...args]` onto it; the v5
 * snippet's stubs push `{ name, fn }` onto `window.heapReadyCb`. Neither loads anything here;
 * `loadHeapLibrary` plays the part of Heap's library arriving: it replays what the stubs
 * queued, in order, and records every call it receives from then on.
 */

type Win = Window & typeof globalThis & { heap?: any; heapReadyCb?: any[] };

export type HeapCall = [method: string, ...args: unknown[]];

export const CLASSIC_METHODS = [
  'addEventProperties',
  'addUserProperties',
  'clearEventProperties',
  'identify',
  'resetIdentity',
  'removeEventProperty',
  'setEventProperties',
  'track',
  'unsetEventProperty',
];

export const V5_METHODS = [
  'init',
  'startTracking',
  'stopTracking',
  'track',
  'resetIdentity',
  'identify',
  'identifyHashed',
  'getSessionId',
  'getUserId',
  'getIdentity',
  'addUserProperties',
  'addEventProperties',
  'removeEventProperty',
  'clearEventProperties',
  'addAccountProperties',
  'addAdapter',
  'addTransformer',
  'addTransformerFn',
  'onReady',
  'addPageviewProperties',
  'removePageviewProperty',
  'clearPageviewProperties',
  'trackPageview',
];

/** Heap's classic snippet, minus the script tag that would fetch the library from the CDN. */
export function installClassicSnippet(win: Win = window as Win, appId = '1234567890'): void {
  win.heap = win.heap || [];
  const heap = win.heap;
  heap.load = (e: string, t?: object) => {
    win.heap.appid = e;
    win.heap.config = t || {};
    const stub =
      (method: string) =>
      (...args: unknown[]) => {
        win.heap.push([method, ...args]);
      };
    for (const method of CLASSIC_METHODS) heap[method] = stub(method);
  };
  heap.load(appId);
}

/** Heap's v5 snippet, minus the script tag. */
export function installV5Snippet(win: Win = window as Win, envId = '1234567890'): void {
  win.heapReadyCb = win.heapReadyCb || [];
  win.heap = win.heap || [];
  const heap = win.heap;
  heap.load = (e: string, t?: Record<string, unknown>) => {
    win.heap.envId = e;
    win.heap.clientConfig = t = t || {};
    t.shouldFetchServerConfig = false;
    const stub =
      (method: string) =>
      (...args: unknown[]) => {
        (win.heapReadyCb as unknown[]).push({
          name: method,
          fn: () => {
            win.heap[method]?.apply(win.heap, args);
          },
        });
      };
    for (const method of V5_METHODS) heap[method] = stub(method);
  };
  heap.load(envId);
}

export interface HeapLibrary {
  /** Every call Heap received, replayed ones first, in order. */
  calls: HeapCall[];
  /** Only the `track` calls, as `[name, properties]`. */
  tracks(): [string, Record<string, unknown>][];
}

/** Heap's library arriving: replaces `window.heap`, replays the snippet's queue, records. */
export function loadHeapLibrary(win: Win = window as Win): HeapLibrary {
  const calls: HeapCall[] = [];
  const previous = win.heap;
  // Like Heap's library: the identity is null while anonymous, `heap.identity` (classic) and
  // `heap.getIdentity()` (v5) read it, identify sets it, resetIdentity clears it.
  const library: Record<string, unknown> = { loaded: true, identity: null };
  for (const method of new Set([...CLASSIC_METHODS, ...V5_METHODS])) {
    library[method] = (...args: unknown[]) => {
      // Heap stores a copy: later mutation by the caller must not change what was sent.
      calls.push([method, ...structuredClone(args)]);
      if (method === 'identify') library['identity'] = args[0];
      if (method === 'resetIdentity') library['identity'] = null;
    };
  }
  library['getIdentity'] = () => library['identity'];
  win.heap = library;
  if (Array.isArray(previous)) {
    for (const queued of previous) {
      const [method, ...args] = queued as HeapCall;
      (library[method] as (...a: unknown[]) => void)(...args);
    }
  }
  for (const { fn } of win.heapReadyCb ?? []) fn();
  if (win.heapReadyCb) win.heapReadyCb.length = 0;
  return {
    calls,
    tracks: () =>
      calls
        .filter(([method]) => method === 'track')
        .map(([, name, props]) => [name as string, props as Record<string, unknown>]),
  };
}

export function removeHeap(win: Win = window as Win): void {
  delete win.heap;
  delete win.heapReadyCb;
}

/** A fresh page for a test: no plugin storage, Heap's classic snippet, its library loaded. */
export function freshPage(win: Win = window as Win): HeapLibrary {
  win.localStorage.clear();
  win.sessionStorage.clear();
  removeHeap(win);
  installClassicSnippet(win);
  return loadHeapLibrary(win);
}
