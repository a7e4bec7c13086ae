import type { HeapProperties } from './options';

// Heap's documented limits for the browser API.
export const MAX_EVENT_NAME = 255;
const MAX_PROPERTY_NAME = 511; // names must be under 512
const MAX_PROPERTY_VALUE = 1023; // string values must be under 1024
export const MAX_USER_PROPERTY_VALUE = 255;
const MAX_DEPTH = 8; // deeper nesting is dropped: it is never a useful Heap property

/** Cuts to `max` UTF-16 units without leaving half a surrogate pair behind. */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Writes without ever invoking a setter, so `__proto__` is just a name. */
function define(target: HeapProperties, key: string, value: string | number | boolean): void {
  if (key.length > MAX_PROPERTY_NAME) return;
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // cycles, BigInt
  }
}

/**
 * Adds `value` under `key` as Heap accepts it: objects flattened by dot path, arrays as JSON
 * text, strings cut, and anything Heap cannot store (null, NaN, functions...) left out.
 */
export function addProperty(
  target: HeapProperties,
  key: string,
  value: unknown,
  maxValue = MAX_PROPERTY_VALUE,
  ancestors: object[] = [],
): void {
  if (typeof value === 'string') {
    define(target, key, cut(value, maxValue));
  } else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    define(target, key, value);
  } else if (
    typeof value === 'object' &&
    value !== null &&
    !ancestors.includes(value) &&
    ancestors.length < MAX_DEPTH
  ) {
    if (Array.isArray(value)) {
      const json = toJson(value);
      if (json !== undefined) define(target, key, cut(json, maxValue));
      return;
    }
    ancestors.push(value);
    for (const name of Object.keys(value)) {
      // Statsig's private attributes never leave the browser, at whatever depth they sit.
      if (name === 'privateAttributes') continue;
      addProperty(
        target,
        key ? `${key}.${name}` : name,
        (value as Record<string, unknown>)[name],
        maxValue,
        ancestors,
      );
    }
    ancestors.pop();
  }
}

/** A fresh property bag holding `source` flattened under Heap's limits. */
export function toHeapProperties(source: unknown, maxValue = MAX_PROPERTY_VALUE): HeapProperties {
  const properties: HeapProperties = {};
  addProperty(properties, '', source, maxValue);
  return properties;
}
