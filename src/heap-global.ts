// Types only, nothing of it runs: Heap's browser global, for apps that opt in with
//   import type {} from 'statsig-heap/heap-global';
// (or "types": ["statsig-heap/heap-global"] in tsconfig.json). Heap publishes no typings of
// its own; this declares `window.heap` as its snippets and its loaded library offer it.
import type { HeapGlobal } from './heap-type';

export type { HeapGlobal, HeapGlobalValue } from './heap-type';

declare global {
  interface Window {
    /** Heap's global: absent until its snippet runs (and where an ad blocker stops it). */
    heap?: HeapGlobal;
  }
}
