import { describe, expect, test } from 'vitest';
import { bundledSize, fileSize, JS_CLIENT_ENTRY } from './support/bundle-size';

// Every byte ships on every page view. Budgets, gzip -9 (npm run build first; npm test does).
//
// The targets set for this package are 3,072 bytes (script tag) and 2,560 bytes (ESM). With
// every feature of the contract (both adapters, first exposures, experiment properties,
// identify, consent, Heap's limits, the fallback path) the code measures about 4.2 and
// 3.7 KiB after a compaction pass: the targets are not met, and these budgets only stop
// growth. Lower them as the code shrinks; raise them only with a reason in the commit.
const IIFE_BUDGET = 4300;
const ESM_BUDGET = 3850;

describe('size budgets', () => {
  test(`script-tag IIFE with both adapters: at most ${IIFE_BUDGET} bytes gzipped`, () => {
    const size = fileSize('dist/statsig-heap.min.js');
    console.info(`[size] IIFE ${size.raw} B raw, ${size.gzip} B gzipped (target 3072)`);
    expect(size.gzip).toBeLessThanOrEqual(IIFE_BUDGET);
  });

  test(`ESM for @statsig/js-client users, tree-shaken: at most ${ESM_BUDGET} bytes gzipped`, async () => {
    const size = await bundledSize(JS_CLIENT_ENTRY);
    console.info(
      `[size] ESM (js-client only) ${size.raw} B raw, ${size.gzip} B gzipped (target 2560)`,
    );
    expect(size.gzip).toBeLessThanOrEqual(ESM_BUDGET);
    // Tree-shaking works: the legacy adapter is not in a js-client user's bundle.
    const both = await bundledSize(
      "export { StatsigHeapPlugin, wrapStatsig } from 'statsig-heap';",
    );
    expect(both.gzip).toBeGreaterThan(size.gzip + 150);
  });
});
