'use client';
// The client component that owns the plugin. A plugin instance cannot cross from a server
// component to a client one (props must be plain data), which is why Statsig's own
// @statsig/next provider cannot carry it: the server hands over the user and the values, and
// this component, in the browser, makes the client with the plugin.
import type { StatsigUser } from '@statsig/js-client';
import { StatsigProvider, useClientBootstrapInit } from '@statsig/react-bindings';
import type { ReactNode } from 'react';
import { StatsigHeapPlugin } from 'statsig-heap';

// Once, at module scope: useClientBootstrapInit keeps its first client for the key.
const heapPlugin = new StatsigHeapPlugin({ eventProperties: true });

export function StatsigHeapProvider(props: {
  clientKey: string;
  user: StatsigUser;
  values: string;
  /** Local stand-in only (npm run demo); leave it out on your site. */
  api?: string | undefined;
  children: ReactNode;
}) {
  const client = useClientBootstrapInit(props.clientKey, props.user, props.values, {
    plugins: [heapPlugin],
    enableCookies: true, // the stableID cookie the server reads on the next request
    ...(props.api && { networkConfig: { api: props.api } }),
  });
  return <StatsigProvider client={client}>{props.children}</StatsigProvider>;
}
