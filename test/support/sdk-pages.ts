import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error jsdom ships no types; only its constructor is used here
import { JSDOM } from 'jsdom';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A file of an installed package (an npm alias such as `js-client-3-0` works too). */
export const packageFile = (path: string) => readFileSync(require.resolve(path), 'utf8');
/**
 * A script-tag bundle as built (`npm run build` first; `npm test` does it): the js-client
 * family's, or with `legacy` the statsig-js one.
 */
export const scriptTagBundle = (family: 'js-client' | 'legacy' = 'js-client') =>
  readFileSync(
    join(
      root,
      family === 'legacy' ? 'dist/statsig-heap-legacy.min.js' : 'dist/statsig-heap.min.js',
    ),
    'utf8',
  );
/** The npm entry of an installed package, as a bundler would resolve it. */
export const npmEntry = <T>(name: string): T => require(name) as T;

/** Heap's classic snippet as a page has it, minus the script tag that would reach the CDN. */
export const CLASSIC_SNIPPET = `window.heap=window.heap||[],heap.load=function(e,t){window.heap.appid=e,window.heap.config=t=t||{};for(var n=function(e){return function(){heap.push([e].concat(Array.prototype.slice.call(arguments,0)))}},p=["addEventProperties","addUserProperties","clearEventProperties","identify","resetIdentity","removeEventProperty","setEventProperties","track","unsetEventProperty"],o=0;o<p.length;o++)heap[p[o]]=n(p[o])};heap.load("1234567890");`;

export type PageWindow = Window & typeof globalThis & Record<string, any>;

/**
 * A page of its own realm, as a script-tag user has it: each script runs in order. `fetch` is
 * Node's (jsdom has none), so an SDK in the page reaches a stand-in on 127.0.0.1.
 */
export function page(scripts: string[]): PageWindow {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    runScripts: 'dangerously',
    url: 'https://shop.example/',
  });
  dom.window.fetch = fetch;
  for (const text of scripts) {
    const script = dom.window.document.createElement('script');
    script.textContent = text;
    dom.window.document.head.appendChild(script);
  }
  return dom.window as PageWindow;
}
