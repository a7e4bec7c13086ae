import type { ExposureMemory } from './exposure-memory';

/** The Web Lock every tab of the site runs under; announcements are named after it. */
const LOCK = 'statsig-heap';

/**
 * Runs `run` under the Web Lock every tab of the site shares, once this tab's localStorage
 * holds what the tab before it wrote. Chromium grants the lock to the next tab before the
 * last one's localStorage write has reached it (a third of the time, measured), so a run that
 * wrote announces its generation by holding a lock of that name until it writes again: the
 * lock manager, one for every tab, tells the next run at once, and that run waits for its
 * storage to catch up (at most a second, then its own write supersedes).
 */
export function createTabLock(locks: LockManager, memory: ExposureMemory) {
  const prefix = `${LOCK}#${memory.mode}#`;
  let release: (() => void) | undefined;
  return (run: () => void) =>
    locks.request(LOCK, async () => {
      let newest = 0;
      for (const { name = '' } of (await locks.query()).held ?? []) {
        // Only a generation as the stored list holds one: another script's lock of a name
        // like ours (`#x`, `#1e308`) must not become this tab's generation.
        const generation = name.slice(prefix.length);
        if (name.startsWith(prefix) && /^\d{1,15}$/.test(generation)) {
          newest = Math.max(newest, +generation);
        }
      }
      // Timed by the clock: a hidden tab's timers may fire once a minute.
      for (const start = Date.now(); memory.stored() < newest && Date.now() - start < 1000; ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const before = memory.generation(newest);
      run();
      const written = memory.generation();
      if (written > before) {
        // ifAvailable: were that name held after all, this run must not wait for it.
        await new Promise<void>((announced) =>
          locks.request(prefix + written, { ifAvailable: true }, () => {
            release?.();
            announced();
            return new Promise<void>((resolve) => (release = resolve));
          }),
        );
      }
    });
}
