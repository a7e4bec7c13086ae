import type { HeapProperties } from './options';

// Heap's documented limits for the browser API.
export const MAX_EVENT_NAME = 255;
const MAX_PROPERTY_NAME = 511; // names must be under 512
const MAX_PROPERTY_VALUE = 1023; // string values must be under 1024
export const MAX_USER_PROPERTY_VALUE = 255;
const MAX_DEPTH = 8; // deeper nesting is dropped: it is never a useful Heap property

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
export function setProperty(
  target: HeapProperties,
  key: string,
  value: string | number | boolean,
  maxValue = MAX_PROPERTY_VALUE,
): void {
  if (key.length > MAX_PROPERTY_NAME) return;
  const kept = typeof value === 'string' ? cut(value, maxValue) : value;
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value: kept,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = kept;
}

/**
 * `source` flattened into a fresh property bag as Heap accepts it: objects by dot path,
 * arrays as JSON text, strings cut, and what Heap cannot store (null, NaN, functions...) left
 * out. Statsig's private attributes are skipped at any depth.
 */
export function toHeapProperties(source: unknown, maxValue = MAX_PROPERTY_VALUE): HeapProperties {
  const properties: HeapProperties = {};
  const ancestors: unknown[] = [];
  const add = (key: string, value: unknown): void => {
    const type = typeof value;
    if (type === 'object' && value && !ancestors.includes(value) && ancestors.length < MAX_DEPTH) {
      if (Array.isArray(value)) {
        try {
          add(key, JSON.stringify(value));
        } catch {} // cycles, BigInt: left out
        return;
      }
      ancestors.push(value);
      for (const name of Object.keys(value)) {
        if (name !== 'privateAttributes') {
          add(key ? `${key}.${name}` : name, (value as Record<string, unknown>)[name]);
        }
      }
      ancestors.pop();
    } else if (
      type === 'string' ||
      type === 'boolean' ||
      (type === 'number' && Number.isFinite(value))
    ) {
      setProperty(properties, key, value as string, maxValue);
    }
  };
  add('', source);
  return properties;
}
