import type { HeapCall } from './heap-stand-in';

/**
 * Every way a call can break Heap's documented limits (contract 3.3); empty when it obeys.
 * Checked on what actually reached the Heap stand-in.
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
    for (const [key, value] of Object.entries(props)) {
      if (key.length >= 512) problems.push(`${method}: property name of ${key.length} characters`);
      if (typeof value === 'string') {
        if (value.length > maxValue)
          problems.push(`${method}: ${key} has ${value.length} characters`);
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
      if (
        typeof args[0] !== 'string' ||
        args[0].length >= 255 ||
        ['', 'undefined', 'null'].includes(args[0])
      ) {
        problems.push(`identify: ${JSON.stringify(args[0])}`);
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
