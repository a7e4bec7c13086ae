/**
 * Wraps `target[key]` so that `after` runs once the original returned, with what `before`
 * saw just ahead of the call. The app's arguments, `this`, result and exceptions pass through
 * untouched; what `before` or `after` throw goes to `fail`, never to the app. This runs on
 * every check the app makes, so it allocates nothing but the call's own arguments. Returns
 * the undo: it restores the object as it was, or, when someone else wrapped the method
 * since, turns this wrapper into a plain pass-through.
 */
export function patchMethod<S>(
  target: object,
  key: string,
  before: ((args: unknown[]) => S) | undefined,
  after: (args: unknown[], seen: S | undefined, result: unknown) => void,
  fail: (error: unknown) => void,
): () => void {
  const host = target as Record<string, unknown>;
  const original = host[key];
  if (typeof original !== 'function') return () => {};
  const own = Object.prototype.hasOwnProperty.call(host, key);
  let active = true;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    let seen: S | undefined;
    try {
      if (active) seen = before?.(args);
    } catch (e) {
      fail(e);
    }
    const result = original.apply(this, args);
    try {
      if (active) after(args, seen, result);
    } catch (e) {
      fail(e);
    }
    return result;
  };
  host[key] = wrapper;
  return () => {
    active = false;
    // Leave the object as it was: an inherited method is uncovered again, not copied.
    if (host[key] === wrapper) {
      if (own) host[key] = original;
      else delete host[key];
    }
  };
}
