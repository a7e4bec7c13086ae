// Runs in the bench page (browser.bench.ts): one app page's work, as the issue measures it.
// A new client for a new user, initialized untimed; timed: 20 gate checks, 5 experiments and
// 5 custom events (the app's own calls). `variant` is bare, naive or plugin.
window.bench = {
  longest: 0,
  plugin: undefined,
  plugins(variant) {
    if (variant === 'plugin') {
      this.plugin ??= new window.StatsigHeap.StatsigHeapPlugin();
      return [this.plugin];
    }
    return variant === 'naive' ? [window.naiveForwarder] : [];
  },
  /** One page: its client, then the timed calls; returns the milliseconds of those calls. */
  page(variant, key, user, values, gates, experiments) {
    const client = new window.Statsig.StatsigClient(key, user, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: this.plugins(variant),
    });
    client.dataAdapter.setData(values);
    client.initializeSync();
    const start = performance.now();
    for (const gate of gates) client.checkGate(gate);
    for (const experiment of experiments) client.getExperiment(experiment).get('color', '');
    for (let i = 0; i < 5; i++) client.logEvent('add_to_cart', i, { sku: `SKU-${i}` });
    return performance.now() - start;
  },
  /** The same page run as a task of its own (a long task is a task, not a DevTools call). */
  pageInTask(...args) {
    return new Promise((resolve) => setTimeout(() => resolve(this.page(...args)), 0));
  },
  /** What the plugin still holds (0 for the others): the page's work is over at 0. */
  pending() {
    return this.plugin ? this.plugin.getStats().pending : 0;
  },
  /** Every long task (50 ms or more) from now on; `longest` keeps the longest. */
  watchLongTasks() {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.longest = Math.max(this.longest, entry.duration);
    }).observe({ type: 'longtask' });
  },
  heapReady() {
    const heap = window.heap;
    return Boolean(heap && heap.loaded === true && heap.getUserId());
  },
};
