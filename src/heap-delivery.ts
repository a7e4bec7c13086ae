import { getWindow } from './environment';
import type { ExposureMemory } from './exposure-memory';
import type { HeapCall } from './heap-call';
import type { HeapLike } from './heap-type';
import { createIdentity } from './identity';
import type { HeapState, StatsigHeapOptions } from './options';
import type { Reporter } from './reporter';

/** What Heap's snippet may take before its library loads: the rest needs the library. */
const SNIPPET_TAKES: readonly unknown[] = ['track', 'addEventProperties', 'removeEventProperty'];
/** Why calls wait, by where Heap stands; said once under `debug`. */
const WAITING: Partial<Record<HeapState, string>> = {
  absent: 'Heap is not on the page yet: calls wait',
  snippet: 'Heap’s library has not loaded: calls wait (README: Troubleshooting)',
  stopped: 'Heap stopped tracking (stopTracking): calls wait',
};

/**
 * When Heap may take a call, and the call itself. `window.heap` is resolved at each call:
 * - absent, or stopped (the app's `stopTracking()`): every call waits;
 * - Heap's snippet without its library (an ad blocker, a failed load): plain calls go into
 *   the snippet, at most `bufferSize`, pending until the library loads and replays them;
 *   calls that need the library wait (identify, resetIdentity, addUserProperties, a call that
 *   must go under a user, an exposure to de-duplicate): replayed, they would reach no user;
 * - loaded (or an object the app gave): Heap's identity is brought to the call's user first;
 *   an exposure already seen is counted as de-duplicated; identify and addUserProperties
 *   wait up to 5 s for Heap's user (`getUserId()`), except when the page is going.
 * A Heap call is never re-entered, and a promise it returns never rejects unhandled.
 */
export function createHeapDelivery(
  options: StatsigHeapOptions,
  { settle, log, error, add, drop }: Reporter,
  memory: ExposureMemory | undefined,
) {
  const identity = createIdentity(options);
  /** Calls handed to the snippet: pending until its library loads and replays them. */
  let inSnippet = 0;
  let said: string | undefined;
  let userWait = 0;
  let calling = false;

  /** `quiet`: asked by getStats(), which must not count the same broken Heap again. */
  const resolve = (quiet?: boolean): [HeapLike | undefined, HeapState] => {
    try {
      const option = options.heap;
      const heap: HeapLike | null | undefined =
        typeof option === 'function'
          ? option()
          : (option ?? (getWindow() as { heap?: HeapLike } | undefined)?.heap);
      // Before `heap.load()` the snippet has no stub methods yet: that is still "absent".
      if (typeof heap?.track !== 'function') return [undefined, 'absent'];
      // A snippet is an array (classic and v5 alike); Heap's library says `loaded: false`
      // after its stopTracking() (or a failed start), for good.
      if (Array.isArray(heap)) return [heap, 'snippet'];
      if (heap.loaded === false) return [heap, 'stopped'];
      if (inSnippet) log('Heap’s library has loaded');
      for (; inSnippet; inSnippet--) settle('forwarded'); // the library replayed them
      return [heap, 'loaded'];
    } catch (e) {
      // The app's `heap` function, or a getter on it, threw: treated as absent.
      if (!quiet) error(e);
      return [undefined, 'absent'];
    }
  };
  /** Says once, under `debug`, why calls wait. */
  const say = (state: HeapState) => {
    const why = WAITING[state];
    if (said !== why) log(why as string);
    said = why;
  };
  /** Calls `heap[method]`: true when Heap took it; a throw is reported and the call dropped. */
  const invoke = (heap: HeapLike, { method, args }: HeapCall): boolean => {
    let result: unknown;
    calling = true;
    try {
      result = (heap[method as keyof HeapLike] as (...a: unknown[]) => unknown).apply(heap, args);
      if (options.debug) log(`heap.${method}`, ...args); // no string built per call otherwise
      // A Heap that returns a promise: its rejection is reported, never left unhandled.
      (result as Promise<unknown> | undefined)?.then?.(undefined, error);
      return true;
    } catch (e) {
      if (!result) settle('dropped', 'Heap threw', args); // a missing method, or one that throws
      error(e);
      return !!result;
    } finally {
      calling = false;
    }
  };

  return {
    resolve,
    /** Calls handed to Heap's snippet, pending until its library replays them. */
    inSnippet: () => inSnippet,
    /**
     * Consent denied: the event properties the plugin set come off Heap's cookie at once (or
     * Heap would go on adding them to the app's own events), counted as any Heap call.
     */
    removeEventProperties(keys: string[]): void {
      const [heap, state] = resolve(true);
      if (state !== 'loaded' && state !== 'snippet') return;
      for (const key of keys) {
        add();
        if (invoke(heap as HeapLike, { method: 'removeEventProperty', args: [key] })) {
          if (state === 'snippet') inSnippet++;
          else settle('forwarded');
        }
      }
    },
    /** True while the plugin is inside one of its own Heap calls. */
    calling: () => calling,
    /**
     * Delivers `calls[0]`, or waits: returns 0 when the next call may follow (this one went,
     * was de-duplicated, was dropped, or an identity call was put before it), else how many
     * milliseconds until it is worth asking again. `going`: the page is going, nothing waits
     * for Heap's user.
     */
    deliver(calls: HeapCall[], going?: boolean): number {
      const call = calls[0] as HeapCall;
      const { method, who, exposure } = call;
      const [heap, state] = resolve();
      if (
        state === 'snippet' &&
        who === undefined &&
        !exposure &&
        SNIPPET_TAKES.includes(method) &&
        inSnippet < (options.bufferSize as number)
      ) {
        say(state); // the snippet waits for its library: said once, as the plugin's waits are
        calls.shift();
        if (invoke(heap as HeapLike, call)) inSnippet++;
        return 0;
      }
      if (state !== 'loaded') {
        say(state);
        return 250;
      }
      said = undefined;
      const loaded = heap as HeapLike;
      if (who !== undefined) {
        delete call.who; // one identity step per call, whatever Heap makes of it
        const first = identity.step(loaded, who, (why) => drop(why, [who]), error);
        if (first) {
          add();
          calls.unshift(first);
          return 0;
        }
      }
      if (exposure && memory?.seen(exposure[0], exposure[1], loaded)) {
        calls.shift();
        settle('deduplicated', undefined, call.args);
        return 0;
      }
      if ((method === 'identify' || method === 'addUserProperties') && !going) {
        // heap.js has no user yet (just loaded, or just switched): they would reach none. A
        // Heap that gets none (tracking stopped) is waited for 5 s, not forever.
        let user: unknown = true;
        try {
          user = !loaded.getUserId || loaded.getUserId();
        } catch (e) {
          error(e); // unknown: not waited for
        }
        userWait ||= Date.now();
        if (!user && Date.now() - userWait < 5000) return 20;
      }
      userWait = 0;
      calls.shift();
      if (!method) return 0;
      const took = invoke(loaded, call);
      if (took) settle('forwarded');
      // Tried once for this user, taken or not: a Heap without identify is not asked again.
      if (method === 'identify' || method === 'resetIdentity') {
        identity.took((call.args[0] as string | undefined) ?? null);
      }
      if (took && exposure) memory?.taken(exposure[0], exposure[1], loaded);
      return 0;
    },
  };
}

export type HeapDelivery = ReturnType<typeof createHeapDelivery>;
