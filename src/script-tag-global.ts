import { getWindow } from './environment';
import { version } from './version';

type Exported = Record<string, unknown>;

/**
 * Adds `names` and `version` to `window.StatsigHeap`, keeping what another statsig-heap
 * script tag put there, so both files may load on one page, in either order. Where the page
 * keeps that name from the tag (frozen, or a getter without a setter), the names go to
 * `window.__STATSIG_HEAP__` instead: never an uncaught error.
 */
export function exportToWindow(names: Exported): void {
  const win = getWindow() as Record<string, Exported | undefined> | undefined;
  if (!win) return;
  const exported = { ...names, version };
  for (const name of ['StatsigHeap', '__STATSIG_HEAP__']) {
    try {
      win[name] = Object.assign(win[name] ?? {}, exported);
    } catch {
      try {
        win[name] = { ...win[name], ...exported }; // frozen: a new object, the page's keys kept
      } catch {}
    }
    try {
      if (win[name]?.['version'] === version) return;
    } catch {}
  }
}
