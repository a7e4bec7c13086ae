// Runs inside the test page (served by heap-server.ts): Statsig clients with the statsig-heap
// plugin, and a few ways to look at Heap. The browser tests drive it through window.driver;
// Heap's snippet is added by the test (heap-snippet.ts).
window.driver = {
  errors: [],
  client: undefined,
  plugin: undefined,
  /** Every client started on this page, by SDK key. */
  clients: {},

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

  /** The plugin, made once per page with these options; its errors are collected. */
  makePlugin(options) {
    const { StatsigHeapPlugin } = window.StatsigHeap;
    const errors = this.errors;
    this.plugin = new StatsigHeapPlugin({
      ...options,
      onError: (error) => errors.push(String(error?.stack ?? error)),
    });
    return this.plugin;
  },

  /** A Statsig client on the bootstrap path (no network), with the plugin in `plugins`. */
  start(user, values, options, clientOptions = {}, sdkKey = 'client-sample-project') {
    if (!this.plugin) this.makePlugin(options);
    const client = new window.Statsig.StatsigClient(sdkKey, user, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [this.plugin],
      ...clientOptions,
    });
    client.dataAdapter.setData(JSON.stringify(values));
    client.initializeSync();
    this.clients[sdkKey] = client;
    this.client ??= client;
    return this.plugin.getStats();
  },

  /**
   * A Statsig client that initializes over the network, from the local Statsig stand-in
   * (heap-server.ts, which may answer late: `initializeDelay`).
   */
  async startOverNetwork(user, options, clientOptions = {}) {
    this.makePlugin(options);
    this.client = new window.Statsig.StatsigClient('client-sample-project', user, {
      networkConfig: { api: `${location.origin}/v1` },
      plugins: [this.plugin],
      ...clientOptions,
    });
    await this.client.initializeAsync();
  },

  /** The on-device evaluation client, its rules from the local Statsig stand-in. */
  async startOnDevice(options) {
    this.makePlugin(options);
    this.client = new window.Statsig.StatsigOnDeviceEvalClient('client-sample-project', {
      networkConfig: { api: `${location.origin}/v1` },
    });
    this.plugin.bind(this.client);
    await this.client.initializeAsync();
  },

  /** The app switches user, with the values its server evaluated for that user. */
  switchUser(user, values) {
    this.client.dataAdapter.setData(JSON.stringify(values));
    this.client.updateUserSync(user);
  },
};
