// Types only, nothing of it runs: Heap's browser global, for apps that opt in with
//   import type {} from 'statsig-heap/heap-global';
// (or "types": ["statsig-heap/heap-global"] in tsconfig.json). Heap publishes no typings of
// its own; this declares `window.heap` as its snippets and its loaded library offer it.

/** A property value as Heap keeps it; Heap drops `null`, `undefined` and empty strings. */
export type HeapGlobalValue = string | number | boolean | null | undefined;

/** Heap's browser API: the classic and v5 snippets' methods, and what the loaded library adds. */
export interface HeapGlobal {
  track(event: string, properties?: Record<string, HeapGlobalValue>): void;
  identify(identity: string | number): void;
  resetIdentity(): void;
  addUserProperties(properties: Record<string, HeapGlobalValue>): void;
  addEventProperties(properties: Record<string, HeapGlobalValue>): void;
  removeEventProperty(name: string): void;
  clearEventProperties(): void;
  /** The snippet's loader: `heap.load(appId)`. */
  load?(appId: string, config?: Record<string, unknown>): void;
  /** The v5 library, once loaded: undefined before. */
  getUserId?(): string | undefined;
  getSessionId?(): string | undefined;
  getIdentity?(): string | null | undefined;
  /** The classic library: the current identity, or null while anonymous. */
  identity?: string | null;
  /** True once Heap's library has replaced the snippet. */
  loaded?: boolean;
  appid?: string;
}

declare global {
  interface Window {
    /** Heap's global: absent until its snippet runs (and where an ad blocker stops it). */
    heap?: HeapGlobal;
  }
}
