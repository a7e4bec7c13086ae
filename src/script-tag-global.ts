import { getWindow } from './environment';
import { version } from './version';

type Exported = Record<string, unknown>;
type Win = Window & { StatsigHeap?: Exported; __STATSIG_HEAP__?: Exported };

/**
 * Adds `names` and `version` to `window.StatsigHeap`, keeping what another statsig-heap
 * script tag put there, so both files may load on one page, in either order. Where the page
 * keeps that name from the tag (frozen, or a getter without a setter), the names go to
 * `window.__STATSIG_HEAP__` instead: never an uncaught error.
 */
export function exportToWindow(names: Exported): void {
  const win = getWindow() as Win | undefined;
  if (!win) return;
  const exported = Object.assign({}, names, { version });
  const took = () => {
    try {
      return (
        win.StatsigHeap?.['version'] === version &&
        Object.keys(names).every((name) => win.StatsigHeap?.[name] === names[name])
      );
    } catch {
      return false;
    }
  };
  try {
    Object.assign(win.StatsigHeap ?? {}, exported);
    win.StatsigHeap ??= exported;
  } catch {}
  try {
    if (!took()) win.StatsigHeap = Object.assign({}, win.StatsigHeap, exported);
  } catch {}
  if (!took()) win.__STATSIG_HEAP__ = Object.assign(win.__STATSIG_HEAP__ ?? {}, exported);
}
