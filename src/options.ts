import type { HeapLike } from './heap-type';

export type { HeapGlobal, HeapGlobalValue, HeapLike } from './heap-type';

/** A Heap property value, as Heap's `track` accepts it. */
export type HeapPropertyValue = string | number | boolean;
export type HeapProperties = Record<string, HeapPropertyValue>;

/** What kind of Statsig activity a Heap event comes from. */
export type StatsigHeapEventKind = 'initialize' | 'exposure' | 'custom';

/** An event as it will be sent to Heap: the argument of the `filter` option. */
export interface StatsigHeapEvent {
  name: string;
  properties: HeapProperties;
  kind: StatsigHeapEventKind;
}

export type ConsentState = 'granted' | 'pending' | 'denied';
export type DedupeMode = 'sdk' | 'session' | 'first';

/**
 * Where Heap stands: `absent` (no `window.heap` with methods yet), `snippet` (Heap's snippet
 * is there but its library has not loaded: blocked, or still loading), `loaded`, or `stopped`
 * (the app called Heap's `stopTracking()`: calls wait, bounded).
 */
export type HeapState = 'absent' | 'snippet' | 'loaded' | 'stopped';

export interface StatsigHeapOptions {
  /** A Heap object, or a function returning one. Default: `() => window.heap`. */
  heap?: HeapLike | (() => HeapLike | undefined | null);
  /** Gate names to report in "Statsig Feature Gates" when values are hashed. */
  gates?: readonly string[];
  /** Experiment names to report in "Statsig Experiments" when values are hashed. */
  experiments?: readonly string[];
  /** Send "Statsig Feature Gates" and "Statsig Experiments". Default: true. */
  initializeEvents?: boolean;
  /** Forward exposures. Default: true. */
  exposures?: boolean;
  /** Forward `logEvent` events. Default: true. */
  customEvents?: boolean;
  /** Return false to drop an event (counted as filtered). */
  filter?: (event: StatsigHeapEvent) => boolean;
  /**
   * `sdk`: what the SDK logs (default); `session`: once per unit, entity, value and rule per
   * Heap session, across tabs; `first`: once per unit and entity ever (localStorage, hashed,
   * bounded), remembered once Heap's loaded library has taken it.
   */
  dedupe?: DedupeMode;
  /** `heap.addEventProperties({ "Statsig: <experiment>": group })` on experiment exposure. */
  eventProperties?: boolean;
  /** The same through `heap.addUserProperties`. */
  userProperties?: boolean;
  /**
   * `true`: `heap.identify(userID)` when the Statsig user has a real userID, replacing any
   * identity the app gave Heap. `'anonymous'`: only while Heap's identity is anonymous (or
   * already that userID), so an identity the app set itself is kept.
   */
  identify?: boolean | 'anonymous';
  /** Add the `user.*` properties. Default: true. */
  includeUser?: boolean;
  /**
   * `granted` forwards, `pending` holds events in memory, `denied` sends nothing. Not given:
   * follow each bound client's own logging switch (Statsig's `loggingEnabled`, statsig-js's
   * `disableAllLogging`): held while it is off, delivered once it is on.
   */
  consent?: ConsentState;
  /** Rename Heap events: `{ 'statsig::gate_exposure': 'Gate Exposure' }`. */
  eventNames?: Readonly<Record<string, string>>;
  /** Calls held while Heap is absent or consent is pending. Default: 1000. */
  bufferSize?: number;
  /** Log each Heap call and each drop, prefixed `[statsig-heap]`. Default: false. */
  debug?: boolean;
  /** Receives any error caught inside the plugin. */
  onError?: (error: unknown) => void;
}

export interface StatsigHeapStats {
  /** Every call the plugin meant to make to Heap: the sum of the five below. */
  received: number;
  forwarded: number;
  filtered: number;
  deduplicated: number;
  dropped: number;
  pending: number;
  errors: number;
  /** Of `received`, events Statsig still held from before the plugin was bound or enabled. */
  recovered: number;
  /** Where Heap stands now: calls handed to its snippet count as pending until `loaded`. */
  heap: HeapState;
}

/** What `StatsigHeapPlugin` and `wrapStatsig` give back. */
export interface StatsigHeapHandle {
  getStats(): StatsigHeapStats;
  setConsent(state: ConsentState): void;
  /** Hand Heap everything held that it may take now, at once (consent granted). */
  flush(): void;
  /** Hand over what Heap may take, then undo every listener and patch; nothing more follows. */
  detach(): void;
}

/** The zero-code tag's configuration: `window.StatsigHeapConfig`, set before the tag. */
export interface StatsigHeapConfig extends StatsigHeapOptions {
  /** Bind every Statsig client on the page, made before or after the tag. */
  auto?: boolean;
}
