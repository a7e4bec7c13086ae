import type { HeapCall } from './heap-call';
import type { HeapLike } from './heap-type';
import type { StatsigHeapOptions } from './options';

/**
 * Identities Heap's library ignores without a word (heap.js 5.1.1): calling `identify` with
 * one would count as forwarded and do nothing. Heap's list, compared after trimming and in
 * any case (a little stricter than Heap, which compares some of them exactly).
 */
const IGNORED =
  /^(|undefined|null|anonymous|guest|unknown|none|email|true|false|not_authenticated|nan?|unique_identifier|0|""|\[object object\]|\{\{ (customer\.)?email \}\})$/i;

/** A userID Heap would identify by: a string under 255 characters, and no placeholder. */
export const isHeapIdentity = (id: unknown): id is string =>
  typeof id === 'string' && id.length < 255 && !IGNORED.test(id.trim());

/**
 * The identity Heap must have for a Statsig user's events: its userID (a number as Heap keeps
 * it, as text), or anonymous.
 */
export const identityOf = (user: unknown): string | null => {
  let id = (user as { userID?: unknown } | null | undefined)?.userID;
  if (typeof id === 'number' && Number.isFinite(id)) id = String(id);
  return isHeapIdentity(id) ? id : null;
};

/**
 * The `identify` option, applied just before a call that must go under a user (`who`): Heap's
 * own identity (`getIdentity()`, or the classic library's `identity`) is compared with it, so
 * an identity the app changed itself (its own `resetIdentity()` at logout) is noticed. A
 * Heap without either is compared with what the plugin gave it last. `'anonymous'` touches
 * only an anonymous Heap or an identity the plugin set.
 */
export function createIdentity({ identify }: StatsigHeapOptions) {
  /** The identity this plugin gave Heap last. */
  let ours: string | null = null;
  /** The user whose identity was last kept from the app's ('anonymous'): said once each. */
  let kept: string | null | undefined;
  return {
    /**
     * The call that brings Heap to `who` first, if any; `keep` hears an app identity kept.
     * Heap's identity unreadable (a throwing getter, told to `fail`): what the plugin gave it.
     */
    step(
      heap: HeapLike,
      who: string | null,
      keep: (why: string) => void,
      fail: (error: unknown) => void,
    ): HeapCall | undefined {
      let current: string | null | undefined = ours;
      try {
        current = heap.getIdentity ? heap.getIdentity() : 'identity' in heap ? heap.identity : ours;
      } catch (e) {
        fail(e);
      }
      current ??= null;
      if (current === who) return undefined;
      if (identify === 'anonymous' && current !== null && current !== ours) {
        if (kept !== who) keep('Heap has an identity the app set: kept');
        kept = who;
        return undefined;
      }
      return who === null
        ? { method: 'resetIdentity', args: [] }
        : { method: 'identify', args: [who] };
    },
    /** Heap took an identity call. */
    took(who: string | null): void {
      ours = who;
    },
  };
}
