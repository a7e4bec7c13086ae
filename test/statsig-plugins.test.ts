import { StatsigClient } from '@statsig/js-client';
import { LocalOverrideAdapter } from '@statsig/js-local-overrides';
import { StatsigSessionReplayPlugin } from '@statsig/session-replay';
import { StatsigAutoCapturePlugin } from '@statsig/web-analytics';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import { heapViolations } from './support/heap-contract';
import { freshPage, type HeapLibrary } from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse } from './support/statsig-values';
import { hidePage, taskEnd } from './support/stored-lists';

// Statsig's other browser plugins beside ours, the real packages at 3.33.5: what each makes
// the client log, and what of it Heap receives (contract 3.2). Autocapture stays out, in
// either plugin order, unless the app names an event in `eventNames`; session replay's
// recordings are Statsig-internal; local overrides show in the exposure's reason.

let heap: HeapLibrary;
const stops: (() => unknown)[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  vi.useRealTimers();
  for (const stop of stops.splice(0)) await stop();
  history.replaceState(null, '', '/');
  document.body.innerHTML = '';
});

const names = () => heap.tracks().map(([name]) => name);
/** Every event any plugin or the app made the client log, by name, in order. */
function watchLogEvent() {
  const spy = vi.spyOn(StatsigClient.prototype, 'logEvent');
  return () =>
    spy.mock.calls.map(([event]) => (typeof event === 'string' ? event : event.eventName));
}
/** `order`: ours first, or the other plugin first. */
function start(
  order: string,
  // Statsig's plugin types differ by package under exactOptionalPropertyTypes: the shape.
  other: { readonly __plugin: string; bind(client: never): void },
  options: StatsigHeapOptions = {},
  values?: object,
) {
  const plugin = new StatsigHeapPlugin({ initializeEvents: false, ...options });
  const plugins = order === 'heap first' ? [plugin, other] : [other, plugin];
  const client = bootstrapClient(plugins as never, values ? { values } : {});
  stops.push(
    () => client.shutdown(),
    () => plugin.detach(),
  );
  return { plugin, client };
}
/**
 * What a visitor does on a page: clicks (a rage click), a form, a navigation, an error, a
 * console line, and a click on plain text that changes nothing (a dead click). Fake timers:
 * autocapture's own timers run here, not after the test.
 */
async function browse() {
  const button = document.createElement('button');
  button.className = 'buy';
  button.textContent = 'Buy now';
  const text = document.createElement('span');
  text.textContent = 'Price: 5';
  const form = document.createElement('form');
  document.body.append(button, text, form);
  for (let i = 0; i < 4; i++) {
    button.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 10, clientY: 10 }));
  }
  form.dispatchEvent(new Event('submit', { bubbles: true }));
  // The query carries what a URL should not: Heap's own URL handling never sees it here.
  history.pushState({}, '', '/checkout?token=SECRET-TOKEN&email=ada%40example.com');
  window.dispatchEvent(new ErrorEvent('error', { message: 'boom', error: new Error('boom') }));
  console.info('a console line'); // statsig::log_line with console capture on
  await vi.advanceTimersByTimeAsync(10); // the performance event (a 1 ms timer), DOM records
  text.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 50, clientY: 50 }));
  await vi.advanceTimersByTimeAsync(5000); // no change after that click: a dead click
  hidePage('pagehide'); // page_view_end
}
const AUTOCAPTURED = [
  'auto_capture::page_view',
  'auto_capture::session_start',
  'auto_capture::click',
  'auto_capture::rage_click',
  'auto_capture::form_submit',
  'auto_capture::error',
  'auto_capture::performance',
  'auto_capture::page_view_end',
  'auto_capture::dead_click',
  'statsig::log_line',
];
const ORDERS = ['autocapture first', 'heap first'] as const;

describe.each(ORDERS)('@statsig/web-analytics beside the plugin, %s', (order) => {
  const autoCapture = () =>
    new StatsigAutoCapturePlugin({ consoleLogAutoCaptureSettings: { enabled: true } });

  test('no auto_capture::* event reaches Heap; the app’s own events and exposures do', async () => {
    vi.useFakeTimers();
    const logged = watchLogEvent();
    const { client, plugin } = start(order, autoCapture());
    await browse();
    client.logEvent('purchase', 5, { sku: 'A1' });
    client.checkGate('new_checkout_flow');
    // What autocapture really logs in jsdom, through the same client and logger. A dead
    // click and the performance event depend on timers and load: not required to come.
    const seen = new Set(logged());
    const timed = ['auto_capture::dead_click', 'auto_capture::performance'];
    expect(new Set([...seen, ...timed])).toEqual(new Set([...AUTOCAPTURED, 'purchase']));
    expect(names()).toEqual(['purchase', 'statsig::gate_exposure']);
    expect(JSON.stringify(heap.calls)).not.toMatch(/SECRET-TOKEN|auto_capture|page_url/);
    const stats = plugin.getStats();
    expect(stats.received).toBe(
      stats.forwarded + stats.filtered + stats.deduplicated + stats.dropped + stats.pending,
    );
    expect(stats.errors).toBe(0);
  });

  test('an auto_capture event the app names in eventNames is forwarded under that name, and only it', async () => {
    vi.useFakeTimers();
    const { client } = start(order, autoCapture(), {
      eventNames: {
        'auto_capture::click': 'Statsig Click',
        'auto_capture::page_view': 'Statsig Page View',
      },
    });
    await browse();
    client.logEvent('purchase');
    const tracks = heap.tracks();
    expect(names().filter((name) => name !== 'Statsig Page View')).toEqual([
      'Statsig Click',
      'Statsig Click',
      'Statsig Click',
      'Statsig Click',
      'purchase',
    ]);
    // The first page view is logged inside autocapture's bind(): with ours first we see it;
    // with autocapture first it comes before our bind() (the plugin may or may not recover it).
    const views = names().filter((name) => name === 'Statsig Page View').length;
    if (order === 'heap first') expect(views).toBe(2);
    else expect([1, 2]).toContain(views);
    const click = tracks.find(([name]) => name === 'Statsig Click')?.[1];
    expect(click).toMatchObject({ 'metadata.tagName': 'button', 'metadata.content': 'Buy now' });
    const navigation = tracks.filter(([name]) => name === 'Statsig Page View').at(-1)?.[1];
    expect(navigation).toMatchObject({ 'metadata.navigation_type': 'pushstate' });
    for (const call of heap.calls) expect(heapViolations(call)).toEqual([]);
  });
});

