// The npm / ESM way: both packages imported, bundled by your bundler (here: rollup).
import { StatsigClient } from '@statsig/js-client';
import { StatsigHeapPlugin } from 'statsig-heap';

const heapPlugin = new StatsigHeapPlugin({ dedupe: 'session', eventProperties: true });

const client = new StatsigClient(
  'client-demo-local',
  { userID: 'dave', custom: { plan: 'pro' } },
  {
    plugins: [heapPlugin],
    networkConfig: {
      initializeHashAlgorithm: 'none', // real names in the initialize events
      api: `${location.origin}/v1`, // omit on your site
    },
  },
);

window.ready = client.initializeAsync();
document.getElementById('experiment').onclick = () => client.getExperiment('checkout_button_color');
document.getElementById('event').onclick = () => client.logEvent('add_to_cart', 29.99);
window.heapPlugin = heapPlugin;
