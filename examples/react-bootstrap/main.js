// React with bootstrapped values: the server wrote the user and the values into the page
// (window.STATSIG_BOOTSTRAP, made by examples/bootstrap/bootstrap.mjs with statsig-node), and
// useClientBootstrapInit makes the client ready at once, with no request to Statsig. The
// plugin is created once, at module scope: the hook keeps its first client for the key.
import {
  StatsigProvider,
  useClientBootstrapInit,
  useGateValue,
  useStatsigClient,
} from '@statsig/react-bindings';
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { StatsigHeapPlugin } from 'statsig-heap';

const heapPlugin = new StatsigHeapPlugin();
const { user, values } = window.STATSIG_BOOTSTRAP;

function Checkout() {
  const newCheckout = useGateValue('new_checkout_flow');
  const { client } = useStatsigClient();
  return h(
    'button',
    { id: 'buy', type: 'button', onClick: () => client.logEvent('add_to_cart', 29.99) },
    newCheckout ? 'Buy (new checkout)' : 'Buy',
  );
}

function App() {
  const client = useClientBootstrapInit('client-demo-local', user, JSON.stringify(values), {
    plugins: [heapPlugin],
    enableCookies: true, // the stableID cookie the server reads on the next request
    networkConfig: { api: `${location.origin}/v1` }, // logging only; omit on your site
  });
  return h(StatsigProvider, { client }, h(Checkout));
}

createRoot(document.getElementById('root')).render(h(App));
