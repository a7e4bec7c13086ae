import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatsigClient } from '@statsig/js-client';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin } from '../src';
import { installClassicSnippet, loadHeapLibrary, removeHeap } from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const clients: StatsigClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  removeHeap();
});

describe('the built bundles (npm run build first)', () => {
  const files = readdirSync(dist).filter((f) => /\.(m?js|cjs)$/.test(f));
  test('exist: ESM, CJS and the two script-tag IIFEs', () => {
    expect(files.sort()).toEqual([
      'index.cjs',
      'index.mjs',
      'statsig-heap-legacy.min.js',
      'statsig-heap.min.js',
    ]);
  });
  test.each(files)(
    '%s has no eval, no Function constructor, no script injection, no cookies',
    (file) => {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const pattern of [
        /\beval\s*\(/,
        /\bnew\s+Function\b/,
        /[^.\w]Function\s*\(/,
        /document\.write/,
        /innerHTML|outerHTML|insertAdjacentHTML/,
        /createElement\s*\(\s*['"`]script/,
        /\.cookie\b/,
        /setTimeout\s*\(\s*['"`]/,
        /\bimport\s*\(/,
      ]) {
        expect(code, `${file} matches ${pattern}`).not.toMatch(pattern);
      }
    },
  );
});

describe('at run time', () => {
  test('reads no cookie, touches no storage without dedupe, and only its own keys with it', () => {
    const cookie = vi.fn();
    const original = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(document, 'cookie', {
      configurable: true,
      get: () => {
        cookie();
        return '';
      },
      set: () => cookie(),
    });
    const touched: string[] = [];
    const ourSources = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
    const ours = (key: string) => {
      // Only calls made directly by the plugin's own code count: the SDK has storage of its own.
      const caller = (new Error().stack ?? '')
        .split('\n')
        .slice(1)
        .find((line) => !line.includes('security.test.ts') && !line.includes('@vitest'));
      if (caller?.includes(ourSources)) touched.push(key);
    };
    const { getItem, setItem, removeItem } = Storage.prototype;
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(function (
      this: Storage,
      key: string,
    ) {
      ours(key);
      return getItem.call(this, key);
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (
      this: Storage,
      key: string,
      value: string,
    ) {
      ours(key);
      setItem.call(this, key, value);
    });
    vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(function (
      this: Storage,
      key: string,
    ) {
      ours(key);
      removeItem.call(this, key);
    });
    installClassicSnippet();
    loadHeapLibrary();
    const touchedBy: Record<string, number> = {};
    for (const dedupe of ['sdk', 'first', 'session'] as const) {
      const plugin = new StatsigHeapPlugin({
        dedupe,
        eventProperties: true,
        userProperties: true,
        identify: true,
      });
      const client = bootstrapClient([plugin]);
      clients.push(client);
      client.checkGate('new_checkout_flow');
      client.getExperiment('checkout_button_color');
      client.logEvent('e');
      client.dataAdapter.setData(
        JSON.stringify(initializeResponse({ user: USER_2, variant: 'b' })),
      );
      client.updateUserSync(USER_2);
      client.checkGate('new_checkout_flow');
      client.dataAdapter.setData(JSON.stringify(initializeResponse({ user: USER })));
      plugin.flush(); // storage is touched in the plugin's own task
      touchedBy[dedupe] = touched.length;
    }
    if (original) Object.defineProperty(document, 'cookie', original);
    delete (document as unknown as Record<string, unknown>)['cookie'];
    expect(cookie).not.toHaveBeenCalled();
    expect(touchedBy['sdk']).toBe(0); // only dedupe stores anything (README)
    expect(touched.length).toBeGreaterThan(0);
    expect([...new Set(touched)].sort()).toEqual(['statsig-heap:first', 'statsig-heap:session']);
  });
});
