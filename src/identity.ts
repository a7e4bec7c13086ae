import type { HeapMethod } from './heap-adapter';

/**
 * A userID Heap can safely identify by (under 255 characters): identifying a placeholder
 * would merge every anonymous user into one.
 */
export const isRealUserID = (id: unknown): id is string =>
  typeof id === 'string' &&
  id.length < 255 &&
  !['', 'undefined', 'null'].includes(id.trim().toLowerCase());

/**
 * The `identify` option: `heap.identify(userID)` when the Statsig user has a real userID that
 * changed; `heap.resetIdentity()` when the app switches to a user without one.
 */
export function createIdentity(call: (method: HeapMethod, args: unknown[]) => void) {
  let identified: string | undefined;
  return (user: unknown) => {
    const id = (user as { userID?: unknown } | null | undefined)?.userID;
    const real = isRealUserID(id);
    if (real ? id !== identified : identified !== undefined) {
      call(real ? 'identify' : 'resetIdentity', real ? [id] : []);
    }
    identified = real ? id : undefined;
  };
}
