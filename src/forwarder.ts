import { djb2 } from './djb2';
import { HeapAdapter } from './heap-adapter';
import { cut, MAX_EVENT_NAME, toHeapProperties } from './heap-limits';
import type {
  ConsentState,
  StatsigHeapEvent,
  StatsigHeapEventKind,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { createReporter, type Reporter } from './reporter';

/**
 * The path every event takes, whichever SDK it comes from: rename, Heap's limits, filter,
 * consent, then the Heap adapter. Keeps `received = forwarded + filtered + deduplicated +
 * dropped + pending` true at every step.
 */
export class Forwarder {
  readonly reporter: Reporter;
  readonly heap: HeapAdapter;
  private consent: ConsentState = 'granted';
  private readonly initializeSent = new Set<string>();

  constructor(readonly options: StatsigHeapOptions) {
    this.reporter = createReporter(options);
    this.heap = new HeapAdapter(options, this.reporter);
    this.setConsent(options.consent ?? 'granted');
  }

  /** Whether events of this kind are wanted at all (the kind switches). */
  wants(kind: StatsigHeapEventKind): boolean {
    const { options } = this;
    const flag =
      kind === 'initialize'
        ? options.initializeEvents
        : kind === 'exposure'
          ? options.exposures
          : options.customEvents;
    return flag !== false;
  }

  /** Sends one event to `heap.track`, or counts why not. */
  track(name: string, properties: unknown, kind: StatsigHeapEventKind): void {
    const { reporter } = this;
    reporter.stats.received++;
    try {
      const renamed = this.options.eventNames?.[name];
      const event: StatsigHeapEvent = {
        name: cut(typeof renamed === 'string' ? renamed : name, MAX_EVENT_NAME),
        properties: toHeapProperties(properties),
        kind,
      };
      if (!event.name) {
        this.dropped('empty event name', event);
      } else if (this.options.filter && !this.options.filter(event)) {
        reporter.stats.filtered++;
        reporter.log('filtered', event);
      } else if (this.consent === 'denied') {
        this.dropped('consent denied', event);
      } else {
        this.heap.send({ method: 'track', args: [event.name, event.properties], counted: true });
      }
    } catch (error) {
      reporter.error(error);
      this.dropped('error while mapping');
    }
  }

  /**
   * "Statsig Feature Gates" / "Statsig Experiments" for one user: never empty, and the same
   * map for the same user only once per page.
   */
  trackInitialize(name: string, map: Record<string, unknown>, userKey: string): void {
    if (!this.wants('initialize') || Object.keys(map).length === 0) return;
    const key = djb2(`${name}\u0000${userKey}\u0000${JSON.stringify(map)}`);
    if (this.initializeSent.has(key)) return;
    this.initializeSent.add(key);
    this.track(name, map, 'initialize');
  }

  private dropped(reason: string, event?: StatsigHeapEvent): void {
    this.reporter.stats.dropped++;
    this.reporter.log(`dropped (${reason})`, event);
  }

  setConsent(state: ConsentState): void {
    this.consent = state;
    this.heap.held = state === 'pending';
    if (state === 'denied') this.heap.clear('consent denied');
    else this.heap.deliver();
  }

  getStats(): StatsigHeapStats {
    return { ...this.reporter.stats };
  }

  /** Stops for good: whatever is still held is dropped (counted), nothing more is sent. */
  close(): void {
    this.consent = 'denied';
    this.heap.clear('detached');
  }
}
