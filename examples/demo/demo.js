// The demo app: a Statsig client with the statsig-heap plugin, and a live view of Heap's calls.
(() => {
  const cfg = window.DEMO_CONFIG;
  const users = [
    {
      userID: 'alice',
      email: 'alice@example.com',
      custom: { plan: 'pro' },
      privateAttributes: { phone: '555-0100' },
    },
    {
      userID: 'bob',
      email: 'bob@example.com',
      custom: { plan: 'enterprise' },
      customIDs: { companyID: 'acme' },
    },
    { userID: 'carol', email: 'carol@example.com', custom: { plan: 'free' } },
  ];
  let current = 0;
  const $ = (id) => document.getElementById(id);
  document.getElementById('mode').textContent = cfg.real
    ? 'real Statsig + Heap'
    : 'local stand-ins';

  // Heap's calls, live. Locally the Heap stand-in reports them; with the real Heap the
  // plugin's `heap` option is given a view that shows each call and passes it on.
  let count = 0;
  /** The names of the calls Heap received since `since` (a count): what the messages say. */
  const received = [];
  const receivedSince = (since) => received.slice(since);
  window.onHeapCall = ({ method, args }) => {
    received.push(method === 'track' ? args[0] : `heap.${method}`);
    const li = document.createElement('li');
    const [first, props] = method === 'track' ? args : [method, args[0]];
    const title = document.createElement('div');
    title.className = 'name';
    title.textContent = method === 'track' ? first : '';
    const tag = document.createElement('span');
    tag.className = 'method';
    tag.textContent = method === 'track' ? '  heap.track' : `heap.${method}`;
    title.appendChild(tag);
    li.appendChild(title);
    if (props && typeof props === 'object') {
      const table = document.createElement('table');
      for (const [key, value] of Object.entries(props)) {
        const row = table.insertRow();
        row.insertCell().textContent = key;
        row.insertCell().textContent = JSON.stringify(value);
      }
      li.appendChild(table);
    } else if (props !== undefined) {
      li.appendChild(document.createTextNode(JSON.stringify(props)));
    }
    $('calls').prepend(li);
    $('count').textContent = String(++count);
  };
  const tee = (heap) => {
    if (!heap || typeof heap.track !== 'function') return undefined;
    const view = {};
    for (const method of [
      'track',
      'addEventProperties',
      'removeEventProperty',
      'addUserProperties',
      'identify',
      'resetIdentity',
    ]) {
      view[method] = (...args) => {
        window.onHeapCall({ method, args });
        heap[method](...args);
      };
    }
    return view;
  };

  const plugin = new StatsigHeap.StatsigHeapPlugin({
    eventProperties: true,
    ...(cfg.real && { heap: () => tee(window.heap) }),
  });
  const client = new Statsig.StatsigClient(cfg.clientKey, users[current], {
    plugins: [plugin],
    // Real names in the initialize events (README, "Hashed values").
    networkConfig: {
      initializeHashAlgorithm: 'none',
      ...(!cfg.real && { api: `${location.origin}/v1` }),
    },
    ...(!cfg.real && { disableStatsigEncoding: true, disableCompression: true }),
  });
  window.demo = { client, plugin, users };

  const show = (text) => {
    $('result').textContent = text;
    $('stats').textContent = JSON.stringify(plugin.getStats());
  };
  const showUser = () => {
    $('user').textContent = `${users[current].userID} (${users[current].custom?.plan} plan)`;
  };
  showUser();
  /** Says what Heap received for an action, from the calls themselves. */
  const heapSays = (before) => {
    const names = receivedSince(before);
    return names.length ? `Heap received: ${names.join(', ')}.` : 'Heap received nothing.';
  };
  const start = received.length;
  client.initializeAsync().then(() => show(`Statsig is ready. ${heapSays(start)}`));

  /** Runs one app action and says what it returned and what Heap received for it. */
  const act = (id, action) => {
    $(id).onclick = () => {
      const before = received.length;
      show(`${action()}. ${heapSays(before)}`);
    };
  };
  act('check-gate', () => `new_checkout_flow → ${client.checkGate('new_checkout_flow')}`);
  act('read-experiment', () => {
    const exp = client.getExperiment('checkout_button_color');
    return `checkout_button_color → group ${exp.groupName}, color ${exp.get('color', '')}`;
  });
  act(
    'read-layer',
    () => `homepage_layer.hero_title → ${client.getLayer('homepage_layer').get('hero_title', '')}`,
  );
  act(
    'read-config',
    () => `app_settings.max_items → ${client.getDynamicConfig('app_settings').get('max_items', 0)}`,
  );
  act('log-event', () => {
    client.logEvent('add_to_cart', 29.99, { sku: 'SKU-1042', currency: 'USD' });
    return 'logEvent add_to_cart';
  });
  $('switch-user').onclick = async () => {
    current = (current + 1) % users.length;
    showUser();
    const before = received.length;
    await client.updateUserAsync(users[current]);
    show(`Now ${users[current].userID}. ${heapSays(before)}`);
  };
  setInterval(() => ($('stats').textContent = JSON.stringify(plugin.getStats())), 500);
})();
