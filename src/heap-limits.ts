import type { HeapProperties } from './options';

// Heap's limits, as its v5 library applies them (contract 3.3), never less strictly.
/** String values must be under 1024 UTF-16 units. */
const MAX_VALUE = 1023;
/** Properties per Heap call. */
export const MAX_PROPERTIES = 1000;
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
 * most 3 bytes, so only names over 170 units need encoding (a lone surrogate is 3 bytes, as
 * Heap's encoder writes it).
 */
export const fitsName = (name: string): boolean =>
  name.length > 170 ? new TextEncoder().encode(name).length < 512 : name !== '';

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
  const kept = typeof value === 'string' ? cut(value, MAX_VALUE) : value;
  if (
    !(kept || kept === false || kept === 0) ||
    !(typeof kept === 'string' || typeof kept === 'boolean' || Number.isFinite(kept)) ||
    !fitsName(key)
  ) {
    return false;
  }
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value: kept,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = kept as HeapProperties[string];
  return true;
}

/**
 * `source` flattened into a fresh property bag as Heap accepts it: objects by dot path,
 * arrays as JSON text, strings cut, and what Heap would drop (null, '', NaN, functions...)
 * left out. Private attributes and `bootstrapMetadata` are skipped at any depth, inside
 * arrays too. At most 1,000 properties, and at most 5,000 values looked at: `limited` hears
 * when input was cut.
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
  /**
   * JSON text of an array, written by JSON.stringify but pruned as it goes: nothing skipped,
   * and nothing once the budget is spent or the text is longer than Heap keeps; an array or
   * object inside is read no further than its first 512 entries. Cycles and BigInt make it
   * throw: the array is left out.
   */
  const json = (value: unknown): string | undefined => {
    let length = 0;
    try {
      return JSON.stringify(value, (key, item) => {
        if (skipped(key) || length > MAX_VALUE || !budget()) return undefined;
        length += key.length + (typeof item === 'string' ? item.length : 8);
        if (typeof item === 'string') return cut(item, MAX_VALUE);
        if (Array.isArray(item)) return item.slice(0, 512);
        if (typeof item !== 'object' || item === null) return item;
        const copy: Record<string, unknown> = {};
        let n = 0;
        for (const name in item) {
          if (n++ > 512) break;
          if (Object.prototype.hasOwnProperty.call(item, name)) copy[name] = item[name];
        }
        return copy;
      });
    } catch {}
  };
  const add = (key: string, value: unknown): void => {
    if (!budget()) return;
    if (Array.isArray(value)) value = json(value);
    if (typeof value === 'object' && value && !ancestors.includes(value) && ancestors.length < 8) {
      ancestors.push(value);
      for (const name of Object.keys(value)) {
        if (cutShort) break; // nothing more is read once the budget is spent
        if (!skipped(name))
          add(key ? `${key}.${name}` : name, (value as Record<string, unknown>)[name]);
      }
      ancestors.pop();
    } else if (setProperty(properties, key, value)) count++;
  };
  add('', source);
  if (cutShort) limited?.('too many properties: cut at Heap’s limit');
  return properties;
}

/**
 * Properties in events of at most 1,000 each (Heap's per-call bound), in order; properties
 * already within Heap's limits, so a map of 1,000 or fewer is sent as it is.
 */
export function splitProperties(properties: HeapProperties): HeapProperties[] {
  const keys = Object.keys(properties);
  if (keys.length <= MAX_PROPERTIES) return keys.length ? [properties] : [];
  const parts: HeapProperties[] = [];
  keys.forEach((key, i) => {
    if (!(i % MAX_PROPERTIES)) parts.push({});
    setProperty(parts[parts.length - 1] as HeapProperties, key, properties[key]);
  });
  return parts;
}
