// Script-tag entry: the IIFE bundle sets window.StatsigHeap. npm users import index.ts instead,
// so the package itself stays free of side effects.
import { getWindow } from './environment';
import { StatsigHeapPlugin } from './statsig-client-plugin';
import { wrapStatsig } from './statsig-js-wrapper';
import { version } from './version';

const win = getWindow() as (Window & { StatsigHeap?: unknown }) | undefined;
if (win) win.StatsigHeap = { StatsigHeapPlugin, wrapStatsig, version };
