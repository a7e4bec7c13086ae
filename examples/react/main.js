// React with @statsig/react-bindings. The plugin is created once, at module scope:
// useClientAsyncInit reuses its client for the same key and ignores later options.
import {
  StatsigProvider,
  useClientAsyncInit,
  useExperiment,
  useStatsigClient,
} from '@statsig/react-bindings';
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { StatsigHeapPlugin } from 'statsig-heap';

const heapPlugin = new StatsigHeapPlugin({ eventProperties: true });

function Checkout() {
  const experiment = useExperiment('checkout_button_color');
  const { client } = useStatsigClient();
  return h(
    'button',
    { id: 'buy', type: 'button', onClick: () => client.logEvent('add_to_cart', 29.99) },
    `Buy (${experiment.get('color', 'grey')})`,
  );
}

function App() {
  const { client } = useClientAsyncInit(
    'client-demo-local',
    { userID: 'erin' },
    {
      plugins: [heapPlugin],
      // initializeHashAlgorithm: real names in the initialize events; api: omit on your site
      networkConfig: { initializeHashAlgorithm: 'none', api: `${location.origin}/v1` },
    },
  );
  return h(StatsigProvider, { client, loadingComponent: h('p', null, 'Loading…') }, h(Checkout));
}

createRoot(document.getElementById('root')).render(h(App));
