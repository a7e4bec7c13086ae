/** The browser window, or undefined on a server (no `window`) where the plugin stays inert. */
export const getWindow = (): (Window & typeof globalThis) | undefined =>
  typeof window === 'undefined' ? undefined : window;

/** A v4 UUID for each forwarded event; `randomUUID` exists only in secure contexts. */
export function uuid(): string {
  try {
    return crypto.randomUUID();
  } catch {
    return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (+c ^ ((Math.random() * 16) >> (+c / 4))).toString(16),
    );
  }
}
