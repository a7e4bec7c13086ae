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
  /**
   * Every call Heap received, replayed ones first, in order. Reading it (or `tracks()`,
   * `recorded()`) is a route change first: the plugin hands Heap what it queued, at once,
   * as it does on `popstate` (contract 3.2), so a test reads what Heap will have.
   */
  calls: HeapCall[];
  /** The same list, read as it is now: what Heap got before anything was handed over. */
  callsSoFar: HeapCall[];
  /** Only the `track` calls, as `[name, properties]`. */
  tracks(): [string, Record<string, unknown>][];
  /**
   * What Heap's real library records from those calls (createHeapModel): reading it is one
   * of Heap's processing ticks.
   */
  recorded(): HeapRecord[];
  /** One of Heap's processing ticks (every 2 s in heap.js): queued tracks get their event properties. */
  process(): void;
  /** Heap starts a new session (heap.js: after 30 minutes without activity). */
  newSession(): void;
}

/**
 * Heap's library arriving: replaces `window.heap`, replays the snippet's queue, records.
 * Over a v5 snippet it replays as heap.js 5.1.1 does: queued `track` (and the rest) first,
 * then `identify`, `addUserProperties` and `onReady`; and Heap's user id is only set a task
 * after the library loads, so identify/addUserProperties made before then carry no user.
 */
