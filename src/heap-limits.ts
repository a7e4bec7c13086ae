import type { HeapProperties } from './options';

// Heap's limits, as its v5 library applies them (contract 3.3), never less strictly.
export const MAX_EVENT_NAME = 255;
const MAX_NAME_BYTES = 511; // property names must be under 512 UTF-8 bytes
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
/** Never forwarded, at any depth: the user's private attributes, and the SDK's copy of the
 * bootstrap user. */
const skipped = (name: string) => name === 'privateAttributes' || name === 'bootstrapMetadata';

/**
 * True when Heap takes `name` as a property name: under 512 UTF-8 bytes. A UTF-16 unit is at
 * most 3 bytes, so only names over 170 units need counting (a lone surrogate counts 3, as
 * Heap's encoder writes it).
 */
export function fitsName(name: string): boolean {
  if (name.length <= 170) return name !== '';
  let bytes = 0;
  for (const char of name) {
    const code = char.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes <= MAX_NAME_BYTES;
}

/**
 * Dot-path keys already made ("metadata" + "gate" → "metadata.gate"): every exposure has the
 * same few dozen, and a made key is cheaper to reuse than to build and hash again. Bounded:
 * 2,000 keys, each one Heap accepts.
 */
const joinedKeys = new Map<string, Map<string, string>>();
let joinedCount = 0;
const joinKey = (path: string, name: string): string => {
  if (!path) return name;
  let names = joinedKeys.get(path);
  let key = names?.get(name);
  if (key === undefined) {
    key = `${path}.${name}`;
    if (joinedCount < 2000 && fitsName(key)) {
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
 * Sets one property as Heap keeps it, and says whether it did: a name Heap takes, and a
 * value it would not drop (a finite number, a boolean, a non-empty string, cut under 1024).
 * `__proto__` is defined rather than assigned (assigning would invoke a setter).
 */
export function setProperty(target: HeapProperties, key: string, value: unknown): boolean {
  if (
    !(
      (typeof value === 'string' && value) ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) ||
    !fitsName(key)
  ) {
    return false;
  }
  const kept = typeof value === 'string' ? cut(value, MAX_PROPERTY_VALUE) : value;
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value: kept,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = kept;
  return true;
}

/**
 * `source` flattened into a fresh property bag as Heap accepts it: objects by dot path,
 * arrays as JSON text, strings cut, and what Heap would drop (null, '', NaN, functions...)
 * left out. Private attributes and `bootstrapMetadata` are skipped at any depth, inside
 * arrays too. At most 1,000 properties, with `flattened` (made by an earlier call) last, and
 * at most 5,000 values looked at: `limited` hears when input was cut.
 */
export function toHeapProperties(
  source: unknown,
  limited?: (why: string) => void,
  flattened?: HeapProperties,
): HeapProperties {
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
  /**
   * JSON text of an array, written by JSON.stringify but pruned as it goes: nothing skipped,
   * and nothing once the budget is spent or the text is longer than Heap keeps; arrays and
   * objects inside are read no further than that either. Cycles and BigInt make it throw: the
   * array is left out.
   */
  const json = (value: unknown): string | undefined => {
    let length = 0;
    try {
      return JSON.stringify(value, (key, item) => {
        if (skipped(key) || length > MAX_PROPERTY_VALUE || !budget()) return undefined;
        length += key.length + (typeof item === 'string' ? item.length : 8);
        return typeof item === 'string'
          ? cut(item, MAX_PROPERTY_VALUE)
          : typeof item === 'object' && item !== null
            ? bounded(item)
            : item;
      });
    } catch {
      return undefined;
    }
  };
  /** At most as many entries as one JSON text can hold, read no further. */
  const bounded = (item: object) => {
    if (Array.isArray(item)) return item.length > MAX_PROPERTY_VALUE ? item.slice(0, 512) : item;
    const copy: Record<string, unknown> = {};
    let n = 0;
    for (const name in item) {
      if (n++ > 512) break;
      if (Object.prototype.hasOwnProperty.call(item, name)) {
        copy[name] = (item as Record<string, unknown>)[name];
      }
    }
    return copy;
  };
  const add = (key: string, value: unknown): void => {
    if (!budget()) return;
    if (Array.isArray(value)) value = json(value);
    if (
      typeof value === 'object' &&
      value !== null &&
      !ancestors.includes(value) &&
      ancestors.length < MAX_DEPTH
    ) {
      ancestors.push(value);
      for (const name of Object.keys(value)) {
        if (cutShort) break; // nothing more is read once the budget is spent
        if (!skipped(name)) add(joinKey(key, name), (value as Record<string, unknown>)[name]);
      }
      ancestors.pop();
    } else if (setProperty(properties, key, value)) count++;
  };
  add('', source);
  // Properties made earlier (the current user's), within the same 1,000.
  for (const key in flattened) {
    if (count >= MAX_PROPERTIES) cutShort = true;
    else if (setProperty(properties, key, flattened[key])) count++;
  }
  if (cutShort) limited?.('too many properties: cut at Heap’s limit');
  return properties;
}

/** Properties in events of at most 1,000 each (Heap's per-call bound), in order. */
export function splitProperties(properties: HeapProperties): HeapProperties[] {
  const parts: HeapProperties[] = [];
  let part: HeapProperties = {};
  let size = MAX_PROPERTIES;
  for (const key in properties) {
    if (size === MAX_PROPERTIES) {
      part = {};
      parts.push(part);
      size = 0;
    }
    setProperty(part, key, properties[key]);
    size++;
  }
  return parts;
}
