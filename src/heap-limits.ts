import type { HeapProperties } from './options';

// Heap's documented limits for the browser API.
export const MAX_EVENT_NAME = 255;
const MAX_PROPERTY_NAME = 511; // names must be under 512
const MAX_PROPERTY_VALUE = 1023; // string values must be under 1024
export const MAX_USER_PROPERTY_VALUE = 255;
/** Properties per Heap call. */
export const MAX_PROPERTIES = 1000;
const MAX_DEPTH = 8; // deeper nesting is dropped: it is never a useful Heap property
/**
 * Values looked at per call, whatever the input's shape: shared references would otherwise
 * multiply (12 keys wide, 5 levels deep is 250,000 paths to one small object graph).
 */
const MAX_VISITS = 5000;
const PRIVATE = 'privateAttributes';

/**
 * Dot-path keys already made ("metadata" + "gate" → "metadata.gate"): every exposure has the
 * same few dozen, and a made key is cheaper to reuse than to build and hash again. Bounded:
 * 2,000 keys, none longer than Heap accepts.
 */
const joinedKeys = new Map<string, Map<string, string>>();
let joinedCount = 0;
const joinKey = (path: string, name: string): string => {
  if (!path) return name;
  let names = joinedKeys.get(path);
  let key = names?.get(name);
  if (key === undefined) {
    key = `${path}.${name}`;
    if (joinedCount < 2000 && key.length <= MAX_PROPERTY_NAME) {
      joinedCount++;
      if (!names) {
        names = new Map();
        joinedKeys.set(path, names);
      }
      names.set(name, key);
    }
  }
  return key;
};

/** Cuts to `max` UTF-16 units without leaving half a surrogate pair behind. */
export function cut(value: string, max: number): string {
  const code = value.charCodeAt(max - 1);
  return value.length > max
    ? value.slice(0, code > 0xd7ff && code < 0xdc00 ? max - 1 : max)
    : value;
}

/**
 * Sets one property as Heap accepts it: names of 512 characters or more are dropped, strings
 * cut, and `__proto__` defined rather than assigned (assigning would invoke a setter).
 */
export function setProperty(target: HeapProperties, key: string, value: unknown): void {
  if (key.length > MAX_PROPERTY_NAME) return;
  const kept = typeof value === 'string' ? cut(value, MAX_PROPERTY_VALUE) : value;
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value: kept,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = kept as string;
}

/**
 * `source` flattened into a fresh property bag as Heap accepts it: objects by dot path,
 * arrays as JSON text, strings cut, and what Heap cannot store (null, NaN, functions...) left
 * out. Statsig's private attributes are skipped at any depth, inside arrays too. At most
 * 1,000 properties, and at most 5,000 values looked at: `limited` hears when input was cut.
 */
export function toHeapProperties(source: unknown, limited?: (why: string) => void): HeapProperties {
  const properties: HeapProperties = {};
  const ancestors: unknown[] = [];
  let count = 0;
  let visits = 0;
  let cutShort = false;
  /** False once the budget is spent: 1,000 properties made, or 5,000 values looked at. */
  const budget = () => {
    cutShort ||= visits++ >= MAX_VISITS || count >= MAX_PROPERTIES;
    return !cutShort;
  };
  const nests = (value: unknown): value is object =>
    typeof value === 'object' &&
    value !== null &&
    !ancestors.includes(value) &&
    ancestors.length < MAX_DEPTH;
  /**
   * JSON text of an array, written by JSON.stringify but pruned as it goes: no private
   * attributes, and nothing once the budget is spent or the text is longer than Heap keeps.
   * Cycles and BigInt make it throw: the array is left out.
   */
  const json = (value: unknown): string | undefined => {
    let length = 0;
    try {
      return JSON.stringify(value, (key, item) => {
        if (key === PRIVATE || length > MAX_PROPERTY_VALUE || !budget()) return undefined;
        length += key.length + (typeof item === 'string' ? item.length : 8);
        return typeof item === 'string' ? cut(item, MAX_PROPERTY_VALUE) : item;
      });
    } catch {
      return undefined;
    }
  };
  const add = (key: string, value: unknown): void => {
    if (!budget()) return;
    if (Array.isArray(value)) value = json(value);
    if (nests(value)) {
      ancestors.push(value);
      for (const name of Object.keys(value)) {
        if (name !== PRIVATE) add(joinKey(key, name), (value as Record<string, unknown>)[name]);
      }
      ancestors.pop();
    } else if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      setProperty(properties, key, value);
      if (key.length <= MAX_PROPERTY_NAME) count++;
    }
  };
  add('', source);
  if (cutShort) limited?.('too many properties: cut at Heap’s limit');
  return properties;
}
