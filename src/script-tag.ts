// Script-tag entry for @statsig/js-client and the on-device client: the IIFE bundle adds its
// names to window.StatsigHeap. npm users import index.ts instead, so the package itself stays
// free of side effects.
import { exportToWindow } from './script-tag-global';
import { StatsigHeapPlugin } from './statsig-client-plugin';

exportToWindow({ StatsigHeapPlugin });
