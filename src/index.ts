export type {
  ConsentState,
  DedupeMode,
  HeapLike,
  HeapProperties,
  HeapPropertyValue,
  HeapState,
  StatsigHeapEvent,
  StatsigHeapEventKind,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
export { StatsigHeapPlugin } from './statsig-client-plugin';
export { wrapStatsig } from './statsig-js-wrapper';
export { version } from './version';