export function loadHeapLibrary(win: Win = window as Win): HeapLibrary {
  const calls: HeapCall[] = [];
  const previous = win.heap;
  const v5 = Array.isArray(win.heapReadyCb);
  const model = createHeapModel({ v5 });
  // Like Heap's library: the identity is null while anonymous, `heap.identity` (classic) and
  // `heap.getIdentity()` (v5) read it, identify sets it, resetIdentity clears it.
  const library: Record<string, unknown> = {
    loaded: true,
    appid: previous?.envId ?? previous?.appid ?? '',
    identity: null,
  };
  for (const method of new Set([...CLASSIC_METHODS, ...V5_METHODS])) {
    library[method] = (...args: unknown[]) => {
      // Heap stores a copy: later mutation by the caller must not change what was sent.
      calls.push([method, ...structuredClone(args)]);
      model.call(method, args);
      library['identity'] = model.identity();
    };
  }
  library['getIdentity'] = () => model.identity();
  library['getUserId'] = () => model.userId();
  // Like heap.js: one session id until the session ends (30 minutes idle; newSession here).
  let session = 1;
  library['getSessionId'] = () => `heap-session-${session}`;
  win.heap = library;
  const handOver = () => win.dispatchEvent?.(new win.Event('popstate'));
  if (Array.isArray(previous)) {
    for (const queued of previous) {
      const [method, ...args] = queued as HeapCall;
      (library[method] as (...a: unknown[]) => void)(...args);
    }
  }
  const queue: { name: string; fn: () => void }[] = win.heapReadyCb ?? [];
  const later = queue.filter(({ name }) => AFTER_INIT.includes(name));
  for (const { fn } of [...queue.filter((entry) => !later.includes(entry)), ...later]) fn();
  // heap.js gives the page a new, empty queue: stubs kept from before push there, unread.
  if (queue.length) win.heapReadyCb = [];
  return {
    get calls() {
      handOver();
      return calls;
    },
    callsSoFar: calls,
    tracks: () => {
      handOver();
      return calls
        .filter(([method]) => method === 'track')
        .map(([, name, props]) => [name as string, props as Record<string, unknown>]);
    },
    newSession: () => {
      session++;
    },
    recorded: () => {
      handOver();
      model.process();
      return model.records();
    },
    process: () => model.process(),
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

// ---------------------------------------------------------------------------------------------
// What Heap RECORDS: a model of heap.js 5.1.1 (../shared/vendor/heap-js), checked against the
// real library by test/e2e/heap-conformance.test.ts.

/** One thing Heap's ingest endpoint receives, as the browser tests decode it. */
export type HeapRecord =
  | {
      type: 'track';
      name: string;
      properties: Record<string, string>;
      /** addEventProperties in force when Heap processed the event (not when it was tracked). */
      eventProperties: Record<string, string>;
      identity: string | null;
      /** Heap's user: 0 for the first, +1 for each new one; null when sent without one. */
      user: number | null;
    }
  | { type: 'identify'; identity: string; user: number | null }
  | { type: 'user_properties'; properties: Record<string, string>; user: number | null };

/** Identities heap.js ignores without a word (its identify filter, in its order). */
export const IGNORED_IDENTITIES: readonly (string | RegExp)[] = [
  'undefined',
  'anonymous',
  'true',
  'false',
  'not_authenticated',
  'NaN',
  'NA',
  'Na',
  'unique_identifier',
  '0',
  '',
  '""',
  '[object Object]',
  '{{ customer.email }}',
  '{{ email }}',
  /^email$/i,
  /^none$/i,
  /^unknown$/i,
  /^guest$/i,
  /^null$/i,
];
/** Heap's cap on the identity, in UTF-16 units. */
export const MAX_IDENTITY = 255;
/** Property names longer than this, in UTF-8 bytes, are dropped. */
export const MAX_NAME_BYTES = 512;
/** Longer string values (in UTF-8 bytes) are cut to this many UTF-16 units. */
export const MAX_VALUE = 1024;
/** Event names longer than this, in UTF-8 bytes, drop the whole event. */
export const MAX_EVENT_NAME_BYTES = 1024;

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): number => encoder.encode(text).length;
const kind = (value: unknown) => Object.prototype.toString.call(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  kind(value) === '[object Object]';

/** True when heap.js accepts `id` for identify: a string or finite number, not a placeholder. */
export function acceptsIdentity(id: unknown): boolean {
  if (!id || (typeof id !== 'string' && typeof id !== 'number')) return false;
  if (typeof id === 'number' && !Number.isFinite(id)) return false;
  const text = `${id}`;
  return !IGNORED_IDENTITIES.some((rule) =>
    typeof rule === 'string' ? text === rule : rule.test(text),
  );
}

/** heap.js's cut: whole code points, at most `max` UTF-16 units. */
function cutUnits(text: string, max: number): string {
  let out = '';
  let units = 0;
  for (const char of text) {
    units += char.length;
    if (units > max) break;
    out += char;
  }
  return out;
}

/**
 * Properties as heap.js keeps them: names over 512 UTF-8 bytes dropped; null, undefined and
 * '' dropped; anything but strings, numbers and booleans dropped (objects and arrays are not
 * stringified); strings over 1024 UTF-8 bytes cut to 1024 UTF-16 units; the rest as text.
 */
export function heapSanitize(properties: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (utf8Bytes(name) > MAX_NAME_BYTES || value === null || value === undefined || value === '')
      continue;
    const type = kind(value);
    if (type !== '[object String]' && type !== '[object Number]' && type !== '[object Boolean]')
      continue;
    const text = String(value);
    Object.defineProperty(kept, name, {
      value: utf8Bytes(text) > MAX_VALUE ? cutUnits(text, MAX_VALUE) : text,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return kept;
}

/**
 * heap.js keeps a JSON copy of a track's properties, made when `track` is called (a caller's
 * later change to the object is not recorded; dates become ISO text, NaN and Infinity null,
 * so dropped), and sanitizes it when it processes its queue.
 */
function jsonCopy(properties: unknown): unknown {
  if (!properties) return properties;
  try {
    return JSON.parse(JSON.stringify(properties));
  } catch {
    return properties;
  }
}

/** v5: names the library runs after the rest of the snippet's queue, once its user is set. */
const AFTER_INIT = ['onReady', 'identify', 'addUserProperties'];

export interface HeapModel {
  call(method: string, args: unknown[]): void;
  /** One processing tick: queued tracks are recorded with the event properties of now. */
  process(): void;
  records(): HeapRecord[];
  identity(): string | null;
  /** Like heap.getUserId(): null until Heap has set its user. */
  userId(): string | null;
}

/** What heap.js 5.1.1 records for each call: the rules its code applies, in its order. */
export function createHeapModel({ v5 = false } = {}): HeapModel {
  const records: HeapRecord[] = [];
  const queued: { name: unknown; properties: unknown }[] = [];
  let eventProperties: Record<string, string> = {};
  let identity: string | null = null;
  let user = 0;
  // heap.js v5 sets a new user's id a task later (getUserId() is null until then):
  // identify and addUserProperties made in between go out without a user.
  let ready = !v5;
  const settle = () => {
    ready = false;
    setTimeout(() => {
      ready = true;
    }, 0);
  };
  if (v5) settle();
  const process = () => {
    const batch = queued.splice(0);
    // A track without a name makes heap.js throw while processing: the whole tick is lost.
    if (batch.some(({ name }) => name === undefined || name === null)) return;
    for (const { name, properties } of batch) {
      records.push({
        type: 'track',
        name: name as string,
        properties: heapSanitize((properties ?? {}) as Record<string, unknown>),
        eventProperties: { ...eventProperties },
        identity,
        user,
      });
    }
  };
  /** A new Heap user: what was queued goes out first, as the old user. */
  const newUser = (id: string | null) => {
    process();
    identity = id;
    user++;
    if (v5) settle();
  };
  const methods: Record<string, (...args: any[]) => void> = {
    track(name: unknown, properties: unknown, source: unknown) {
      // heap.js rejects the whole call: a name that is not text or too long, properties that
      // are not a plain object, a source that is neither text nor { name }.
      if (name && (typeof name !== 'string' || utf8Bytes(name) > MAX_EVENT_NAME_BYTES)) return;
      if (properties && !isPlainObject(properties)) return;
      if (source && typeof source !== 'string' && typeof (source as any).name !== 'string') return;
      queued.push({ name, properties: jsonCopy(properties) });
    },
    identify(id: unknown) {
      if (!acceptsIdentity(id)) return;
      const next = cutUnits(`${id}`, MAX_IDENTITY);
      if (next === identity) return;
      if (identity !== null) {
        // Another identity: a new Heap user, whose id goes with the identify itself.
        newUser(next);
        records.push({ type: 'identify', identity: next, user });
      } else {
        identity = next;
        records.push({ type: 'identify', identity: next, user: ready ? user : null });
      }
    },
    resetIdentity() {
      if (identity !== null) newUser(null);
    },
    addUserProperties(properties: unknown) {
      if (!isPlainObject(properties) || !Object.keys(properties).length) return;
      const kept = heapSanitize(properties);
      if (Object.keys(kept).length) {
        records.push({ type: 'user_properties', properties: kept, user: ready ? user : null });
      }
    },
    addEventProperties(properties: unknown) {
      if (isPlainObject(properties)) Object.assign(eventProperties, heapSanitize(properties));
    },
    removeEventProperty(name: unknown) {
      if (typeof name === 'string') delete eventProperties[name];
    },
    clearEventProperties() {
      eventProperties = {};
    },
  };
  return {
    call: (method, args) => methods[method]?.(...args),
    process,
    records: () => records.slice(),
    identity: () => identity,
    userId: () => (ready ? `heap-user-${user}` : null),
  };
}
