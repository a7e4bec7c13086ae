/** The browser window, or undefined on a server (no `window`) where the plugin stays inert. */
export const getWindow = (): (Window & typeof globalThis) | undefined =>
  typeof window === 'undefined' ? undefined : window;

let base: string | undefined;
let counter = 0;

/**
 * A UUID for each forwarded event: one random v4 UUID per page, its last 48 bits then
 * counted up from a random start, so each event's is unique at the cost of a string
 * concatenation.
 */
export function uuid(): string {
  if (!base) {
    base = '10000000-1000-4000-8000-'.replace(/[018]/g, (c) =>
      (+c ^ ((Math.random() * 16) >> (+c / 4))).toString(16),
    );
    // Starts at random in [16^11, 8 × 16^11): always twelve hex digits, for 2^46 events.
    counter = 16 ** 11 * (1 + Math.random() * 7);
  }
  return base + Math.floor(counter++).toString(16);
}
