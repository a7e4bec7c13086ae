import type { HeapMethod } from './heap-adapter';

const MAX_IDENTITY = 254; // Heap: identities under 255 characters
const PLACEHOLDERS = ['', 'undefined', 'null', 'nan', 'none', 'anonymous'];

/** A userID Heap can safely identify by: identifying a placeholder merges everyone in it. */
export function isRealUserID(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length <= MAX_IDENTITY &&
    !PLACEHOLDERS.includes(id.trim().toLowerCase())
  );
}

/**
 * The `identify` option: `heap.identify(userID)` when the Statsig user has a real userID that
 * changed; `heap.resetIdentity()` when the app switches to a user without one.
 */
export function createIdentity(call: (method: HeapMethod, args: unknown[]) => void) {
  let identified: string | undefined;
  return (user: unknown) => {
    const id = (user as { userID?: unknown } | null | undefined)?.userID;
    if (isRealUserID(id)) {
      if (id !== identified) call('identify', [id]);
      identified = id;
    } else if (identified !== undefined) {
      identified = undefined;
      call('resetIdentity', []);
    }
  };
}
