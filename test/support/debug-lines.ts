import { vi } from 'vitest';

/** Captures the plugin's `debug` output (console.log) for the rest of the test. */
export function captureDebugLines(): () => string[] {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return () => log.mock.calls.map((call) => String(call[0]));
}
