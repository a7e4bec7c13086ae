import { acceptsIdentity, type HeapCall, utf8Bytes } from './heap-stand-in';

/** Property names must stay under 512 UTF-8 bytes (heap.js drops names over 512). */
const MAX_NAME_BYTES = 511;

/**
 * Every way a call can break Heap's documented limits (contract 3.3); empty when it obeys.
 * Checked on what actually reached the Heap stand-in. Anything Heap's real library would
 * drop or alter counts: a blank value, a name over 511 UTF-8 bytes, an identity it ignores.
 */
export function heapViolations(call: HeapCall): string[] {
  const [method, ...args] = call;
  const problems: string[] = [];
  const checkProps = (props: unknown, maxValue: number) => {
    if (!props || typeof props !== 'object' || Array.isArray(props)) {
      problems.push(`${method}: properties are not a plain object`);
      return;
    }
    if (Object.getPrototypeOf(props) !== Object.prototype)
      problems.push(`${method}: odd prototype`);
    for (const [name, value] of Object.entries(props)) {
      const key = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
      const bytes = utf8Bytes(name);
      if (bytes > MAX_NAME_BYTES) problems.push(`${method}: property name of ${bytes} UTF-8 bytes`);
      if (typeof value === 'string') {
        if (value.length > maxValue)
          problems.push(`${method}: ${key} has ${value.length} characters`);
        if (value === '') problems.push(`${method}: ${key} is blank (Heap drops it)`);
      } else if (typeof value === 'number') {
        if (!Number.isFinite(value)) problems.push(`${method}: ${key} is ${value}`);
      } else if (typeof value !== 'boolean') {
        problems.push(`${method}: ${key} is a ${value === null ? 'null' : typeof value}`);
      }
    }
  };
  switch (method) {
    case 'track': {
      const [name, props] = args;
      if (typeof name !== 'string' || name.length === 0 || name.length > 255) {
        problems.push(`track: event name ${JSON.stringify(name)?.slice(0, 40)}`);
      }
      checkProps(props, 1023);
      break;
    }
    case 'addEventProperties':
      checkProps(args[0], 1023);
      break;
    case 'addUserProperties':
      checkProps(args[0], 255);
      break;
    case 'identify':
      if (typeof args[0] !== 'string' || args[0].length >= 255 || !acceptsIdentity(args[0])) {
        problems.push(
          `identify: ${JSON.stringify(args[0])?.slice(0, 40)} (Heap ignores or cuts it)`,
        );
      }
      break;
    case 'removeEventProperty':
      if (typeof args[0] !== 'string') problems.push('removeEventProperty: not a string');
      break;
    case 'resetIdentity':
      break;
    default:
      problems.push(`unexpected method ${method}`);
  }
  return problems;
}

/** The seed for property-based and soak tests: fixed, printed, overridable with TEST_SEED. */
export function testSeed(suite: string): number {
  const seed = Number(process.env.TEST_SEED ?? 20261126);
  console.log(`[${suite}] seed ${seed} (rerun with TEST_SEED=${seed})`);
  return seed;
}
