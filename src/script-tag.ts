// Script-tag entry for @statsig/js-client and the on-device client: the IIFE bundle adds its
// names to window.StatsigHeap, and with the zero-code switch (auto) binds every client on the
// page. npm users import index.ts instead, so the package itself stays free of side effects.
import { autoConfig, bindEveryClient } from './auto';
import { exportToWindow } from './script-tag-global';
import { StatsigHeapPlugin } from './statsig-client-plugin';

const config = autoConfig();
exportToWindow(
  config ? { StatsigHeapPlugin, auto: bindEveryClient(config) } : { StatsigHeapPlugin },
);
