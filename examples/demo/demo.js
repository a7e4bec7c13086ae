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
  const lateHeap = /[?&]lateHeap=(1|manual)/.test(location.search);
  document.getElementById('mode').textContent =
    (cfg.real ? 'real Statsig + Heap' : 'local stand-ins') + (lateHeap ? ', Heap loads late' : '');

  // Heap's calls, live. Locally the Heap stand-in reports them; with the real Heap the
  // plugin's `heap` option is given a view that shows each call and passes it on.
  let count = 0;
  /** The names of the calls Heap received since `since` (a count): what the messages say. */
  const received = [];
  const receivedSince = (since) => received.slice(since);
  /** The last message: what the app did and the count of Heap's calls before it. */
  let last;
  let arrivalQueued = false;
  /** Text that may wrap after `_`, `.`, `(` and `:` (names are long; never mid-word). */
  const breakable = (text) => {
    const fragment = document.createDocumentFragment();
    for (const part of String(text).split(/(?<=[_.(:,])/)) {
      if (fragment.childNodes.length) fragment.appendChild(document.createElement('wbr'));
      fragment.appendChild(document.createTextNode(part));
    }
    return fragment;
  };
  for (const button of document.querySelectorAll('.buttons button')) {
    button.replaceChildren(breakable(button.textContent));
  }
  window.onHeapCall = ({ method, args }) => {
    received.push(method === 'track' ? args[0] : `heap.${method}`);
    const li = document.createElement('li');
    const [first, props] = method === 'track' ? args : [undefined, args[0]];
    const title = document.createElement('div');
    title.className = 'name';
    const tag = document.createElement('span');
    tag.className = 'method';
    tag.textContent = method === 'track' ? 'heap.track ' : `heap.${method}`;
    title.appendChild(tag);
    if (first !== undefined) title.appendChild(breakable(first));
    li.appendChild(title);
    if (props && typeof props === 'object') {
      const table = document.createElement('table');
      for (const [key, value] of Object.entries(props)) {
        const row = table.insertRow();
        row.insertCell().appendChild(breakable(key));
        row.insertCell().appendChild(breakable(JSON.stringify(value)));
      }
      li.appendChild(table);
    } else if (props !== undefined) {
      // A plain argument (removeEventProperty's name): in the list's own font, like the rest.
      const arg = document.createElement('div');
      arg.className = 'arg';
      arg.appendChild(breakable(JSON.stringify(props)));
      li.appendChild(arg);
    }
    $('calls').prepend(li);
    $('count').textContent = String(++count);
    onArrival();
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
    // Real names in the initialize events (docs/what-arrives-in-heap.md, "Hashed values").
    networkConfig: {
      initializeHashAlgorithm: 'none',
      ...(!cfg.real && { api: `${location.origin}/v1` }),
    },
    ...(!cfg.real && { disableStatsigEncoding: true, disableCompression: true }),
  });
  window.demo = { client, plugin, users };

  const showStats = () => {
    const stats = plugin.getStats();
    $('stats').textContent = Object.entries(stats)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
  };
  const show = (text) => {
    $('result').textContent = text;
    showStats();
  };
  const showUser = () => {
    $('user').textContent = `${users[current].userID} (${users[current].custom?.plan} plan)`;
  };
  showUser();
  /**
   * Says what Heap received for an action, from the calls themselves. The plugin hands calls
   * to Heap in a task of its own, just after the app's: the line is said again as they arrive.
   */
  const heapSays = (before) => {
    const names = receivedSince(before);
    if (names.length) return `Heap received: ${names.join(', ')}.`;
    const { pending, heap } = plugin.getStats();
    if (pending && heap === 'absent') {
      return `Heap received nothing yet: the plugin holds ${pending} call${pending === 1 ? '' : 's'} until Heap's snippet is there.`;
    }
    return pending ? 'Heap receives it in a moment.' : 'Heap received nothing.';
  };
  const say = (action, before) => {
    const held = receivedSince(before).length === 0 && plugin.getStats().heap === 'absent';
    last = { action, before, held };
    show(`${action}. ${heapSays(before)}`);
  };
  /**
   * Calls that reach Heap after the message was said replace it, once a tick; calls held
   * until Heap's snippet came say so.
   */
  function onArrival() {
    if (arrivalQueued || !last) return;
    arrivalQueued = true;
    queueMicrotask(() => {
      arrivalQueued = false;
      const names = receivedSince(last.before).join(', ');
      show(
        last.held
          ? `Heap's snippet is there: it received the held calls, in order: ${names}.`
          : `${last.action}. ${heapSays(last.before)}`,
      );
    });
  }
  client.initializeAsync().then(() => say('Statsig is ready', 0));

  /** Runs one app action and says what it returned and what Heap received for it. */
  const act = (id, action) => {
    $(id).onclick = () => {
      const before = received.length;
      say(action(), before);
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
    say(`Now ${users[current].userID}`, before);
  };
})();
