import type { ConsentState } from './options';

/**
 * Consent as a small state of its own. The app's decision, once given, is final until it
 * gives another; until then Statsig's own logging switch decides: `pending` while any bound
 * client has logging off, `granted` otherwise. `changed` hears every state, even a repeat.
 */
export function createConsent(
  log: (message: string) => void,
  changed: (state: ConsentState) => void,
) {
  /** The app's own decision, once given; until then Statsig's logging switch decides. */
  let decided: ConsentState | undefined;
  const statsigOff = new Set<object>();
  /**
   * A client shut down while its logging was off: Statsig keeps what it held for the next
   * client that turns logging on, and so does the plugin, whether or not other clients remain.
   */
  let offAtShutdown = false;
  let state: ConsentState = 'granted';
  const apply = () => {
    state = decided ?? (statsigOff.size || offAtShutdown ? 'pending' : 'granted');
    changed(state);
  };
  return {
    state: () => state,
    /** True while Statsig's switch decides (the app has given no consent). */
    followsStatsig: () => !decided,
    /** The app decides. Fails closed: only exactly 'granted' or 'pending' allow anything. */
    decide(input: unknown): void {
      decided = input === 'granted' || input === 'pending' ? input : 'denied';
      if (decided !== input) log(`consent ${input} is not granted or pending: denied`);
      else if (input === 'pending') log('consent pending: holding');
      apply();
    },
    /** A bound client's own logging switch, at bind and at each change, or its shutdown. */
    statsig(client: object, on: boolean | 'shut down'): void {
      const wasHolding = statsigOff.size > 0 || offAtShutdown;
      if (!on) statsigOff.add(client);
      else if (statsigOff.delete(client) && on !== true) offAtShutdown = true;
      if (on === true) offAtShutdown = false;
      // Said when it holds, and when it stops holding; a client bound with logging on says nothing.
      if (!decided && (!on || (wasHolding && !statsigOff.size && !offAtShutdown))) {
        log(`Statsig logging ${on ? 'on: forwarding' : 'off: holding'}`);
      }
      apply();
    },
  };
}

export type Consent = ReturnType<typeof createConsent>;