describe.each(['replay first', 'heap first'])(
  '@statsig/session-replay beside the plugin, %s',
  (order) => {
    test('its statsig::session_recording events never reach Heap', async () => {
      const logged = watchLogEvent();
      // Values that allow recording, as Statsig's servers send them for a project with replay on.
      const values = { ...initializeResponse(), can_record_session: true };
      const { client, plugin } = start(order, new StatsigSessionReplayPlugin(), {}, values);
      for (let i = 0; i < 40; i++) {
        const div = document.createElement('div');
        div.textContent = `row ${i} `.repeat(40);
        document.body.appendChild(div);
      }
      await taskEnd(); // rrweb's mutation records
      client.checkGate('new_checkout_flow');
      hidePage('visibilitychange'); // replay logs what it recorded when the page is hidden
      client.logEvent('purchase');
      await client.shutdown(); // and the rest at shutdown
      // rrweb runs in jsdom: the recording is logged through the client, as Statsig's own event.
      expect(
        logged().filter((name) => name === 'statsig::session_recording').length,
      ).toBeGreaterThan(0);
      expect(names()).toEqual(['statsig::gate_exposure', 'purchase']);
      expect(JSON.stringify(heap.calls)).not.toMatch(/rrweb|session_recording|isRecordingSession/);
      expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2, errors: 0 });
    });
  },
);

describe('@statsig/js-local-overrides (LocalOverrideAdapter) beside the plugin', () => {
  test('an overridden check’s exposure says LocalOverride; the maps and groups are the server’s', () => {
    const overrides = new LocalOverrideAdapter();
    overrides.overrideGate('beta_banner', true); // false for this user on the server
    overrides.overrideExperiment('checkout_button_color', { color: 'pink' }); // server: Blue
    overrides.overrideLayer('homepage_layer', { hero_title: 'Overridden' });
    const plugin = new StatsigHeapPlugin({ eventProperties: true });
    const client = bootstrapClient([plugin], { options: { overrideAdapter: overrides } });
    stops.push(
      () => client.shutdown(),
      () => plugin.detach(),
    );
    // The app sees the overrides.
    expect(client.checkGate('beta_banner')).toBe(true);
    expect(client.getExperiment('checkout_button_color').get('color', '')).toBe('pink');
    expect(client.getLayer('homepage_layer').get('hero_title', '')).toBe('Overridden');
    client.checkGate('new_checkout_flow'); // not overridden
    const [gates, experiments, gate, experiment, layer, plain] = heap.tracks().map(([, p]) => p);
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'statsig::layer_exposure',
      'statsig::gate_exposure',
    ]);
    // The initialize maps are the server's values, not the overrides.
    expect(gates).toMatchObject({ beta_banner: false });
    expect(experiments).toMatchObject({ checkout_button_color: 'Blue' });
    // Each overridden exposure carries the override's value and says so in its reason.
    expect(gate).toMatchObject({
      'metadata.gate': 'beta_banner',
      'metadata.gateValue': 'true',
      'metadata.reason': expect.stringContaining('LocalOverride'),
    });
    // An experiment's group is looked up in the values: the server's group, not the override.
    expect(experiment).toMatchObject({
      'metadata.config': 'checkout_button_color',
      'metadata.reason': expect.stringContaining('LocalOverride'),
      'metadata.experimentGroupName': 'Blue',
    });
    expect(layer).toMatchObject({
      'metadata.config': 'homepage_layer',
      'metadata.parameterName': 'hero_title',
      'metadata.reason': expect.stringContaining('LocalOverride'),
    });
    expect(plain?.['metadata.reason']).not.toContain('LocalOverride');
    // So is the event property set for it.
    expect(heap.calls).toContainEqual([
      'addEventProperties',
      { 'Statsig: checkout_button_color': 'Blue' },
    ]);
  });
});
