// Runs inside the test page (served by heap-server.ts): a Statsig client bootstrapped offline
// with the statsig-heap plugin, and a few ways to look at Heap. The browser tests drive it
// through window.driver; Heap's snippet is added by the test (heap-snippet.ts).
window.driver = {
  errors: [],
  client: undefined,
  plugin: undefined,

  /**
   * True once heap.js has replaced the snippet's stub, run init() and set its user: only then
   * do identify and addUserProperties go out with a Heap user id.
   */
  heapReady() {
    const heap = window.heap;
    return Boolean(heap && heap.loaded === true && heap.getUserId());
  },

  /** A call the test makes to Heap directly (`test:` names): a marker to wait for. */
  mark(name, properties) {
    window.heap.track(`test:${name}`, properties);
  },

  /** A Statsig client on the bootstrap path (no network), with the plugin in `plugins`. */
  start(user, values, options) {
    const { StatsigClient } = window.Statsig;
    const { StatsigHeapPlugin } = window.StatsigHeap;
    const errors = this.errors;
    this.plugin = new StatsigHeapPlugin({
      ...options,
      onError: (error) => errors.push(String(error?.stack ?? error)),
    });
    this.client = new StatsigClient('client-sample-project', user, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [this.plugin],
    });
    this.client.dataAdapter.setData(JSON.stringify(values));
    this.client.initializeSync();
  },

  /** The app switches user, with the values its server evaluated for that user. */
  switchUser(user, values) {
    this.client.dataAdapter.setData(JSON.stringify(values));
    this.client.updateUserSync(user);
  },
};
