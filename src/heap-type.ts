/** A property value as Heap keeps it; Heap drops `null`, `undefined` and empty strings. */
export type HeapGlobalValue = string | number | boolean | null | undefined;

/**
 * Heap's browser API, the one type of it: the classic and v5 snippets' methods, and what the
 * loaded library adds. The plugin reads it as `Partial<HeapGlobal>` (`HeapLike`): a stub may
 * lack any method, and an app may hand the plugin an object of its own.
 */
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
  /** The v5 library, once loaded: Heap's user; none for a task after it loads or switches. */
  getUserId?(): string | undefined;
  /** The v5 library, once loaded: this Heap session. */
  getSessionId?(): string | undefined;
  /** The v5 library, once loaded: the identity, null or undefined while anonymous. */
  getIdentity?(): string | null | undefined;
  /** The classic library: the current identity, or null while anonymous. */
  identity?: string | null;
  /** True once Heap's library has replaced the snippet; false again after `stopTracking()`. */
  loaded?: boolean;
  stopTracking?(): void;
  appid?: string;
}

/** What the plugin calls: any part of Heap's API may be missing. */
export type HeapLike = Partial<HeapGlobal>;
