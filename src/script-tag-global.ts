import { getWindow } from './environment';
import { version } from './version';

/**
 * Adds `names` and `version` to `window.StatsigHeap`, keeping what another statsig-heap
 * script tag put there, so both files may load on one page, in either order.
 */
export function exportToWindow(names: object): void {
  const win = getWindow() as (Window & { StatsigHeap?: object }) | undefined;
  if (win) win.StatsigHeap = Object.assign(win.StatsigHeap ?? {}, names, { version });
}
