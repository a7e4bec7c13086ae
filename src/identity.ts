import type { HeapMethod } from './heap-adapter';

/**
 * Identities Heap's library ignores without a word (heap.js 5.1.1): calling `identify` with
 * one would count as forwarded and do nothing. Heap's list, compared after trimming and in
 * any case (a little stricter than Heap, which compares some of them exactly).
 */
const IGNORED =
  /^(|undefined|null|anonymous|guest|unknown|none|email|true|false|not_authenticated|nan?|unique_identifier|0|""|\[object object\]|\{\{ (customer\.)?email \}\})$/i;

/** A userID Heap would identify by: a string under 255 characters, and no placeholder. */
export const isHeapIdentity = (id: string): boolean => id.length < 255 && !IGNORED.test(id.trim());

/**
 * The `identify` option: `heap.identify(userID)` when the Statsig user's userID changed;
 * `heap.resetIdentity()` when the app switches to a user without one. A userID Heap would
 * ignore is dropped, counted and said under `debug`: identifying a placeholder would merge
 * every anonymous user into one, or do nothing at all.
 */
export function createIdentity(
  call: (method: HeapMethod, args: unknown[], dropReason?: string) => void,
) {
  let identified: string | undefined;
  return (user: unknown) => {
    const id = (user as { userID?: unknown } | null | undefined)?.userID;
    const real = typeof id === 'string' && isHeapIdentity(id);
    if (id && typeof id === 'string' && !real) call('identify', [id], 'Heap ignores this identity');
    if (real ? id !== identified : identified !== undefined) {
      call(real ? 'identify' : 'resetIdentity', real ? [id] : []);
    }
    identified = real ? id : undefined;
  };
}
