import { getWindow } from './environment';
import { patchMethod } from './patch';

/**
 * Calls `going` when the page is going (`pagehide`, or hidden, which is all mobile browsers
 * may give) and `moving` before a single-page app changes its route (`pushState`,
 * `replaceState`, and `popstate`), so that what is queued reaches Heap on the page where it
 * happened, before Heap's own handlers of the same moments (capture listeners on `window`
 * run before Heap's on `document`). Returns the undo.
 */
export function watchPage(going: () => void, moving: () => void, fail: (e: unknown) => void) {
  const win = getWindow() as Window & typeof globalThis;
  const hidden = () => win.document.visibilityState === 'hidden' && going();
  const listeners: [string, () => void][] = [
    ['pagehide', going],
    ['visibilitychange', hidden],
    ['popstate', moving],
  ];
  for (const [name, listener] of listeners) win.addEventListener(name, listener, true);
  const undo = ['pushState', 'replaceState'].map((name) =>
    patchMethod(win.history, name, moving, () => {}, fail),
  );
  return () => {
    for (const [name, listener] of listeners) win.removeEventListener(name, listener, true);
    for (const restore of undo) restore();
  };
}
