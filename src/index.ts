export type {
  ConsentState,
  DedupeMode,
  HeapGlobal,
  HeapGlobalValue,
  HeapLike,
  HeapProperties,
  HeapPropertyValue,
  HeapState,
  StatsigHeapConfig,
  StatsigHeapEvent,
  StatsigHeapEventKind,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
export { StatsigHeapPlugin } from './statsig-client-plugin';
export { wrapStatsig } from './statsig-js-wrapper';
export { version } from './version';
